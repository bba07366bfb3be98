package dev.bondify.support;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.bondify.support.ApiClient.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registers developers over HTTP for tests of the developer API and calls it with their
 * token.
 */
public final class TestDevelopers {

	public static final String PASSWORD = "correct horse battery";

	private final ApiClient api;

	TestDevelopers(ApiClient api) {
		this.api = api;
	}

	/** A registered developer: id, e-mail and a valid Bearer token. */
	public record Developer(String id, String email, String token) {

		public String[] auth() {
			return new String[] { "Authorization", "Bearer " + this.token };
		}

	}

	public static String uniqueEmail() {
		return "dev-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
	}

	/**
	 * A random client IP, so per-IP login limits of one test do not leak into another.
	 */
	public static String randomIp() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
	}

	public Developer register() {
		String email = uniqueEmail();
		Response response = this.api.post("/api/v1/dev/register",
				"{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return new Developer(response.json().get("developer").get("id").asString(), email, response.field("token"));
	}

	/** Creates a project through the API and returns its JSON. */
	public Response createProject(Developer developer, String json) {
		Response response = this.api.post("/api/v1/dev/projects", json, developer.auth());
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response;
	}

}
