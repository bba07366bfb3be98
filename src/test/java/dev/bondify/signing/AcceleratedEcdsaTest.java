package dev.bondify.signing;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Arrays;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where AWS-LC runs (the CI machines: Linux x86-64), ES256 signing goes to it and nothing
 * else does (checks stay with the JDK), and its signatures are the JDK's: a JWS signed by
 * one verifies with the other, a tampered one does not.
 */
@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
class AcceleratedEcdsaTest {

	private static KeyPair keys;

	@BeforeAll
	static void install() throws Exception {
		assertThat(AcceleratedEcdsa.install()).as("the native library loads on Linux x86-64").isTrue();
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		keys = generator.generateKeyPair();
	}

	@Test
	void onlyEs256IsRoutedToAwsLc() throws Exception {
		Signature es256 = Signature.getInstance(AcceleratedEcdsa.ALGORITHM);
		es256.initSign(keys.getPrivate());
		assertThat(es256.getProvider().getName()).isEqualTo(AcceleratedEcdsa.PROVIDER);
		assertThat(Security.getProviders()[0].getServices()).hasSize(1);

		Signature check = Signature.getInstance(AcceleratedEcdsa.ALGORITHM);
		check.initVerify(keys.getPublic());
		assertThat(check.getProvider().getName()).as("checks stay with the JDK").isEqualTo("SunEC");

		Signature p1363 = Signature.getInstance("SHA256withECDSAinP1363Format");
		p1363.initSign(keys.getPrivate());
		assertThat(p1363.getProvider().getName()).isEqualTo("SunEC");
		assertThat(MessageDigest.getInstance("SHA-256").getProvider().getName()).isEqualTo("SUN");
		assertThat(AcceleratedEcdsa.install()).isTrue();
		assertThat(Arrays.stream(Security.getProviders()).filter((p) -> p.getName().equals(AcceleratedEcdsa.PROVIDER)))
			.hasSize(1);
	}

	@Test
	void switchedOffTheJdkSignsAndNoProviderIsAdded() throws Exception {
		AcceleratedEcdsa.uninstall();
		try {
			Duration delay = Duration.ofMinutes(1);
			new SigningKeyConfiguration().jwkSource(null,
					new SigningProperties(delay, Duration.ofHours(1), null, false));
			assertThat(AcceleratedEcdsa.installed()).isFalse();
			Signature es256 = Signature.getInstance(AcceleratedEcdsa.ALGORITHM);
			es256.initSign(keys.getPrivate());
			assertThat(es256.getProvider().getName()).isEqualTo("SunEC");

			new SigningKeyConfiguration().jwkSource(null,
					new SigningProperties(delay, Duration.ofHours(1), null, true));
			assertThat(AcceleratedEcdsa.installed()).isTrue();
		}
		finally {
			AcceleratedEcdsa.install();
		}
	}

	@Test
	void signaturesOfEitherAreCheckedByTheOther() throws Exception {
		byte[] message = "header.payload".getBytes(StandardCharsets.US_ASCII);
		Signature fast = Signature.getInstance(AcceleratedEcdsa.ALGORITHM);
		fast.initSign(keys.getPrivate());
		fast.update(message);
		byte[] byAwsLc = fast.sign();
		Signature jdk = Signature.getInstance(AcceleratedEcdsa.ALGORITHM, "SunEC");
		jdk.initVerify(keys.getPublic());
		jdk.update(message);
		assertThat(jdk.verify(byAwsLc)).isTrue();

		jdk.initSign(keys.getPrivate());
		jdk.update(message);
		byte[] byJdk = jdk.sign();
		fast.initVerify(keys.getPublic());
		fast.update(message);
		assertThat(fast.verify(byJdk)).isTrue();

		byte[] tampered = byJdk.clone();
		tampered[tampered.length - 1] ^= 1;
		fast.initVerify(keys.getPublic());
		fast.update(message);
		assertThat(fast.verify(tampered)).isFalse();
		fast.initVerify(keys.getPublic());
		fast.update(message);
		assertThatThrownBy(() -> fast.verify(new byte[] { 0x30, 0x01 })).isInstanceOf(SignatureException.class);
	}

	@Test
	void aJwsSignedByNimbusVerifiesWithTheJdkAlone() throws Exception {
		ECKey key = new ECKey.Builder(Curve.P_256, (java.security.interfaces.ECPublicKey) keys.getPublic())
			.privateKey(keys.getPrivate())
			.keyID("k1")
			.build();
		JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").build(),
				new Payload("{\"sub\":\"x\"}"));
		jws.sign(new ECDSASigner(key));

		ECDSAVerifier jdkOnly = new ECDSAVerifier(key.toECPublicKey());
		jdkOnly.getJCAContext().setProvider(Security.getProvider("SunEC"));
		assertThat(JWSObject.parse(jws.serialize()).verify(jdkOnly)).isTrue();
		String[] parts = jws.serialize().split("\\.");
		String forged = parts[0] + "."
				+ java.util.Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString("{\"sub\":\"y\"}".getBytes(StandardCharsets.UTF_8))
				+ "." + parts[2];
		assertThat(JWSObject.parse(forged).verify(new ECDSAVerifier(key.toECPublicKey()))).isFalse();
	}

}
