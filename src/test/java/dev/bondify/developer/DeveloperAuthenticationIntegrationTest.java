package dev.bondify.developer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDevelopers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Developer tokens, login and registration edge cases: every forged, expired or revoked
 * token is a JSON 401.
 */
class DeveloperAuthenticationIntegrationTest extends IntegrationTest {

	private TestDevelopers.Developer developer;

	private byte[] key;

	@BeforeEach
	void registerDeveloper() {
		this.developer = this.developers.register();
		this.key = this.sealer
			.open(this.jdbc.queryForObject("select value from app_secrets where name = ?", byte[].class,
					DeveloperTokenKey.NAME))
			.map(Base64.getDecoder()::decode)
			.orElseThrow();
	}

	@Test
	void generatedSigningKeyIsPersistedOnceAndReusedByEveryInstance() {
		assertThat(this.key).hasSize(64);
		assertThat(keyRows()).isEqualTo(1);
		DeveloperTokenKey anotherInstance = new DeveloperTokenKey(new AuthProperties("", Duration.ofDays(7), true),
				this.jdbc, this.sealer);
		assertThat(anotherInstance.get().getEncoded()).isEqualTo(this.key);
		assertThat(keyRows()).isEqualTo(1);
	}

	@Test
	void handCraftedHs256TokenWithOurKeyIsAccepted() {
		// Proves the forgeries below fail for the reason they test, not because the
		// crafting is wrong.
		Response me = me(jwt("HS256", this.key, claims(DeveloperTokens.ISSUER, this.developer.id(), 0, future())));
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.field("id")).isEqualTo(this.developer.id());
	}

	@Nested
	class RejectedTokens {

		@Test
		void missingAuthorizationHeader() {
			assertUnauthorized(api.get("/api/v1/dev/me"));
		}

		@Test
		void notABearerHeader() {
			assertUnauthorized(api.get("/api/v1/dev/me", "Authorization", "Basic " + developer.token()));
		}

		@Test
		void malformedToken() {
			assertUnauthorized(me("not-a-jwt"));
			assertUnauthorized(me("a.b.c"));
			assertUnauthorized(me(""));
		}

		@Test
		void algNone() {
			String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
			String payload = b64(claims(DeveloperTokens.ISSUER, developer.id(), 0, future()));
			assertUnauthorized(me(header + "." + payload + "."));
		}

		@Test
		void hs512AndHs384WithTheSameKey() {
			String claims = claims(DeveloperTokens.ISSUER, developer.id(), 0, future());
			assertUnauthorized(me(jwt("HS512", key, claims)));
			assertUnauthorized(me(jwt("HS384", key, claims)));
		}

		@Test
		void publicKeyAlgorithmsAndTheirConfusionWithOurKey() throws Exception {
			String claims = claims(DeveloperTokens.ISSUER, developer.id(), 0, future());
			java.security.KeyPair rsa = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair();
			assertUnauthorized(me(signed("RS256", "SHA256withRSA", rsa.getPrivate(), claims)));
			java.security.KeyPairGenerator ec = java.security.KeyPairGenerator.getInstance("EC");
			ec.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
			assertUnauthorized(me(signed("ES256", "SHA256withECDSA", ec.generateKeyPair().getPrivate(), claims)));
			// RS256 in the header over an HS256 signature with our key: the classic
			// algorithm confusion.
			String hs256 = jwt("HS256", key, claims);
			String rsHeader = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
			assertUnauthorized(me(rsHeader + hs256.substring(hs256.indexOf('.'))));
		}

		@Test
		void versionThatIsNotAnInteger() {
			String claims = "{\"iss\":\"" + DeveloperTokens.ISSUER + "\",\"sub\":\"" + developer.id()
					+ "\",\"ver\":\"0\",\"exp\":" + future() + "}";
			assertUnauthorized(me(jwt("HS256", key, claims)));
			assertUnauthorized(me(jwt("HS256", key, claims.replace("\"ver\":\"0\"", "\"ver\":4294967296"))));
		}

		@Test
		void overlongToken() {
			String claims = "{\"iss\":\"" + DeveloperTokens.ISSUER + "\",\"sub\":\"" + developer.id()
					+ "\",\"ver\":0,\"pad\":\"" + "x".repeat(4096) + "\",\"exp\":" + future() + "}";
			assertUnauthorized(me(jwt("HS256", key, claims)));
		}

		@Test
		void tamperedPayload() {
			TestDevelopers.Developer other = developers.register();
			String[] parts = developer.token().split("\\.");
			String forged = parts[0] + "." + b64(claims(DeveloperTokens.ISSUER, other.id(), 0, future())) + "."
					+ parts[2];
			assertUnauthorized(me(forged));
			String flipped = developer.token().substring(0, developer.token().length() - 2)
					+ (developer.token().endsWith("AA") ? "BB" : "AA");
			assertUnauthorized(me(flipped));
		}

		@Test
		void signedWithAnotherKey() {
			byte[] other = new byte[64];
			assertUnauthorized(me(jwt("HS256", other, claims(DeveloperTokens.ISSUER, developer.id(), 0, future()))));
		}

		@Test
		void expired() {
			assertThat(me(developer.token()).status()).isEqualTo(200);
			clock.set(Instant.now().plus(Duration.ofDays(7)).plusSeconds(5));
			assertUnauthorized(me(developer.token()));
		}

		@Test
		void wrongIssuer() {
			assertUnauthorized(me(jwt("HS256", key, claims("bondify", developer.id(), 0, future()))));
		}

		@Test
		void withoutVersionClaim() {
			String claims = "{\"iss\":\"" + DeveloperTokens.ISSUER + "\",\"sub\":\"" + developer.id() + "\",\"exp\":"
					+ future() + "}";
			assertUnauthorized(me(jwt("HS256", key, claims)));
		}

		@Test
		void revokedByBumpingTheTokenVersion() {
			jdbc.update("update developers set token_version = token_version + 1 where id = ?", developer.id());
			assertUnauthorized(me(developer.token()));
			Response login = login(developer.email(), TestDevelopers.PASSWORD, TestDevelopers.randomIp());
			assertThat(me(login.field("token")).status()).isEqualTo(200);
		}

		@Test
		void ofADeletedDeveloper() {
			jdbc.update("delete from developers where id = ?", developer.id());
			assertUnauthorized(me(developer.token()));
		}

		@Test
		void onEveryDeveloperRoute() {
			for (String path : List.of("/api/v1/dev/projects", "/api/v1/dev/projects/proj_whatever",
					"/api/v1/dev/sessions", "/api/v1/dev/analytics")) {
				assertUnauthorized(api.get(path, "Authorization", "Bearer forged"));
			}
			assertUnauthorized(api.post("/api/v1/dev/projects", "{\"name\":\"x\"}"));
			assertThat(count("projects where developer_id = '" + developer.id() + "'")).isZero();
		}

	}

	@Nested
	class Login {

		@Test
		void unknownEmailAndWrongPasswordAnswerIdentically() {
			Response unknown = login(TestDevelopers.uniqueEmail(), TestDevelopers.PASSWORD, TestDevelopers.randomIp());
			Response wrong = login(developer.email(), "wrong password!", TestDevelopers.randomIp());
			assertThat(unknown.status()).isEqualTo(401);
			assertThat(wrong.status()).isEqualTo(401);
			assertThat(unknown.body()).isEqualTo(wrong.body());
			assertThat(unknown.code()).isEqualTo("UNAUTHORIZED");
		}

		@Test
		void overlongPasswordIsJustWrong() {
			Response response = login(developer.email(), TestDevelopers.PASSWORD + "x".repeat(100),
					TestDevelopers.randomIp());
			assertThat(response.status()).isEqualTo(401);
		}

		@Test
		void limitedPerEmailAndClientIpWithExactRetryAfter() {
			// Fixed time: slow bcrypt checks must not refill the bucket meanwhile.
			clock.set(java.time.Instant.now());
			String stranger = TestDevelopers.randomIp();
			for (int i = 0; i < 10; i++) {
				assertThat(login(developer.email(), "wrong password!", stranger).status()).isEqualTo(401);
			}
			Response limited = login(developer.email(), TestDevelopers.PASSWORD, stranger);
			assertThat(limited.status()).isEqualTo(429);
			assertThat(limited.code()).isEqualTo("RATE_LIMITED");
			// 10 a minute refill one every 6 s.
			assertThat(limited.header("Retry-After")).isEqualTo("6");
		}

		@Test
		void aStrangersWrongPasswordsDoNotLockTheOwnerOut() {
			// Fixed time: slow bcrypt checks must not refill the bucket meanwhile.
			clock.set(java.time.Instant.now());
			for (int i = 0; i < 10; i++) {
				login(developer.email(), "wrong password!", TestDevelopers.randomIp());
			}
			String stranger = TestDevelopers.randomIp();
			for (int i = 0; i < 10; i++) {
				login(developer.email(), "wrong password!", stranger);
			}
			assertThat(login(developer.email(), TestDevelopers.PASSWORD, stranger).status()).isEqualTo(429);

			assertThat(login(developer.email(), TestDevelopers.PASSWORD, TestDevelopers.randomIp()).status())
				.as("the owner from their own address")
				.isEqualTo(200);
		}

		@Test
		void limitedPerClientIpWhateverTheEmail() {
			// Fixed time: slow bcrypt checks must not refill the bucket meanwhile.
			clock.set(java.time.Instant.now());
			String ip = TestDevelopers.randomIp();
			for (int i = 0; i < 30; i++) {
				assertThat(login(TestDevelopers.uniqueEmail(), "wrong password!", ip).status()).isEqualTo(401);
			}
			Response limited = login(developer.email(), TestDevelopers.PASSWORD, ip);
			assertThat(limited.status()).isEqualTo(429);
			assertThat(limited.header("Retry-After")).isNotNull();
			assertThat(login(developer.email(), TestDevelopers.PASSWORD, TestDevelopers.randomIp()).status())
				.isEqualTo(200);
		}

	}

	@Nested
	class Register {

		@Test
		void duplicateEmailIgnoringCaseIs409() {
			long before = count("developers");
			Response response = api.post("/api/v1/dev/register", "{\"email\":\"" + developer.email().toUpperCase()
					+ "\",\"password\":\"another gravel orchid lantern\"}");
			assertThat(response.status()).isEqualTo(409);
			assertThat(response.code()).isEqualTo("EMAIL_TAKEN");
			assertThat(count("developers")).isEqualTo(before);
		}

		@Test
		void concurrentRegistrationsOfOneEmailCreateOneAccount() throws Exception {
			String email = TestDevelopers.uniqueEmail();
			ExecutorService pool = Executors.newFixedThreadPool(6);
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Response>> futures = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				Callable<Response> call = () -> {
					start.await();
					return api.post("/api/v1/dev/register",
							"{\"email\":\"" + email + "\",\"password\":\"" + TestDevelopers.PASSWORD + "\"}");
				};
				futures.add(pool.submit(call));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Response> future : futures) {
				statuses.add(future.get().status());
			}
			pool.shutdown();
			assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
			assertThat(statuses).filteredOn(s -> s == 409).hasSize(5);
			assertThat(jdbc.queryForObject("select count(*) from developers where email = ?", Long.class, email))
				.isEqualTo(1);
		}

	}

	private long keyRows() {
		return this.jdbc.queryForObject("select count(*) from app_secrets where name = ?", Long.class,
				DeveloperTokenKey.NAME);
	}

	private Response me(String token) {
		return this.api.get("/api/v1/dev/me", "Authorization", "Bearer " + token);
	}

	private Response login(String email, String password, String ip) {
		return this.api.post("/api/v1/dev/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
				"X-Forwarded-For", ip);
	}

	private static void assertUnauthorized(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.code()).isEqualTo("UNAUTHORIZED");
		assertThat(response.field("error")).isNotBlank();
	}

	private static long future() {
		return Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
	}

	private static String claims(String issuer, String subject, int version, long exp) {
		return "{\"iss\":\"" + issuer + "\",\"sub\":\"" + subject + "\",\"ver\":" + version + ",\"iat\":"
				+ Instant.now().getEpochSecond() + ",\"exp\":" + exp + "}";
	}

	/**
	 * A JWS built from the spec with the JDK's HMAC, independent of the code under test.
	 */
	static String jwt(String alg, byte[] key, String claims) {
		try {
			String input = b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + b64(claims);
			String jca = "Hmac" + alg.replace("HS", "SHA");
			Mac mac = Mac.getInstance(jca);
			mac.init(new SecretKeySpec((key.length == 0) ? new byte[64] : key, jca));
			return input + "."
					+ Base64.getUrlEncoder()
						.withoutPadding()
						.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String signed(String alg, String jca, java.security.PrivateKey key, String claims) throws Exception {
		String input = b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + b64(claims);
		java.security.Signature signature = java.security.Signature.getInstance(jca);
		signature.initSign(key);
		signature.update(input.getBytes(StandardCharsets.US_ASCII));
		return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
	}

	private static String b64(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
