package dev.bondify.signing;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hands the shared signing keys to Spring Authorization Server (JWKS endpoint, id_token
 * and access token signing).
 */
@Configuration(proxyBeanMethods = false)
class SigningKeyConfiguration {

	@Bean
	JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
		return new SigningJwkSource(keys);
	}

}
