package dev.bondify.signing;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.system.ChangeNotifications;
import dev.bondify.system.SecretSealer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The shared signing keys on a real PostgreSQL: one key from concurrent first starts,
 * stored sealed, rotated with the new key published before it signs and the old one
 * published until its tokens expired, through the same {@code JWKSource} Spring
 * Authorization Server signs and publishes with.
 */
class SigningKeysIntegrationTest extends IntegrationTest {

	private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

	@Autowired
	SigningKeys keys;

	@Autowired
	SigningKeyStore store;

	@Autowired
	SecretSealer sealer;

	@Autowired
	ChangeNotifications notifications;

	@Autowired
	SigningProperties properties;

	@Autowired
	JWKSource<SecurityContext> jwkSource;

	@Autowired
	SigningRotateCommand rotateCommand;

	@Autowired
	SigningKeysCommand keysCommand;

	@BeforeEach
	@AfterEach
	void noKeys() {
		this.jdbc.update("delete from signing_keys");
		this.notifications.changedHere(SigningKeys.CHANGE);
	}

	@Test
	void firstUseCreatesOneKeySealedSoThePrivatePartIsNowhereInADumpOfTheTable() {
		ECKey key = this.keys.current();
		assertThat(key.isPrivate()).isTrue();
		assertThat(key.getKeyID()).isNotBlank();
		assertThat(count("signing_keys")).isEqualTo(1);
		assertThat(this.keys.current().getKeyID()).as("cached, not regenerated").isEqualTo(key.getKeyID());

		String dump = dump();
		assertThat(dump).contains(key.getKeyID());
		assertThat(dump).doesNotContain(key.getD().toString())
			.doesNotContain(HexFormat.of().formatHex(key.getD().decode()))
			.doesNotContain("\"d\"");
		byte[] sealed = this.jdbc.queryForObject("select jwk_sealed from signing_keys", byte[].class);
		assertThat(this.sealer.open(sealed))
			.hasValueSatisfying(json -> assertThat(json).contains(key.getD().toString()));
	}

	@Test
	void concurrentFirstStartsAllEndUpWithTheSameSingleKey() throws Exception {
		int instances = 8;
		CountDownLatch start = new CountDownLatch(1);
		Set<String> kids = ConcurrentHashMap.newKeySet();
		ExecutorService pool = Executors.newFixedThreadPool(instances);
		try {
			List<Future<?>> started = new java.util.ArrayList<>();
			for (int i = 0; i < instances; i++) {
				// A fresh SigningKeys per thread: an instance that has never seen a key.
				SigningKeys instance = new SigningKeys(this.store, this.sealer, this.notifications, this.clock,
						this.properties);
				started.add(pool.submit(() -> {
					start.await();
					kids.add(instance.current().getKeyID());
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : started) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(kids).hasSize(1);
		assertThat(count("signing_keys")).isEqualTo(1);
		assertThat(this.keys.current().getKeyID()).isEqualTo(kids.iterator().next());
	}

	@Test
	void rotationPublishesAtOnceSignsAfterTheDelayAndRetiresTheOldKeyAfterItsTokensExpired() throws Exception {
		this.clock.set(T0);
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(this.jwkSource);
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(this.jwkSource)
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.build();
		String old = this.keys.current().getKeyID();
		Jwt signedByOld = encode(encoder);
		assertThat(signedByOld.getHeaders()).containsEntry("kid", old);

		String fresh = this.keys.rotate(false).orElseThrow().kid();
		assertThat(kids()).as("published at once, after the current key").containsExactly(old, fresh);
		assertThat(this.keys.current().getKeyID()).as("not signing before the activation delay").isEqualTo(old);
		assertThat(encode(encoder).getHeaders()).containsEntry("kid", old);

		this.clock.advance(this.properties.activationDelay());
		assertThat(this.keys.current().getKeyID()).isEqualTo(fresh);
		Jwt signedByNew = encode(encoder);
		assertThat(signedByNew.getHeaders()).containsEntry("kid", fresh);
		assertThat(kids()).containsExactly(fresh, old);
		assertThat(decoder.decode(signedByOld.getTokenValue()).getSubject()).isEqualTo("42");
		assertThat(decoder.decode(signedByNew.getTokenValue()).getSubject()).isEqualTo("42");

		this.clock.advance(this.properties.retireAfter().minusSeconds(1));
		assertThat(kids()).as("still inside the retirement window").containsExactly(fresh, old);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(kids()).containsExactly(fresh);
		assertThat(this.keys.publishedKey(old)).isEmpty();
		assertThatExceptionOfType(JwtException.class).as("the old key no longer verifies anything")
			.isThrownBy(() -> decoder.decode(signedByOld.getTokenValue()));

		this.keys.maintain();
		assertThat(this.jdbc.queryForList("select kid from signing_keys", String.class)).containsExactly(fresh);
	}

	@Test
	void jwksSelectorGetsPublicKeysOnlyAndASignerOnlyTheCurrentPrivateKey() throws Exception {
		this.clock.set(T0);
		String old = this.keys.current().getKeyID();
		String fresh = this.keys.rotate(false).orElseThrow().kid();
		List<JWK> everything = this.jwkSource
			.get(new com.nimbusds.jose.jwk.JWKSelector(new com.nimbusds.jose.jwk.JWKMatcher.Builder().build()), null);
		assertThat(everything).extracting(JWK::getKeyID).containsExactly(old, fresh);
		assertThat(everything).noneMatch(JWK::isPrivate);
		assertThat(this.keys.publishedKeys().toString()).doesNotContain("\"d\"");
		assertThat(this.keys.publishedKeys().getKeys()).allSatisfy(key -> {
			assertThat(key.getAlgorithm().getName()).isEqualTo("ES256");
			assertThat(key.getKeyUse().identifier()).isEqualTo("sig");
		});
	}

	@Test
	void rotateCommandRotatesAndListsAndRefusesWrongUsage() throws Exception {
		this.clock.set(T0);
		String old = this.keys.current().getKeyID();
		Output rotated = run(this.rotateCommand, List.of("--now"));
		assertThat(rotated.code()).isZero();
		String fresh = this.keys.current().getKeyID();
		assertThat(fresh).isNotEqualTo(old);
		assertThat(rotated.out()).contains("New signing key " + fresh).contains(old + ", stays published until");

		Output listed = run(this.keysCommand, List.of());
		assertThat(listed.code()).isZero();
		assertThat(listed.out()).contains(fresh + " created").contains("signing").contains(old).contains("retired");

		long before = count("signing_keys");
		assertThat(run(this.rotateCommand, List.of("--later")).code()).isEqualTo(2);
		assertThat(run(this.rotateCommand, List.of("--now", "--now")).code()).isEqualTo(2);
		assertThat(count("signing_keys")).as("a refused command changes nothing").isEqualTo(before);
	}

	@Test
	void rowWhoseKidDoesNotMatchItsKeyIsNeitherUsedNorPublished() {
		this.clock.set(T0);
		ECKey genuine = this.keys.current();
		ECKey other = SigningKeys.generate();
		// A sealed key stored under the id of another key: refused, never published.
		this.jdbc.update(
				"insert into signing_keys (kid, generation, jwk_sealed, created_at, activates_at) values (?, 2, ?, ?, ?)",
				"forged-kid", this.sealer.seal(other.toJSONString()), java.sql.Timestamp.from(T0),
				java.sql.Timestamp.from(T0));
		this.notifications.changedHere(SigningKeys.CHANGE);
		assertThat(this.keys.current().getKeyID()).isEqualTo(genuine.getKeyID());
		assertThat(kids()).containsExactly(genuine.getKeyID());
	}

	/**
	 * {@code GET /oauth2/jwks} is Spring Authorization Server's endpoint, served from
	 * this package's {@code JWKSource}: public keys only, exactly the published set.
	 */
	@Test
	void jwksEndpointServesExactlyThePublishedPublicKeys() throws Exception {
		this.clock.set(T0);
		this.keys.rotate(false);
		Response response = this.api.get("/oauth2/jwks");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).doesNotContain("\"d\"");
		assertThat(JWKSet.parse(response.body()).toString()).isEqualTo(this.keys.publishedKeys().toString());
	}

	private List<String> kids() {
		return this.keys.publishedKeys().getKeys().stream().map(JWK::getKeyID).toList();
	}

	private Jwt encode(NimbusJwtEncoder encoder) {
		Instant now = this.clock.instant();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject("42")
			.issuedAt(now)
			.expiresAt(now.plus(Duration.ofDays(3650)))
			.build();
		return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.ES256).build(), claims));
	}

	private String dump() {
		return this.jdbc.execute((ConnectionCallback<String>) connection -> {
			StringWriter out = new StringWriter();
			try {
				connection.unwrap(PGConnection.class).getCopyAPI().copyOut("copy signing_keys to stdout", out);
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
			return out.toString();
		});
	}

	private static Output run(dev.bondify.command.OperatorCommand command, List<String> args) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = command.run(args, new BufferedReader(new StringReader("")),
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private record Output(int code, String out, String err) {
	}

}
