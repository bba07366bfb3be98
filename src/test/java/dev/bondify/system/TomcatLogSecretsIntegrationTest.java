package dev.bondify.system;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat quotes the request line or header it could not parse in its log message; a
 * secret sent in one (an {@code Authorization} header, a key in a query) must reach no
 * log line, only the JSON 400.
 */
@ExtendWith(OutputCaptureExtension.class)
class TomcatLogSecretsIntegrationTest extends IntegrationTest {

	private static final String SECRET = "sk_live_" + "S3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tX";

	@Test
	void rejectedHeadersRequestLinesAndParametersNeverLogTheSecret(CapturedOutput output) throws IOException {
		RawHttp.Response badHeader = RawHttp.send(this.port, "GET /api/v1/dev/projects HTTP/1.1\r\nHost: localhost\r\n"
				+ "Authorization: Bearer " + SECRET + "\u0001\r\nConnection: close\r\n\r\n");
		RawHttp.Response badLine = RawHttp.send(this.port,
				"GET /api/v1/dev/projects?key=" + SECRET + "\u0001 HTTP/1.1\r\nHost: localhost\r\n\r\n");
		RawHttp.Response badQuery = RawHttp.send(this.port, "GET /api/v1/dev/projects?key=" + SECRET
				+ "%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		RawHttp.Response oversized = RawHttp.send(this.port,
				"GET /api/v1/dev/projects HTTP/1.1\r\nHost: localhost\r\n" + "Authorization: Bearer " + SECRET
						+ "\r\nX-Pad: " + "p".repeat(20_000) + "\r\nConnection: close\r\n\r\n");

		assertThat(badHeader.status()).isEqualTo(400);
		assertThat(badLine.status()).isEqualTo(400);
		assertThat(badQuery.status()).isEqualTo(400);
		assertThat(oversized.status()).isEqualTo(400);
		assertThat(output.getAll()).doesNotContain(SECRET).doesNotContain("S3cr3tS3cr3t");
	}

	/**
	 * Tomcat logs its first parse error of a day at INFO and the rest at DEBUG, so a
	 * captured-output check alone depends on which test ran first; the levels make it
	 * certain.
	 */
	@Test
	void tomcatParseErrorLoggersAreQuietBelowWarn() {
		for (String name : new String[] { "org.apache.coyote.http11.Http11Processor",
				"org.apache.coyote.http11.Http11InputBuffer", "org.apache.tomcat.util.http.Parameters" }) {
			assertThat(LoggerFactory.getLogger(name).isInfoEnabled()).as(name).isFalse();
		}
	}

}
