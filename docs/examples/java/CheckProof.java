import java.nio.charset.StandardCharsets;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

/**
 * Checks a Bondify proof with jjwt (io.jsonwebtoken:jjwt-api, -impl, -jackson 0.12+).
 * Usage: PROOF=eyJ… SECRET_KEY=sk_live_… PROJECT_ID=proj_… java -cp <jjwt jars> CheckProof.java
 */
public class CheckProof {

	static Claims checkProof(String proof, String secretKey, String projectId) {
		// The key is the UTF-8 bytes of the whole secret key string, prefix included.
		var key = Keys.hmacShaKeyFor(secretKey.getBytes(StandardCharsets.UTF_8));
		Jws<Claims> jws = Jwts.parser()
			.verifyWith(key)
			.requireIssuer("bondify")
			.requireAudience(projectId)
			.build()
			.parseSignedClaims(proof); // signature, exp, iss and aud checked; throws JwtException otherwise
		// Pin HS256: jjwt would also accept HS384 with a key this long.
		if (!"HS256".equals(jws.getHeader().getAlgorithm())) {
			throw new IllegalArgumentException("The proof is not HS256");
		}
		return jws.getPayload(); // getId() is the jti: store it to accept each proof once
	}

	public static void main(String[] args) {
		Claims claims = checkProof(System.getenv("PROOF"), System.getenv("SECRET_KEY"), System.getenv("PROJECT_ID"));
		System.out.println("{\"telegram_id\":\"" + claims.get("telegram_id", String.class) + "\",\"jti\":\""
				+ claims.getId() + "\"}");
	}

}
