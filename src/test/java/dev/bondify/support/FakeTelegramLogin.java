package dev.bondify.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.security.Jwks;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stands in for Telegram's signing keys, started once per test JVM: an Ed25519 key pair
 * in place of Telegram's Mini App key (its public half is configured as the accepted
 * key), and RS256, ES256 and EdDSA key pairs of its OpenID Connect login, whose public
 * keys a JWKS on loopback serves.
 */
public final class FakeTelegramLogin {

	/** The issuer the tests configure (Telegram's real one). */
	public static final String ISSUER = "https://oauth.telegram.org";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static volatile FakeTelegramLogin instance;

	private final HttpServer server;

	private final KeyPair webapp;

	private final Map<String, KeyPair> oidc;

	private final AtomicInteger jwksRequests = new AtomicInteger();

	private FakeTelegramLogin() throws IOException, GeneralSecurityException {
		this.webapp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
		rsa.initialize(2048);
		KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
		ec.initialize(new ECGenParameterSpec("secp256r1"));
		this.oidc = Map.of("RS256", rsa.generateKeyPair(), "ES256", ec.generateKeyPair(), "EdDSA",
				KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
		List<Object> keys = this.oidc.entrySet()
			.stream()
			.map(entry -> (Object) Jwks.builder().key(entry.getValue().getPublic()).id(kid(entry.getKey())).build())
			.toList();
		byte[] jwks = JSON.writeValueAsBytes(Map.of("keys", keys));
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/.well-known/jwks.json", exchange -> {
			this.jwksRequests.incrementAndGet();
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, jwks.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(jwks);
			}
		});
		this.server.start();
	}

	public static FakeTelegramLogin get() {
		if (instance == null) {
			synchronized (FakeTelegramLogin.class) {
				if (instance == null) {
					try {
						instance = new FakeTelegramLogin();
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
					catch (GeneralSecurityException ex) {
						throw new IllegalStateException(ex);
					}
				}
			}
		}
		return instance;
	}

	public String jwksUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/.well-known/jwks.json";
	}

	/** The raw Ed25519 public key of the stand-in Mini App key, in hex. */
	public String webappPublicKeyHex() {
		byte[] encoded = this.webapp.getPublic().getEncoded();
		return HexFormat.of().formatHex(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
	}

	public KeyPair webappKeys() {
		return this.webapp;
	}

	/** The key pair of an id_token algorithm: RS256, ES256 or EdDSA. */
	public KeyPair oidcKeys(String algorithm) {
		return this.oidc.get(algorithm);
	}

	public static String kid(String algorithm) {
		return "telegram-" + algorithm.toLowerCase(Locale.ROOT);
	}

	public int jwksRequests() {
		return this.jwksRequests.get();
	}

}
