import java.io.PrintWriter;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Authorization codes for the token endpoint's benchmark. An authorization code is single-use, so every measured
 * request needs its own: this signs in once through the real flow (GET /oauth2/authorize, the sign-in page's session
 * confirmed by the same conditional UPDATE the bot commits, POST /oidc/continue, the ticket's GET of the authorization
 * endpoint, whose 302 carries the code), then copies that authorization row COUNT times by SQL, each copy with its own
 * random code stored the way the service stores codes (its SHA-256), unredeemed and valid for an hour. The copies'
 * codes go to FILE, one a line; the flow's own code is printed (the script exchanges it for the userinfo access token).
 *
 *   java -cp postgresql.jar bench/OidcCodes.java JDBC_URL BASE PROJECT REDIRECT_URI COUNT FILE
 */
class OidcCodes {

	private static final Pattern SESSION_TOKEN = Pattern.compile("data-session-token=\"([^\"]+)\"");

	private static final Pattern LOCATION = Pattern.compile("\"location\":\"([^\"]+)\"");

	private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private static final SecureRandom RANDOM = new SecureRandom();

	public static void main(String[] args) throws Exception {
		String jdbcUrl = args[0], base = args[1], project = args[2], redirect = args[3];
		int count = Integer.parseInt(args[4]);
		Path file = Path.of(args[5]);
		String query = "response_type=code&client_id=" + project + "&redirect_uri=" + encode(redirect)
				+ "&scope=" + encode("openid profile") + "&state=bench&nonce=" + token(12);
		HttpResponse<String> page = get(base + "/oauth2/authorize?" + query);
		String sessionToken = group(SESSION_TOKEN, page.body(), "the sign-in page");
		try (Connection db = DriverManager.getConnection(jdbcUrl)) {
			try (PreparedStatement confirm = db.prepareStatement("""
					update auth_sessions set status = 'confirmed', confirmed_at = now(), telegram_id = '42',
					  telegram_name = 'Bench User', telegram_username = 'bench_user'
					where token_hash = sha256(convert_to(?, 'UTF8')) and status = 'pending'""")) {
				confirm.setString(1, sessionToken);
				if (confirm.executeUpdate() != 1) {
					throw new IllegalStateException("The sign-in page's session was not pending");
				}
			}
			HttpResponse<String> next = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/oidc/continue"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"session_token\":\"" + sessionToken + "\",\"query\":\"?" + query + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			String location = group(LOCATION, next.body(), "/oidc/continue").replace("\\u0026", "&");
			HttpResponse<String> redirected = get(base + location);
			String app = redirected.headers().firstValue("Location").orElse("");
			Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(app);
			if (redirected.statusCode() != 302 || !code.find()) {
				throw new IllegalStateException("The authorization endpoint answered " + redirected.statusCode() + " "
						+ app + " " + redirected.body());
			}
			String original = URLDecoder.decode(code.group(1), StandardCharsets.UTF_8);
			String template;
			try (PreparedStatement find = db
				.prepareStatement("select id from oauth2_authorization where authorization_code_value = ?")) {
				find.setString(1, hash(original));
				try (ResultSet row = find.executeQuery()) {
					if (!row.next()) {
						throw new IllegalStateException("No authorization row holds the issued code");
					}
					template = row.getString(1);
				}
			}
			try (PreparedStatement copy = db.prepareStatement("""
					insert into oauth2_authorization (id, registered_client_id, principal_name,
					  authorization_grant_type, authorized_scopes, attributes, state, authorization_code_value,
					  authorization_code_issued_at, authorization_code_expires_at, authorization_code_metadata)
					select gen_random_uuid()::text, o.registered_client_id, o.principal_name,
					  o.authorization_grant_type, o.authorized_scopes, o.attributes, o.state, h,
					  now(), now() + interval '1 hour', o.authorization_code_metadata
					from oauth2_authorization o cross join unnest(?::text[]) as h where o.id = ?""");
					PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
				for (int done = 0; done < count;) {
					int batch = Math.min(5000, count - done);
					String[] hashes = new String[batch];
					for (int i = 0; i < batch; i++) {
						String value = token(32);
						out.println(value);
						hashes[i] = hash(value);
					}
					copy.setArray(1, db.createArrayOf("text", hashes));
					copy.setString(2, template);
					copy.executeUpdate();
					done += batch;
				}
			}
			System.out.println(original);
		}
	}

	private static HttpResponse<String> get(String url) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String group(Pattern pattern, String body, String what) {
		Matcher matcher = pattern.matcher(body);
		if (!matcher.find()) {
			throw new IllegalStateException(what + " answered " + body);
		}
		return matcher.group(1);
	}

	private static String token(int bytes) {
		byte[] random = new byte[bytes];
		RANDOM.nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	/** As HashedAuthorizationService stores a code. */
	private static String hash(String value) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		return "sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
