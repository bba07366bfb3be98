package dev.bondify.operations;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one start-up line names the database, the Telegram mode, the sandbox, the demo and
 * the public URL of the running instance, and no secret.
 */
class StartupSummaryIntegrationTest extends IntegrationTest {

	@Autowired
	private StartupSummary summary;

	@Test
	void summaryNamesEveryModeOfTheRunningInstance() {
		String line = this.summary.summary();

		assertThat(line).startsWith("Bondify ready: port ")
			.containsPattern("; management port [0-9]+ \\(health, metrics\\);")
			.contains("database external jdbc:postgresql://")
			.contains("Telegram webhook mode as @bondify_test_bot")
			.contains("sandbox on")
			.contains("demo on at http://localhost:")
			.contains("public URL unset (links and QR codes use the request's host")
			.doesNotContain("test-token")
			.doesNotContain("test-webhook-secret");
	}

}
