package com.example.signin;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
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
import org.springframework.web.util.HtmlUtils;

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

	/** The signed-in user's name and Telegram id; every claim is escaped before it is shown. */
	@GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
	String me(@AuthenticationPrincipal OidcUser user) {
		String username = user.getPreferredUsername();
		return """
				<!DOCTYPE html>
				<html lang="en"><head><meta charset="utf-8">
				<meta name="viewport" content="width=device-width, initial-scale=1">
				<title>Signed in</title>
				<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}
				dt{color:#667;font-size:.85rem}dd{margin:0 0 .75rem;overflow-wrap:anywhere}</style></head>
				<body><h1>Signed in as <span id="name">%s</span></h1>
				<dl><dt>Telegram username</dt><dd id="username">%s</dd>
				<dt>Telegram id</dt><dd id="telegram-id">%s</dd>
				<dt>Subject (pairwise, per project)</dt><dd id="sub">%s</dd></dl></body></html>
				""".formatted(escape(user.getFullName()), escape((username != null) ? "@" + username : "—"),
				escape(user.getClaimAsString("telegram_id")), escape(user.getSubject()));
	}

	private static String escape(String text) {
		return HtmlUtils.htmlEscape(String.valueOf(text));
	}

}
