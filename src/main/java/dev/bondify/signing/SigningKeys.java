package dev.bondify.signing;

import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import org.springframework.stereotype.Component;

/**
 * Placeholder for the oidc branch: one EC P-256 signing key generated in memory at start
 * (the signing branch replaces it with persisted, encrypted, rotated keys).
 */
@Component
public class SigningKeys {

	private final ECKey current;

	SigningKeys() {
		try {
			this.current = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES256)
				.keyID(UUID.randomUUID().toString())
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot generate an EC P-256 key", ex);
		}
	}

	/** The key that signs now, with its private part. */
	public ECKey current() {
		return this.current;
	}

	/** The public keys a verifier may meet. */
	public JWKSet publishedKeys() {
		return new JWKSet(this.current.toPublicJWK());
	}

}
