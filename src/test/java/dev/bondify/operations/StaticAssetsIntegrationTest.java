package dev.bondify.operations;

import org.junit.jupiter.api.Test;

import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The icons a browser asks for exist, so no page shows a 404 in its console.
 */
class StaticAssetsIntegrationTest extends IntegrationTest {

	@Test
	void faviconIsServed() {
		Response ico = this.api.get("/favicon.ico");
		assertThat(ico.status()).isEqualTo(200);
		assertThat(ico.header("Content-Type")).startsWith("image/");

		Response svg = this.api.get("/favicon.svg");
		assertThat(svg.status()).isEqualTo(200);
		assertThat(svg.body()).contains("<svg");
	}

}
