package dev.bondify.proof;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.jsonwebtoken.Jwts;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import dev.bondify.session.SessionProperties;
import dev.bondify.system.RandomTokens;

/**
 * Signs proofs: compact JWS, always HS256, keyed with the UTF-8 bytes of the whole secret key string.
 */
@Component
public class ProofIssuer {

	private final Clock clock;

	private final Duration ttl;

	private final String issuer;

	private final JsonMapper jsonMapper;

	ProofIssuer(Clock clock, SessionProperties sessions, ProofProperties properties, JsonMapper jsonMapper) {
		this.clock = clock;
		this.ttl = sessions.proofTtl();
		this.issuer = properties.issuer();
		this.jsonMapper = jsonMapper;
	}

	public String issue(String secretKey, ProofClaims claims) {
		long iat = this.clock.instant().getEpochSecond();
		// Built by hand so that null username / phone stay explicit nulls (jjwt drops null claims).
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("telegram_id", claims.telegramId());
		payload.put("telegram_name", claims.telegramName());
		payload.put("telegram_username", claims.telegramUsername());
		payload.put("telegram_phone", claims.telegramPhone());
		payload.put("project_id", claims.projectId());
		payload.put("session_token", claims.sessionToken());
		payload.put("confirmed_at", claims.confirmedAt().toEpochMilli());
		payload.put("iss", this.issuer);
		payload.put("aud", claims.projectId());
		payload.put("sub", claims.telegramId());
		payload.put("jti", RandomTokens.base64Url256(""));
		payload.put("iat", iat);
		payload.put("exp", iat + this.ttl.toSeconds());
		return Jwts.builder()
			.header()
			.type("JWT")
			.and()
			.content(this.jsonMapper.writeValueAsBytes(payload))
			.signWith(key(secretKey), Jwts.SIG.HS256)
			.compact();
	}

	static SecretKey key(String secretKey) {
		return new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	Instant now() {
		return this.clock.instant();
	}

}
