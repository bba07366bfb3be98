package dev.bondify.encryption;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.session.SessionService;
import dev.bondify.session.TelegramIdentity;
import dev.bondify.session.TestSessions;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.FakeBotApi;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDatabase;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a database dump alone reveals: after sign-ins with a phone on a project with its
 * own bot and a webhook (whose outbox rows hold the confirmed body), every table dumped
 * as text, and every file of the cluster's directory, contain none of the session token,
 * phone number, bot token, project secret key, own-bot webhook secret or developer-token
 * key, in clear, hex or base64.
 */
class DatabaseDumpIntegrationTest extends IntegrationTest {

	@Autowired
	SessionService sessionService;

	@Test
	void aDumpAndTheDataDirectoryHoldNoUsableCredential() throws IOException {
		Developer developer = this.developers.register();
		long botId = ThreadLocalRandom.current().nextLong(5_000_000_000L, 6_000_000_000L);
		String botToken = botId + ":AAHdumpTest" + Long.toHexString(ThreadLocalRandom.current().nextLong());
		FakeBotApi.get().addBot(botToken, "dump_" + botId + "_bot");
		Response project = this.api.post("/api/v1/dev/projects",
				"{\"name\":\"Dump\",\"req_phone\":true,\"bot_token\":\"" + botToken
						+ "\",\"webhook_url\":\"http://127.0.0.1:9/bondify-hook\"}",
				developer.auth());
		assertThat(project.status()).as(project.body()).isEqualTo(200);
		String projectId = project.field("id");
		String secretKey = project.field("secret_key");
		String[] key = { "Authorization", "Bearer " + secretKey };

		Map<String, String> secrets = new LinkedHashMap<>();
		secrets.put("project secret key", secretKey);
		secrets.put("bot token", botToken);
		secrets.put("own-bot webhook secret", this.sealer.derive("telegram-webhook:" + botId));
		for (int i = 0; i < 2; i++) {
			String phone = "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
			Response generated = this.api.post("/api/v1/generate", "{\"project_id\":\"" + projectId + "\"}", key);
			assertThat(generated.status()).as(generated.body()).isEqualTo(200);
			String token = generated.field("session_token");
			TestSessions.confirm(this.sessionService, this.jdbc, token,
					new TelegramIdentity(900_000 + i, "Dana Dump", "dana", phone));
			if (i == 0) {
				Response verified = this.api.post("/api/v1/verify",
						"{\"project_id\":\"" + projectId + "\",\"session_token\":\"" + token + "\"}", key);
				assertThat(verified.field("telegram_phone")).as("the phone opens for its owner").isEqualTo(phone);
			}
			secrets.put("session token " + i, token);
			secrets.put("phone " + i, phone);
			secrets.put("phone digits " + i, phone.substring(1));
		}
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_deliveries where project_id = ?", Long.class,
				projectId))
			.as("the outbox holds the confirmed bodies")
			.isEqualTo(2);
		byte[] sealedTokenKey = this.jdbc
			.queryForObject("select value from app_secrets where name = 'developer-token-key-sealed'", byte[].class);
		secrets.put("developer-token key",
				Base64.getEncoder().encodeToString(Base64.getDecoder().decode(this.sealer.open(sealedTokenKey).get())));

		String dump = dumpEveryTable();
		assertThat(dump).as("the dump has the rows").contains(projectId);
		for (Map.Entry<String, String> secret : secrets.entrySet()) {
			for (String form : forms(secret.getValue())) {
				assertThat(dump).as(secret.getKey() + " in the dump").doesNotContain(form);
			}
		}

		Path cluster = TestDatabase.embeddedDirectory().orElse(null);
		if (cluster != null) {
			// Committed rows are in the write-ahead log already (fsync on); the service
			// role may not force a checkpoint.
			List<byte[]> needles = new ArrayList<>();
			for (String value : secrets.values()) {
				needles.add(value.getBytes(StandardCharsets.UTF_8));
			}
			try (Stream<Path> files = Files.walk(cluster)) {
				for (Path file : files.filter(Files::isRegularFile).toList()) {
					byte[] content = readIfPresent(file);
					for (int i = 0; i < needles.size(); i++) {
						assertThat(indexOf(content, needles.get(i)))
							.as(List.copyOf(secrets.keySet()).get(i) + " in " + cluster.relativize(file))
							.isEqualTo(-1);
					}
				}
			}
		}
	}

	/** Every row of every table of the schema, all columns as text. */
	private String dumpEveryTable() {
		StringBuilder dump = new StringBuilder();
		for (String table : this.jdbc.queryForList(
				"select tablename from pg_tables where schemaname = current_schema() order by 1", String.class)) {
			for (String row : this.jdbc.queryForList("select t::text from \"" + table + "\" t", String.class)) {
				dump.append(table).append(' ').append(row).append('\n');
			}
		}
		return dump.toString();
	}

	/** The value as it would sit in a text column, a bytea column (hex) or base64. */
	private static List<String> forms(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		return List.of(value, HexFormat.of().formatHex(bytes), Base64.getEncoder().encodeToString(bytes),
				Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
	}

	private static byte[] readIfPresent(Path file) throws IOException {
		try {
			return Files.readAllBytes(file);
		}
		catch (java.nio.file.NoSuchFileException ex) {
			return new byte[0];
		}
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
