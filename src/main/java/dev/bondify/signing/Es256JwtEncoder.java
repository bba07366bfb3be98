package dev.bondify.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JoseHeaderNames;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;
import org.springframework.util.StringUtils;

/**
 * The OpenID Connect provider's token encoder: what Spring Security's
 * {@code NimbusJwtEncoder} writes for an ES256 header that names nothing but its
 * algorithm, signed with the current key, without its per-token key selection, claim set
 * conversion and general JSON serialiser. The header is Nimbus's own, built once per key;
 * the claims are written as {@code NimbusJwtEncoder} and Nimbus write them (an
 * {@code iss} as its text, a single {@code aud} as a string, instants and dates as
 * seconds since the epoch, null claims left out); the signature is made as Nimbus's ECDSA
 * signer makes it ({@code SHA256withECDSA} from the JDK's providers, AWS-LC's where
 * {@link AcceleratedEcdsa} is installed, transcoded to JOSE's form by Nimbus), by
 * signature objects initialised once per key and used again. Any other header (another
 * algorithm, a {@code kid}, a type) or a claim value of another type than text, boolean,
 * whole number, date, instant, or a list or map of those goes to the {@code fallback}
 * encoder unchanged.
 */
public final class Es256JwtEncoder implements JwtEncoder {

	private static final Set<String> REGISTERED = JWTClaimsSet.getRegisteredNames();

	/** Base64url without padding, as JOSE (and Nimbus) write it. */
	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	/** ES256's JCA algorithm, as Nimbus names it. */
	private static final String ALGORITHM = "SHA256withECDSA";

	/** Signature objects kept per key for the next tokens (more are made when busy). */
	private static final int IDLE_SIGNATURES = 16;

	private final Supplier<ECKey> keys;

	private final JwtEncoder fallback;

	private volatile Signer signer;

	/**
	 * @param keys the key that signs now, with its private part (as
	 * {@link SigningKeys#current()})
	 * @param fallback the encoder of every other header or claim value
	 */
	public Es256JwtEncoder(Supplier<ECKey> keys, JwtEncoder fallback) {
		this.keys = keys;
		this.fallback = fallback;
	}

	@Override
	public Jwt encode(JwtEncoderParameters parameters) throws JwtEncodingException {
		JwsHeader header = parameters.getJwsHeader();
		JwtClaimsSet claims = parameters.getClaims();
		if (header == null || !SignatureAlgorithm.ES256.equals(header.getAlgorithm())
				|| !header.getHeaders().keySet().equals(Set.of(JoseHeaderNames.ALG))) {
			return this.fallback.encode(parameters);
		}
		String payload = payload(claims);
		if (payload == null) {
			return this.fallback.encode(parameters);
		}
		Signer current = signer();
		String signingInput = current.encodedHeader() + "."
				+ BASE64URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
		String signature;
		try {
			signature = BASE64URL.encodeToString(current.sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException | JOSEException ex) {
			throw new JwtEncodingException("An error occurred while attempting to encode the Jwt: "
					+ "Failed to sign the JWT -> " + ex.getMessage(), ex);
		}
		return new Jwt(signingInput + "." + signature, instant(claims, JwtClaimNames.IAT),
				instant(claims, JwtClaimNames.EXP), current.headers(), claims.getClaims());
	}

	/** The signer of the current key, made again when the key changed (a rotation). */
	private Signer signer() {
		ECKey key = this.keys.get();
		Signer kept = this.signer;
		if (kept != null && (kept.key() == key || kept.key().equals(key))) {
			return kept;
		}
		try {
			JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build();
			// Nimbus's signer checks the key (an EC private key on P-256) as it always
			// did.
			ECDSASigner checked = new ECDSASigner(key);
			if (!checked.supportedJWSAlgorithms().contains(JWSAlgorithm.ES256)) {
				throw new JOSEException("The signing key is not for ES256 (P-256): " + key.getCurve());
			}
			Signer made = new Signer(key, checked.getPrivateKey(), header.toBase64URL().toString(),
					JwsHeader.with(SignatureAlgorithm.ES256).keyId(key.getKeyID()).build().getHeaders(),
					new ArrayBlockingQueue<>(IDLE_SIGNATURES));
			this.signer = made;
			return made;
		}
		catch (JOSEException ex) {
			throw new JwtEncodingException("An error occurred while attempting to encode the Jwt: "
					+ "Failed to create a JWS Signer -> " + ex.getMessage(), ex);
		}
	}

	/**
	 * The claims' JSON as Nimbus writes the claim set {@code NimbusJwtEncoder} builds
	 * from them (registered claims first, in its order), or null when a value is of a
	 * type this writer leaves to Nimbus.
	 */
	static String payload(JwtClaimsSet claims) {
		Json json = new Json();
		Object issuer = claims.getClaim(JwtClaimNames.ISS);
		if (issuer != null) {
			json.name(JwtClaimNames.ISS).text(issuer.toString());
		}
		String subject = claims.getSubject();
		if (StringUtils.hasText(subject)) {
			json.name(JwtClaimNames.SUB).text(subject);
		}
		List<String> audience = audience(claims);
		if (audience != null && !audience.isEmpty()) {
			json.name(JwtClaimNames.AUD);
			if (audience.size() == 1) {
				json.text(audience.get(0));
			}
			else if (!json.value(audience)) {
				return null;
			}
		}
		seconds(json, JwtClaimNames.EXP, instant(claims, JwtClaimNames.EXP));
		seconds(json, JwtClaimNames.NBF, instant(claims, JwtClaimNames.NBF));
		seconds(json, JwtClaimNames.IAT, instant(claims, JwtClaimNames.IAT));
		String id = claims.getId();
		if (StringUtils.hasText(id)) {
			json.name(JwtClaimNames.JTI).text(id);
		}
		for (Map.Entry<String, Object> claim : claims.getClaims().entrySet()) {
			Object value = claim.getValue();
			if (REGISTERED.contains(claim.getKey()) || value == null) {
				continue;
			}
			json.name(claim.getKey());
			if (value instanceof Date date) {
				json.number(date.getTime() / 1000L);
			}
			else if (!json.value(value)) {
				return null;
			}
		}
		return json.end();
	}

	/**
	 * A time claim as its accessor converts it; an {@link Instant} (what the token
	 * generator sets) as it is, without the conversion service's lookup.
	 */
	private static Instant instant(JwtClaimsSet claims, String name) {
		Object value = claims.getClaims().get(name);
		return (value instanceof Instant instant) ? instant : claims.getClaimAsInstant(name);
	}

	/**
	 * The audience as its accessor converts it; a text or a collection of texts (what the
	 * token generator sets) as it is, without the conversion service.
	 */
	private static List<String> audience(JwtClaimsSet claims) {
		Object value = claims.getClaims().get(JwtClaimNames.AUD);
		if (value instanceof String text) {
			return List.of(text);
		}
		if (value instanceof Collection<?> values && values.stream().allMatch(String.class::isInstance)) {
			return values.stream().map(String.class::cast).toList();
		}
		return claims.getAudience();
	}

	private static void seconds(Json json, String name, Instant instant) {
		if (instant != null) {
			json.name(name).number(instant.toEpochMilli() / 1000L);
		}
	}

	/**
	 * A key's header, encoded once, and its signatures: {@code SHA256withECDSA} objects
	 * initialised with the private key once and used again (a signature object is ready
	 * for the next message once it has signed), as Nimbus's {@code ECDSASigner} signs
	 * (the same algorithm from the same providers, its DER signature transcoded to JOSE's
	 * 64 bytes by Nimbus), without a provider lookup and a key initialisation per token.
	 */
	private record Signer(ECKey key, PrivateKey privateKey, String encodedHeader, Map<String, Object> headers,
			BlockingQueue<Signature> idle) {

		byte[] sign(byte[] signingInput) throws GeneralSecurityException, JOSEException {
			Signature signature = this.idle.poll();
			if (signature == null) {
				signature = Signature.getInstance(ALGORITHM);
				signature.initSign(this.privateKey);
			}
			signature.update(signingInput);
			byte[] der = signature.sign();
			// Only a signature object that signed without an error is used again.
			this.idle.offer(signature);
			return ECDSA.transcodeSignatureToConcat(der, ECDSA.getSignatureByteArrayLength(JWSAlgorithm.ES256));
		}

	}

	/** A JSON object written member by member. */
	private static final class Json {

		private final StringBuilder out = new StringBuilder(512).append('{');

		private boolean first = true;

		Json name(String name) {
			if (!this.first) {
				this.out.append(',');
			}
			this.first = false;
			text(name);
			this.out.append(':');
			return this;
		}

		/** A value of a type Nimbus writes plainly; false for any other. */
		boolean value(Object value) {
			if (value instanceof String text) {
				text(text);
			}
			else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
					|| value instanceof Short || value instanceof Byte) {
				this.out.append(value);
			}
			else if (value instanceof Collection<?> values) {
				this.out.append('[');
				boolean next = false;
				for (Object element : values) {
					if (next) {
						this.out.append(',');
					}
					next = true;
					if (element == null) {
						this.out.append("null");
					}
					else if (!value(element)) {
						return false;
					}
				}
				this.out.append(']');
			}
			else if (value instanceof Map<?, ?> members) {
				this.out.append('{');
				boolean next = false;
				for (Map.Entry<?, ?> member : members.entrySet()) {
					if (!(member.getKey() instanceof String key)) {
						return false;
					}
					if (next) {
						this.out.append(',');
					}
					next = true;
					text(key);
					this.out.append(':');
					if (member.getValue() == null) {
						this.out.append("null");
					}
					else if (!value(member.getValue())) {
						return false;
					}
				}
				this.out.append('}');
			}
			else {
				return false;
			}
			return true;
		}

		void number(long value) {
			this.out.append(value);
		}

		Json text(String value) {
			this.out.append('"');
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				switch (c) {
					case '"' -> this.out.append("\\\"");
					case '\\' -> this.out.append("\\\\");
					case '\n' -> this.out.append("\\n");
					case '\r' -> this.out.append("\\r");
					case '\t' -> this.out.append("\\t");
					case '\b' -> this.out.append("\\b");
					case '\f' -> this.out.append("\\f");
					default -> {
						if (c < 0x20 || c == '\u2028' || c == '\u2029') {
							this.out.append(String.format("\\u%04x", (int) c));
						}
						else {
							this.out.append(c);
						}
					}
				}
			}
			this.out.append('"');
			return this;
		}

		String end() {
			return this.out.append('}').toString();
		}

	}

}
