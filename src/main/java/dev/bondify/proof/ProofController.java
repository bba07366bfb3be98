package dev.bondify.proof;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.bondify.access.BearerTokens;

/**
 * {@code POST /api/v1/proof/verify}: the app's server checks a proof once, with its
 * secret key.
 */
@RestController
class ProofController {

	private final ProofVerification verification;

	ProofController(ProofVerification verification) {
		this.verification = verification;
	}

	@PostMapping(path = "/api/v1/proof/verify", consumes = "application/json")
	ProofResponse verify(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			@Valid @RequestBody ProofRequest request) {
		return new ProofResponse(true,
				this.verification.verifyOnce(BearerTokens.extract(authorization), request.proof()));
	}

	record ProofRequest(@NotBlank @Size(max = 8192) String proof) {
	}

	record ProofResponse(boolean valid, Map<String, Object> claims) {
	}

}
