package dev.bondify.signing;

import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The signing keys as Nimbus sees them. A selector that names no key type (the JWKS
 * endpoint's "everything") gets the published public keys; one that asks for a key type
 * but no {@code kid} is a signer ({@code NimbusJwtEncoder} refuses a choice of several
 * keys) and gets the current key alone, private part included; one with a {@code kid} (a
 * verifier) gets that key if it is published. The JWKS endpoint serialises public parts
 * only.
 */
final class SigningJwkSource implements JWKSource<SecurityContext> {

	private final SigningKeys keys;

	SigningJwkSource(SigningKeys keys) {
		this.keys = keys;
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) {
		JWKMatcher matcher = selector.getMatcher();
		if (matcher.getKeyTypes() == null || matcher.getKeyTypes().isEmpty()) {
			return selector.select(this.keys.publishedKeys());
		}
		if (matcher.getKeyIDs() == null || matcher.getKeyIDs().isEmpty()) {
			return selector.select(new JWKSet(this.keys.current()));
		}
		// The current key keeps its private part, so a signer that names it still can
		// sign.
		List<ECKey> published = this.keys.published();
		List<JWK> ring = new ArrayList<>();
		for (int i = 0; i < published.size(); i++) {
			ring.add((i == 0) ? published.get(0) : published.get(i).toPublicJWK());
		}
		return selector.select(new JWKSet(ring));
	}

}
