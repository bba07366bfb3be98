package dev.bondify.signing;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Placeholder for the oidc branch: the signing keys as a Nimbus {@link JWKSource}.
 */
@Configuration(proxyBeanMethods = false)
class SigningKeyConfiguration {

	@Bean
	JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
		return (selector, context) -> selector.select(new JWKSet(keys.current()));
	}

}
