package dev.bondify.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.Decoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.session.TestSessions;
import dev.bondify.session.SessionService;
import dev.bondify.session.TelegramIdentity;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.BrowserForms;
import dev.bondify.support.BrowserForms.Page;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo page and its server side: the demo project, the QR code of the deeplink and
 * the server-side proof check.
 */
class DemoPageIntegrationTest extends IntegrationTest {

	private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");

	private static final Pattern MODULE = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z");

	@Autowired
	DemoProject demoProject;

	@Autowired
	SessionService sessionService;

	private BrowserForms browser;

	@BeforeEach
	void setUp() {
		this.browser = new BrowserForms(this.api);
	}

	@Test
	void demoProjectIsASandboxProjectCreatedOnceWithATestKey() {
		Map<String, Object> row = this.jdbc.queryForMap(
				"select sandbox, is_active, public_access, secret_key from projects where id = ?", DemoProject.ID);

		assertThat(row).containsEntry("sandbox", true)
			.containsEntry("is_active", true)
			.containsEntry("public_access", true);
		assertThat(this.sealer.openText((String) row.get("secret_key"))).matches("sk_test_[A-Za-z0-9_-]{43}");
		assertThat(this.demoProject.create()).isNull();
		assertThat(
				this.jdbc.queryForObject("select secret_key from projects where id = ?", String.class, DemoProject.ID))
			.isEqualTo(row.get("secret_key"));
	}

	@Test
	void pageOffersSignInForTheDemoProject() {
		Page page = this.browser.get("/");

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("Sign in with Telegram")
			.contains("name=\"bondify-project\" content=\"proj_sandboxdemo\"")
			.contains("/demo/demo.js");
		assertThat(page.token()).isNotBlank();
		assertThat(page.cookie()).isNotBlank();
		assertThat(this.api.get("/demo/demo.js").status()).isEqualTo(200);
		assertThat(this.api.get("/bondify.css").status()).isEqualTo(200);
	}

	@Test
	void qrCodeEncodesTheDeeplinkExactly() throws Exception {
		String deeplink = generate().field("deeplink");
		assertThat(deeplink).startsWith(this.api.baseUrl() + "/sandbox/telegram?start=").doesNotContain("sess_");

		Response qr = this.api.get("/demo/qr?text=" + java.net.URLEncoder.encode(deeplink, "UTF-8"));

		assertThat(qr.status()).isEqualTo(200);
		assertThat(qr.header("Content-Type")).startsWith("image/svg+xml");
		assertThat(decode(qr.body())).isEqualTo(deeplink);
	}

	@Test
	void serverSideCheckReturnsTheIdentityOnceAndRefusesAReplay() {
		String token = generate().field("session_token");
		TestSessions.confirm(this.sessionService, this.jdbc, token,
				new TelegramIdentity(555L, "Demo User", "demo_user", null));
		String proof = this.api
			.post("/api/v1/verify/public",
					"{\"project_id\":\"" + DemoProject.ID + "\",\"session_token\":\"" + token + "\"}")
			.field("proof");
		Page page = this.browser.get("/");

		Response first = verifyProof(page, proof);
		Response replay = verifyProof(page, proof);

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.field("telegram_id")).isEqualTo("555");
		assertThat(first.field("telegram_name")).isEqualTo("Demo User");
		assertThat(first.field("telegram_username")).isEqualTo("demo_user");
		assertThat(first.field("project_id")).isEqualTo(DemoProject.ID);
		assertThat(replay.status()).isEqualTo(409);
		assertThat(replay.code()).isEqualTo("PROOF_ALREADY_USED");
	}

	@Nested
	class Refusals {

		@Test
		void qrCodeIsOnlyMadeForThisServersDeeplinks() {
			Response generated = generate();
			String deeplink = generated.field("deeplink");
			String code = deeplink.substring(deeplink.indexOf("?start=") + "?start=".length());
			String sessionToken = generated.field("session_token");

			assertThat(qr("https://evil.example/phish").status()).isEqualTo(400);
			assertThat(qr("https://evil.example/sandbox/telegram?start=" + code).status()).isEqualTo(400);
			assertThat(qr(api.baseUrl() + "/sandbox/telegram?start=" + code + "x".repeat(600)).status()).isEqualTo(400);
			assertThat(qr("https://t.me/bondify_test_bot?start=" + code).status()).isEqualTo(200);
			// The QR code never carries the poll secret.
			assertThat(qr(api.baseUrl() + "/sandbox/telegram?start=" + sessionToken).status()).isEqualTo(400);
			assertThat(qr("https://t.me/bondify_test_bot?start=" + sessionToken).status()).isEqualTo(400);
			assertThat(qr("https://evil.example/phish").code()).isEqualTo("INVALID_REQUEST");
		}

		@Test
		void proofCheckNeedsTheCsrfToken() {
			Response response = api.post("/demo/verify", "{\"proof\":\"eyJhbGciOiJIUzI1NiJ9.e30.x\"}");

			assertThat(response.status()).isEqualTo(403);
			assertThat(response.code()).isEqualTo("FORBIDDEN");
		}

		@Test
		void forgedProofIsUnauthorized() {
			Response response = verifyProof(browser.get("/"), "eyJhbGciOiJIUzI1NiJ9.e30.x");

			assertThat(response.status()).isEqualTo(401);
			assertThat(response.code()).isEqualTo("UNAUTHORIZED");
		}

		private Response qr(String text) {
			return api
				.get("/demo/qr?text=" + java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8));
		}

	}

	private Response generate() {
		return this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + DemoProject.ID + "\"}");
	}

	private Response verifyProof(Page page, String proof) {
		return this.api.post("/demo/verify", "{\"proof\":\"" + proof + "\"}", "X-XSRF-TOKEN", page.token(), "Cookie",
				"XSRF-TOKEN=" + page.cookie());
	}

	/**
	 * Reads the SVG's modules back into a matrix (without the 2-module quiet zone) and
	 * decodes it with ZXing.
	 */
	private static String decode(String svg) throws Exception {
		Matcher box = VIEW_BOX.matcher(svg);
		assertThat(box.find()).isTrue();
		int size = Integer.parseInt(box.group(1)) - 4;
		BitMatrix matrix = new BitMatrix(size);
		List<int[]> modules = new ArrayList<>();
		Matcher module = MODULE.matcher(svg);
		while (module.find()) {
			modules.add(new int[] { Integer.parseInt(module.group(1)) - 2, Integer.parseInt(module.group(2)) - 2 });
		}
		modules.forEach(xy -> matrix.set(xy[0], xy[1]));
		return new Decoder().decode(matrix).getText();
	}

}
