package com.example.signin;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Every page needs a Telegram sign-in through Bondify; {@code /} shows who signed in. */
@SpringBootApplication
@RestController
public class SignInApplication {

	public static void main(String[] args) {
		SpringApplication.run(SignInApplication.class, args);
	}

	@Bean
	SecurityFilterChain security(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.oauth2Login(Customizer.withDefaults());
		return http.build();
	}

	/** Bondify signs id tokens with ES256; Spring Security expects RS256 unless told. */
	@Bean
	JwtDecoderFactory<ClientRegistration> idTokenDecoderFactory() {
		OidcIdTokenDecoderFactory factory = new OidcIdTokenDecoderFactory();
		factory.setJwsAlgorithmResolver((registration) -> SignatureAlgorithm.ES256);
		return factory;
	}

	@GetMapping("/")
	Map<String, Object> me(@AuthenticationPrincipal OidcUser user) {
		return Map.of("sub", user.getSubject(), "name", String.valueOf(user.getFullName()), "telegram_id",
				String.valueOf(user.getClaimAsString("telegram_id")));
	}

}
