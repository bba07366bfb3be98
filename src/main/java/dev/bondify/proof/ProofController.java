package dev.bondify.proof;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bondify.project.ProjectClient;

/**
 * {@code POST /api/v1/proof/verify}: the app's server checks a proof once, with its
 * secret key (checked at the door: the request's {@link ProjectClient}).
 */
@RestController
class ProofController {

	private final ProofVerification verification;

	ProofController(ProofVerification verification) {
		this.verification = verification;
	}

	@PostMapping(path = "/api/v1/proof/verify", consumes = "application/json")
	ProofResponse verify(@AuthenticationPrincipal ProjectClient client, @Valid @RequestBody ProofRequest request) {
		return new ProofResponse(true, this.verification.verifyOnce(client, request.proof()));
	}

	record ProofRequest(@NotBlank @Size(max = 8192) String proof) {
	}

	record ProofResponse(boolean valid, Map<String, Object> claims) {
	}

}
