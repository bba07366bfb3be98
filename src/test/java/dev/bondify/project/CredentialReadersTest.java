package dev.bondify.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session, proof and exchange features take the admitted {@link ProjectClient}: none
 * of them reads the {@code Authorization} header or compares a secret key itself.
 */
class CredentialReadersTest {

	/** The secret key itself is still the HS256 proof key: using it is no comparison. */
	private static final List<String> CREDENTIAL_READS = List.of("AUTHORIZATION", "\"Authorization\"", "BearerTokens",
			"constantTimeEquals", "isProjectKey");

	@ParameterizedTest
	@ValueSource(strings = { "session", "proof", "exchange" })
	void theFeatureReadsNoCredential(String feature) throws IOException {
		try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/bondify", feature))) {
			for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
				String source = Files.readString(file);
				for (String read : CREDENTIAL_READS) {
					assertThat(source).as(file + " reads a credential: " + read).doesNotContain(read);
				}
			}
		}
	}

	/**
	 * Issue 20's rule: exactly one place reads {@code Authorization} (the OpenAPI
	 * description names the header; the OpenID Connect provider's client authentication
	 * is Spring Authorization Server's own, inside the library).
	 */
	@Test
	void onlyTheDoorReadsTheAuthorizationHeader() throws IOException {
		List<String> allowed = List.of("access/BearerTokens.java", "operations/OpenApiConfiguration.java");
		try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/bondify"))) {
			List<String> readers = files.filter(path -> path.toString().endsWith(".java"))
				.filter(CredentialReadersTest::readsAuthorization)
				.map(path -> Path.of("src/main/java/dev/bondify").relativize(path).toString().replace('\\', '/'))
				.sorted()
				.toList();
			assertThat(readers).containsExactlyElementsOf(allowed);
		}
	}

	private static boolean readsAuthorization(Path file) {
		try {
			String source = Files.readString(file);
			return source.contains("HttpHeaders.AUTHORIZATION") || source.contains("\"Authorization\"");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
