package dev.bondify.signing;

import java.nio.charset.StandardCharsets;
import java.security.Signature;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deterministic ES256: valid for standard verifiers, the same bytes for the same input
 * and key, different for anything else.
 */
class DeterministicEs256Test {

	private final ECKey key = SigningKeys.generate();

	@Test
	void signatureVerifiesWithTheJdkAndWithNimbus() throws Exception {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.key.getKeyID()).build();
		Payload payload = new Payload("{\"sub\":\"42\"}");
		String signingInput = header.toBase64URL() + "." + payload.toBase64URL();
		byte[] signature = DeterministicEs256.sign(this.key, signingInput.getBytes(StandardCharsets.US_ASCII));
		assertThat(signature).hasSize(64);

		Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
		jdk.initVerify(this.key.toECPublicKey());
		jdk.update(signingInput.getBytes(StandardCharsets.US_ASCII));
		assertThat(jdk.verify(signature)).isTrue();

		JWSObject jws = JWSObject.parse(signingInput + "." + Base64URL.encode(signature));
		assertThat(jws.verify(new ECDSAVerifier(this.key.toPublicJWK()))).isTrue();
		assertThat(jws.verify(new ECDSAVerifier(SigningKeys.generate().toPublicJWK()))).isFalse();
	}

	@Test
	void sameInputAndKeyGiveTheSameBytesAnythingElseDiffers() {
		byte[] input = "header.payload".getBytes(StandardCharsets.US_ASCII);
		byte[] once = DeterministicEs256.sign(this.key, input);
		assertThat(DeterministicEs256.sign(this.key, input)).isEqualTo(once);
		byte[] otherMessage = DeterministicEs256.sign(this.key, "header.payload2".getBytes(StandardCharsets.US_ASCII));
		byte[] otherKey = DeterministicEs256.sign(SigningKeys.generate(), input);
		// Different R (the nonce's point) for a different message or key: no nonce reuse.
		assertThat(java.util.Arrays.copyOf(otherMessage, 32)).isNotEqualTo(java.util.Arrays.copyOf(once, 32));
		assertThat(java.util.Arrays.copyOf(otherKey, 32)).isNotEqualTo(java.util.Arrays.copyOf(once, 32));
	}

}
