package dev.bondify.sandbox;

import org.springframework.stereotype.Component;

import dev.bondify.project.Project;
import dev.bondify.session.LinkTarget;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.PublicUrl;

/**
 * Deeplinks of sandbox projects: this server's sandbox page,
 * {@code <public URL or request base>/sandbox/telegram?start=<link code>}, unless the
 * sandbox is switched off.
 */
@Component
class SandboxLinkTarget implements LinkTarget {

	private final SandboxProperties sandbox;

	private final String publicUrl;

	SandboxLinkTarget(SandboxProperties sandbox, PublicUrl publicUrl) {
		this.sandbox = sandbox;
		this.publicUrl = publicUrl.value();
	}

	@Override
	public boolean serves(Project project) {
		return project.isSandbox();
	}

	@Override
	public void checkAvailable() {
		if (!this.sandbox.enabled()) {
			throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
					"Sandbox projects are disabled on this server (BONDIFY_SANDBOX_ENABLED=false).");
		}
	}

	@Override
	public String deeplink(Project project, String linkCode, String requestBaseUrl) {
		String base = this.publicUrl.isEmpty() ? requestBaseUrl : this.publicUrl;
		return base + "/sandbox/telegram?start=" + linkCode;
	}

}
