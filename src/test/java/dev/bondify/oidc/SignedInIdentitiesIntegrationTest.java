package dev.bondify.oidc;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.session.SessionService;
import dev.bondify.session.TelegramIdentity;
import dev.bondify.session.TestSessions;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The confirmed sessions the token endpoint and {@code /userinfo} read: kept for a minute
 * once confirmed, never kept while not confirmed.
 */
class SignedInIdentitiesIntegrationTest extends IntegrationTest {

	private static final TelegramIdentity USER = new TelegramIdentity(4242L, "Kept User", "kept", null);

	@Autowired
	private SignedInIdentities identities;

	@Autowired
	private SessionService sessionService;

	private Project project;

	@BeforeEach
	void setUp() {
		this.project = this.projects.sandbox();
	}

	@Test
	void aConfirmedSessionIsReadOnceAMinute() {
		UUID id = confirmed(generate());
		assertThat(this.identities.confirmed(id))
			.hasValueSatisfying(s -> assertThat(s.telegramName()).isEqualTo("Kept User"));
		// A change behind the service's back shows whether the second answer came from
		// the database.
		this.jdbc.update("update auth_sessions set telegram_name = 'Changed Name' where id = ?", id);

		assertThat(this.identities.confirmed(id))
			.hasValueSatisfying(s -> assertThat(s.telegramName()).isEqualTo("Kept User"));
		this.clock.advance(SignedInIdentities.KEPT.plus(Duration.ofSeconds(1)));
		assertThat(this.identities.confirmed(id))
			.hasValueSatisfying(s -> assertThat(s.telegramName()).isEqualTo("Changed Name"));
	}

	@Test
	void aPendingSessionIsNotKeptSoItsConfirmIsSeenAtOnce() {
		String token = generate();
		UUID id = idOf(token);
		assertThat(this.identities.confirmed(id)).isEmpty();

		TestSessions.confirm(this.sessionService, this.jdbc, token, USER);

		assertThat(this.identities.confirmed(id)).hasValueSatisfying(s -> assertThat(s.telegramId()).isEqualTo("4242"));
	}

	@Test
	void anUnknownSessionIsEmpty() {
		assertThat(this.identities.confirmed(UUID.randomUUID())).isEmpty();
	}

	private String generate() {
		return this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + this.project.getId() + "\"}")
			.field("session_token");
	}

	private UUID confirmed(String token) {
		return TestSessions.confirm(this.sessionService, this.jdbc, token, USER).session().id();
	}

	private UUID idOf(String token) {
		return this.jdbc.queryForObject("select id from auth_sessions where token_hash = sha256(convert_to(?, 'UTF8'))",
				UUID.class, token);
	}

}
