package dev.bondify.project;

import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

import dev.bondify.system.RandomTokens;

/**
 * Checks a project secret key with one constant-time comparison: against the cached
 * project the request names, or (on the proof check, which names none) against the
 * project found by the key's hash. Every mismatch is the same 401, so a wrong key says
 * nothing about whether the project exists.
 */
class ProjectClientAuthenticationProvider implements AuthenticationProvider {

	static final String KEY_REQUIRED = "A project secret key is required: Authorization: Bearer sk_….";

	static final String KEY_NOT_VALID_FOR_PROJECT = "The secret key is not valid for this project.";

	static final String KEY_NOT_VALID = "The secret key is not valid.";

	private final ProjectCache projects;

	private final ProjectRepository repository;

	private final KeyComparison comparison;

	ProjectClientAuthenticationProvider(ProjectCache projects, ProjectRepository repository, KeyComparison comparison) {
		this.projects = projects;
		this.repository = repository;
		this.comparison = comparison;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		ProjectClientAuthentication request = (ProjectClientAuthentication) authentication;
		String key = (String) request.getCredentials();
		if (key == null || key.isBlank()) {
			throw new BadCredentialsException(KEY_REQUIRED);
		}
		String projectId = request.claimedProjectId();
		Optional<Project> candidate = (projectId != null) ? this.projects.find(projectId)
				: this.repository.findBySecretKeyHash(RandomTokens.sha256(key));
		Project project = candidate.filter(found -> this.comparison.matches(found.getSecretKey(), key))
			.orElseThrow(
					() -> new BadCredentialsException((projectId != null) ? KEY_NOT_VALID_FOR_PROJECT : KEY_NOT_VALID));
		return ProjectClientAuthentication.admitted(new ProjectClient(ProjectClient.Kind.SECRET_KEY, project.getId(),
				project.getDeveloperId(), project.isSandbox(), request.origin()));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ProjectClientAuthentication.class.isAssignableFrom(authentication);
	}

	/**
	 * The one comparison of a presented key with a stored one (constant time); a seam so
	 * a test can count the comparisons of a request.
	 */
	@FunctionalInterface
	interface KeyComparison {

		KeyComparison CONSTANT_TIME = RandomTokens::constantTimeEquals;

		boolean matches(String stored, String presented);

	}

}
