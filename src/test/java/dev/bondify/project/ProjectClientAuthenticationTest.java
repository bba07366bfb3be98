package dev.bondify.project;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.bondify.access.AdmissionFailures;
import dev.bondify.system.RandomTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * The session surface's converter and provider together, on mock requests: who is
 * admitted, with exactly one key comparison per secret-key request, and what a refusal
 * records.
 */
class ProjectClientAuthenticationTest {

	private final Project project = new Project("dev_owner", "Shop", false, Instant.EPOCH);

	private final Project other = new Project("dev_other", "Other", true, Instant.EPOCH);

	private final ProjectCache cache = mock(ProjectCache.class);

	private final ProjectRepository repository = mock(ProjectRepository.class);

	/** Every comparison the provider makes: (stored, presented). */
	private final List<String[]> comparisons = new ArrayList<>();

	private ProjectClientFilter filter;

	@BeforeEach
	void setUp() {
		given(this.cache.find(any())).willReturn(Optional.empty());
		given(this.cache.find(this.project.getId())).willReturn(Optional.of(this.project));
		given(this.cache.find(this.other.getId())).willReturn(Optional.of(this.other));
		given(this.repository.findBySecretKeyHash(any())).willReturn(Optional.empty());
		ProjectClientAuthenticationProvider provider = new ProjectClientAuthenticationProvider(this.cache,
				this.repository, (stored, presented) -> {
					this.comparisons.add(new String[] { stored, presented });
					return RandomTokens.constantTimeEquals(stored, presented);
				});
		this.filter = new ProjectClientFilter(new ProviderManager(provider), JsonMapper.builder().build(), null);
	}

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void theRightKeyAdmitsTheProjectWithOneComparison() throws Exception {
		Seen seen = send(post("/api/v1/generate", this.project.getId(), "Bearer " + this.project.getSecretKey(),
				"https://Shop.Example.com:443"));

		assertThat(seen.client()).isEqualTo(new ProjectClient(ProjectClient.Kind.SECRET_KEY, this.project.getId(),
				"dev_owner", false, "https://shop.example.com"));
		assertThat(seen.authentication().getName()).isEqualTo(this.project.getId());
		assertThat(seen.authentication().isAuthenticated()).isTrue();
		assertThat(seen.authentication().getCredentials()).as("no key kept after the check").isNull();
		assertThat(this.comparisons).hasSize(1);
		assertThat(seen.failure()).isNull();
		assertThat(new String(seen.request().getInputStream().readAllBytes(), StandardCharsets.UTF_8))
			.as("the controller still reads the whole body")
			.isEqualTo("{\"project_id\":\"" + this.project.getId() + "\"}");
	}

	@Test
	void aWrongKeyIsOneComparisonAndARecordedRefusal() throws Exception {
		Seen seen = send(
				post("/api/v1/verify", this.project.getId(), "Bearer " + this.project.getSecretKey() + "x", null));

		assertThat(seen.client()).isNull();
		assertThat(this.comparisons).hasSize(1);
		assertThat(seen.failure()).hasMessage(ProjectClientAuthenticationProvider.KEY_NOT_VALID_FOR_PROJECT);
		assertThat(seen.chainRan()).as("answered after the rate limit, not here").isTrue();
	}

	@Test
	void anotherProjectsKeyIsRefusedAfterOneComparisonWithThisProjectsKey() throws Exception {
		Seen seen = send(post("/api/v1/generate", this.project.getId(), "Bearer " + this.other.getSecretKey(), null));

		assertThat(seen.client()).isNull();
		assertThat(this.comparisons).singleElement()
			.satisfies(pair -> assertThat(pair[0]).isEqualTo(this.project.getSecretKey()));
		assertThat(seen.failure()).hasMessage(ProjectClientAuthenticationProvider.KEY_NOT_VALID_FOR_PROJECT);
	}

	@Test
	void aMissingOrNonBearerKeyIsRefusedWithoutAComparison() throws Exception {
		for (String authorization : new String[] { null, "Bearer ", "Basic " + this.project.getSecretKey() }) {
			Seen seen = send(post("/api/v1/exchange", this.project.getId(), authorization, null));
			assertThat(seen.client()).isNull();
			assertThat(seen.failure()).hasMessage(ProjectClientAuthenticationProvider.KEY_REQUIRED);
		}
		assertThat(this.comparisons).isEmpty();
	}

	@Test
	void aKeyForAnUnknownProjectIsTheSameRefusal() throws Exception {
		Seen seen = send(post("/api/v1/generate", "proj_unknown00000", "Bearer " + this.project.getSecretKey(), null));

		assertThat(seen.failure()).hasMessage(ProjectClientAuthenticationProvider.KEY_NOT_VALID_FOR_PROJECT);
		assertThat(this.comparisons).isEmpty();
	}

	@Test
	void theProofCheckFindsTheProjectByTheKeysHashAndComparesOnce() throws Exception {
		given(this.repository.findBySecretKeyHash(any())).willReturn(Optional.of(this.other));
		MockHttpServletRequest request = post("/api/v1/proof/verify", null, "Bearer " + this.other.getSecretKey(),
				null);
		request.setContent("{\"proof\":\"x\"}".getBytes(StandardCharsets.UTF_8));

		Seen seen = send(request);

		assertThat(seen.client().projectId()).isEqualTo(this.other.getId());
		assertThat(seen.client().sandbox()).isTrue();
		assertThat(this.comparisons).hasSize(1);
		then(this.cache).should(never()).find(any());
	}

	@Test
	void aPublicCallerIsAdmittedWithItsNormalisedOriginAndNoKeyCheck() throws Exception {
		Seen seen = send(
				post("/api/v1/generate/public", this.project.getId(), "Bearer sk_ignored", "HTTPS://App.Example.COM/"));

		assertThat(seen.client()).isEqualTo(ProjectClient.publicCaller("https://app.example.com"));
		assertThat(seen.authentication().isAuthenticated()).as("a public caller is no principal of its own").isFalse();
		assertThat(this.comparisons).isEmpty();
	}

	@Test
	void aBodyWithoutAProjectIsLeftToTheControllersValidation() throws Exception {
		for (String body : new String[] { "", "not json", "[]", "{\"project_id\":7}", "{\"project_id\":\" \"}" }) {
			MockHttpServletRequest request = post("/api/v1/generate", null, "Bearer " + this.project.getSecretKey(),
					null);
			request.setContent(body.getBytes(StandardCharsets.UTF_8));
			Seen seen = send(request);
			assertThat(seen.chainRan()).isTrue();
			assertThat(seen.failure()).isNull();
			assertThat(seen.client()).isNull();
			assertThat(new String(seen.request().getInputStream().readAllBytes(), StandardCharsets.UTF_8))
				.isEqualTo(body);
		}
		assertThat(this.comparisons).isEmpty();
	}

	private MockHttpServletRequest post(String path, String projectId, String authorization, String origin) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		request.setContentType("application/json");
		if (projectId != null) {
			request.setContent(("{\"project_id\":\"" + projectId + "\"}").getBytes(StandardCharsets.UTF_8));
		}
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		if (origin != null) {
			request.addHeader("Origin", origin);
		}
		return request;
	}

	private Seen send(MockHttpServletRequest request) throws Exception {
		SecurityContextHolder.clearContext();
		this.comparisons.clear();
		AtomicReference<HttpServletRequest> forwarded = new AtomicReference<>();
		AtomicReference<Authentication> authentication = new AtomicReference<>();
		MockFilterChain chain = new MockFilterChain() {
			@Override
			public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
				forwarded.set((HttpServletRequest) req);
				authentication.set(SecurityContextHolder.getContext().getAuthentication());
			}
		};
		this.filter.doFilter(request, new MockHttpServletResponse(), chain);
		HttpServletRequest seenRequest = forwarded.get();
		return new Seen(seenRequest, authentication.get(),
				(seenRequest != null) ? AdmissionFailures.find(seenRequest) : null);
	}

	/** What the rest of the chain saw. */
	private record Seen(HttpServletRequest request, Authentication authentication, Exception failure) {

		boolean chainRan() {
			return this.request != null;
		}

		ProjectClient client() {
			return (this.authentication != null && this.authentication.getPrincipal() instanceof ProjectClient client)
					? client : null;
		}

	}

}
