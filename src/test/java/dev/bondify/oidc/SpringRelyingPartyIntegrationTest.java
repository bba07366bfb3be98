package dev.bondify.oidc;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import example.relyingparty.RelyingPartyApplication;

import dev.bondify.project.Project;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real relying party: a Spring Boot app of its own (its own context and port) using
 * Spring Security's {@code oauth2Login} configured with nothing but the issuer URL, the
 * project id and its secret key (plus ES256 for id tokens), signs a user in through the
 * sign-in page and the sandbox confirm page, driven over HTTP with cookies like a
 * browser.
 */
class SpringRelyingPartyIntegrationTest extends IntegrationTest {

	private ConfigurableApplicationContext relyingParty;

	@AfterEach
	void stopRelyingParty() {
		if (this.relyingParty != null) {
			this.relyingParty.close();
		}
	}

	@Test
	void oauth2LoginWithIssuerUriSignsATelegramUserIn() throws Exception {
		Project project = this.projects.sandbox();
		int rpPort = freePort();
		String redirect = "http://localhost:" + rpPort + "/login/oauth2/code/bondify";
		this.jdbc.update("update projects set redirect_uris = ?::text[] where id = ?", "{" + redirect + "}",
				project.getId());
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("spring.config.name", "relying-party");
		settings.put("server.port", rpPort);
		settings.put("spring.jmx.enabled", false);
		settings.put("spring.security.oauth2.client.registration.bondify.client-id", project.getId());
		settings.put("spring.security.oauth2.client.registration.bondify.client-secret", project.getSecretKey());
		settings.put("spring.security.oauth2.client.registration.bondify.scope", "openid,profile");
		settings.put("spring.security.oauth2.client.provider.bondify.issuer-uri", this.api.baseUrl());
		this.relyingParty = new SpringApplicationBuilder(RelyingPartyApplication.class).web(WebApplicationType.SERVLET)
			.properties(settings)
			.run();
		assertThat(((WebServerApplicationContext) this.relyingParty).getWebServer().getPort()).isEqualTo(rpPort);

		Browser browser = new Browser();
		String app = "http://localhost:" + rpPort;
		HttpResponse<String> start = browser.get(app + "/me");
		assertThat(start.statusCode()).isEqualTo(302);
		HttpResponse<String> toProvider = browser.get(location(start, app));
		assertThat(toProvider.statusCode()).isEqualTo(302);
		URI authorize = URI.create(location(toProvider, app));
		assertThat(authorize.toString()).startsWith(this.api.baseUrl() + "/oauth2/authorize?");

		OidcFlows flows = new OidcFlows(this.api);
		OidcFlows.SignInPage page = flows.open(authorize.getRawQuery());
		assertThat(page.response().body()).contains(project.getName()).contains("localhost");
		flows.confirmInSandbox(page, "777000111", "Spring User", "spring_user");
		assertThat(flows.await(page).field("status")).isEqualTo("confirmed");
		URI callback = flows.follow(flows.next(page).field("location"));
		assertThat(callback.toString()).startsWith(redirect + "?");
		assertThat(OidcFlows.parameters(callback)).containsKeys("code", "state", "iss");

		HttpResponse<String> loggedIn = browser.get(callback.toString());
		assertThat(loggedIn.statusCode()).as(loggedIn.body()).isEqualTo(302);
		HttpResponse<String> me = browser.get(location(loggedIn, app));
		assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
		assertThat(me.body()).contains("\"telegram_id\":\"777000111\"")
			.contains("\"name\":\"Spring User\"")
			.contains("\"preferred_username\":\"spring_user\"")
			.doesNotContain("\"sub\":\"777000111\"");
	}

	private static String location(HttpResponse<String> response, String base) {
		String location = response.headers().firstValue("Location").orElseThrow();
		return location.startsWith("/") ? base + location : location;
	}

	private static int freePort() throws IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** A browser without JavaScript: keeps cookies, follows nothing by itself. */
	private static final class Browser {

		private final HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		HttpResponse<String> get(String url) throws IOException, InterruptedException {
			return this.http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}

	}

}
