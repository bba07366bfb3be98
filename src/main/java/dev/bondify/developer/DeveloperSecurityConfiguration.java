package dev.bondify.developer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.bondify.access.Surface;
import dev.bondify.access.SurfaceCustomizer;
import dev.bondify.system.ErrorResponseWriter;

/**
 * The password hash of developer accounts, and developer tokens as Spring Security's
 * resource server on the developer surface's chain: the HS256 {@code JwtDecoder} of
 * {@link DeveloperTokens}, {@link DeveloperTokenAuthentication} for revocation and the
 * principal, {@link DeveloperBearerTokens} for where the token is, and
 * {@link DeveloperTokenEntryPoint} for the refusal.
 */
@Configuration(proxyBeanMethods = false)
class DeveloperSecurityConfiguration {

	@Bean
	PasswordEncoder developerPasswordEncoder() {
		return new BCryptPasswordEncoder();
	}

	/**
	 * The developer token check, inside the developer surface's chain. The decoder and
	 * resolver are handed to this chain only (no beans of those types), so the OpenID
	 * provider's own resource server is left alone.
	 */
	@Bean
	SurfaceCustomizer developerTokenSurface(DeveloperTokens tokens, DeveloperRepository developers,
			ErrorResponseWriter writer, ObjectProvider<DeveloperTokenCookie> cookie) {
		return new SurfaceCustomizer() {

			@Override
			public Surface surface() {
				return Surface.DEVELOPER;
			}

			@Override
			public void customize(HttpSecurity http) {
				http.oauth2ResourceServer((resourceServer) -> resourceServer
					.bearerTokenResolver(new DeveloperBearerTokens(cookie.getIfAvailable()))
					.authenticationEntryPoint(new DeveloperTokenEntryPoint(writer))
					.jwt((jwt) -> jwt.decoder((token) -> tokens.decoder().decode(token))
						.jwtAuthenticationConverter(new DeveloperTokenAuthentication(developers))));
			}

		};
	}

}
