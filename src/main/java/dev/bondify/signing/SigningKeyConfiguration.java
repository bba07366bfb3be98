package dev.bondify.signing;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.context.annotation.Configuration;

/**
 * Hands the shared signing keys to Spring Authorization Server (JWKS endpoint, id_token
 * and access token signing), ES256 signed by AWS-LC where it runs
 * ({@link AcceleratedEcdsa}).
 */
@Configuration(proxyBeanMethods = false)
class SigningKeyConfiguration {

	@Bean
	JWKSource<SecurityContext> jwkSource(SigningKeys keys, SigningProperties properties) {
		if (properties.accelerated()) {
			AcceleratedEcdsa.install();
		}
		return new SigningJwkSource(keys);
	}

	/**
	 * The encoder of the OpenID Connect provider's tokens: ES256 with the current key
	 * ({@link Es256JwtEncoder}), any other header or claim type by Nimbus with the same
	 * keys.
	 */
	@Bean
	JwtEncoder tokenEncoder(SigningKeys keys, JWKSource<SecurityContext> jwkSource) {
		return new Es256JwtEncoder(keys::current, new NimbusJwtEncoder(jwkSource));
	}

}
