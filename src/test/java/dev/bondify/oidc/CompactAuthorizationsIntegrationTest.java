package dev.bondify.oidc;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authorizations are written in the compact format and lose no field of the sign-in on
 * the way to the tokens; a row in Spring Authorization Server's typed JSON (as 0.2.0
 * wrote them) still redeems once; a code is read from the database once per token
 * request.
 */
class CompactAuthorizationsIntegrationTest extends IntegrationTest {

	private static final String REDIRECT = "http://127.0.0.1:9/login/oauth2/code/bondify";

	private static final OAuth2TokenType CODE = new OAuth2TokenType("code");

	@Autowired
	private OAuth2AuthorizationService authorizations;

	@Autowired
	private ProjectClients clients;

	private OidcFlows flows;

	private Project project;

	@BeforeEach
	void client() {
		this.flows = new OidcFlows(this.api);
		this.project = this.projects.sandbox();
		this.jdbc.update("update projects set redirect_uris = ?::text[] where id = ?", "{" + REDIRECT + "}",
				this.project.getId());
	}

	@AfterEach
	void noRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void aSignInIsStoredCompactAndEveryFieldReachesTheTokens() throws Exception {
		String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
		Map<String, String> request = OidcFlows.request(this.project.getId(), REDIRECT, verifier);
		request.put("scope", "openid profile phone");
		String code = OidcFlows
			.parameters(this.flows.signIn(OidcFlows.query(request), "4242", "Compact Person", "", "+15555550142"))
			.get("code");

		Map<String, Object> row = row(code);
		assertThat((String) row.get("attributes")).startsWith("{\"" + CompactMaps.MARK + "\":1")
			.doesNotContain("@class");
		assertThat((String) row.get("authorization_code_metadata")).startsWith("{\"" + CompactMaps.MARK + "\":1");
		OAuth2Authorization stored = this.authorizations.findByToken(code, CODE);
		OAuth2AuthorizationRequest asked = stored.getAttribute(OAuth2AuthorizationRequest.class.getName());
		assertThat(asked.getClientId()).isEqualTo(this.project.getId());
		assertThat(asked.getRedirectUri()).isEqualTo(REDIRECT);
		assertThat(asked.getState()).isEqualTo(request.get("state"));
		assertThat(asked.getScopes()).containsExactlyInAnyOrder("openid", "profile", "phone");
		assertThat(asked.getAdditionalParameters()).containsEntry("nonce", request.get("nonce"))
			.containsEntry("code_challenge", request.get("code_challenge"))
			.containsEntry("code_challenge_method", "S256");
		UsernamePasswordAuthenticationToken user = stored.getAttribute(Principal.class.getName());
		assertThat(user.isAuthenticated()).isTrue();
		assertThat(user.getName()).isEqualTo(stored.getPrincipalName());
		assertThat(user.getAuthorities()).singleElement()
			.satisfies((authority) -> assertThat(((FactorGrantedAuthority) authority).getIssuedAt()).isNotNull());
		assertThat(stored.getAuthorizedScopes()).contains("phone");

		Response tokens = exchange(code, verifier);
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		assertThat(tokens.field("scope").split(" ")).contains("phone");
		Map<String, Object> claims = SignedJWT.parse(tokens.json().get("id_token").asString())
			.getJWTClaimsSet()
			.getClaims();
		assertThat(claims).containsEntry("nonce", request.get("nonce")).containsKey("auth_time");
		Response userinfo = this.api.get("/userinfo", "Authorization",
				"Bearer " + tokens.json().get("access_token").asString());
		assertThat(userinfo.status()).as(userinfo.body()).isEqualTo(200);
		assertThat(userinfo.json().get("sub").asString()).isEqualTo(claims.get("sub"));
		assertThat(userinfo.json().get("phone_number").asString()).isEqualTo("+15555550142");
		Map<String, Object> redeemed = row(code);
		assertThat((String) redeemed.get("access_token_metadata")).startsWith("{\"" + CompactMaps.MARK + "\":1");
		assertThat((String) redeemed.get("oidc_id_token_metadata")).startsWith("{\"" + CompactMaps.MARK + "\":1")
			.doesNotContain("Compact Person")
			.doesNotContain("15555550142");
		assertThat(exchange(code, verifier).field("error")).isEqualTo("invalid_grant");
	}

	@Test
	void aRowInTheTypedJsonOfEarlierReleasesStillRedeemsOnce() throws Exception {
		String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
		Map<String, String> request = OidcFlows.request(this.project.getId(), REDIRECT, verifier);
		String code = OidcFlows.parameters(this.flows.signIn(OidcFlows.query(request), "4343", "Old Row", ""))
			.get("code");
		// Rewrite the row's maps as 0.2.0 wrote them: Spring Authorization Server's own
		// mapper.
		List<SqlParameterValue> typed = new JdbcOAuth2AuthorizationService.JsonMapperOAuth2AuthorizationParametersMapper()
			.apply(this.authorizations.findByToken(code, CODE));
		String attributes = (String) typed.get(5).getValue();
		String metadata = (String) typed.get(10).getValue();
		assertThat(attributes).contains("@class").doesNotStartWith("{\"" + CompactMaps.MARK);
		assertThat(this.jdbc.update(
				"update oauth2_authorization set attributes = ?, authorization_code_metadata = ? where id = ?",
				attributes, metadata, row(code).get("id")))
			.isEqualTo(1);

		Response tokens = exchange(code, verifier);

		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		assertThat(SignedJWT.parse(tokens.json().get("id_token").asString()).getJWTClaimsSet().getClaims())
			.containsEntry("nonce", request.get("nonce"));
		Map<String, Object> redeemed = row(code);
		assertThat(redeemed.get("attributes")).isEqualTo(attributes);
		assertThat((String) redeemed.get("access_token_metadata")).startsWith("{\"" + CompactMaps.MARK + "\":1");
		assertThat(this.api.get("/userinfo", "Authorization", "Bearer " + tokens.json().get("access_token").asString())
			.status()).isEqualTo(200);
		Response replay = exchange(code, verifier);
		assertThat(replay.status()).isEqualTo(400);
		assertThat(replay.field("error")).isEqualTo("invalid_grant");
	}

	@Test
	void aCodeIsReadOncePerRequestAndAfreshAfterItsRowChanged() {
		String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
		String code = OidcFlows
			.parameters(this.flows.signIn(OidcFlows.query(OidcFlows.request(this.project.getId(), REDIRECT, verifier)),
					"4444", "Read Once", ""))
			.get("code");
		AtomicInteger selects = new AtomicInteger();
		JdbcTemplate counting = new JdbcTemplate(this.jdbc.getDataSource()) {
			@Override
			public <T> List<T> query(String sql, PreparedStatementSetter setter, RowMapper<T> mapper) {
				selects.incrementAndGet();
				return super.query(sql, setter, mapper);
			}

			// The code lookups read together (CodeReads).
			@Override
			public void query(PreparedStatementCreator creator, RowCallbackHandler handler) {
				selects.incrementAndGet();
				super.query(creator, handler);
			}
		};
		HashedAuthorizationService service = new HashedAuthorizationService(counting, this.clients);

		// Outside a request every lookup reads the row.
		service.findByToken(code, CODE);
		service.findByToken(code, CODE);
		assertThat(selects).hasValue(2);

		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
		OAuth2Authorization first = service.findByToken(code, CODE);
		OAuth2Authorization second = service.findByToken(code, CODE);
		assertThat(selects).hasValue(3);
		assertThat(second).isSameAs(first);
		assertThat(service.findByToken("another-" + code, CODE)).isNull();
		assertThat(selects).hasValue(4);

		// A save of the row (here: its code invalidated) is read afresh.
		service.save(OAuth2Authorization.from(first)
			.invalidate(first.getToken(OAuth2AuthorizationCode.class).getToken())
			.build());
		OAuth2Authorization third = service.findByToken(code, CODE);
		assertThat(selects).hasValue(6);
		assertThat(third.getToken(OAuth2AuthorizationCode.class).isInvalidated()).isTrue();
	}

	private Map<String, Object> row(String code) {
		return this.jdbc.queryForMap("select * from oauth2_authorization where authorization_code_value = ?",
				HashedAuthorizationService.hash(code));
	}

	private Response exchange(String code, String verifier) {
		return this.flows.token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
				"code_verifier", verifier), "Authorization",
				OidcFlows.basic(this.project.getId(), this.project.getSecretKey()));
	}

}
