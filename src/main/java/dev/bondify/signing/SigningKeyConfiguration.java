package dev.bondify.signing;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.context.annotation.Bean;
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

}
