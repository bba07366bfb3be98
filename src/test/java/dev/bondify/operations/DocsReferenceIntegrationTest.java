package dev.bondify.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.bondify.support.IntegrationTest;
import dev.bondify.system.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The integrators' reference ({@code docs/api.md}) names every JSON route of the running
 * service's OpenAPI description and every error code it can answer, so the document
 * cannot fall behind the code.
 */
class DocsReferenceIntegrationTest extends IntegrationTest {

	private static final Pattern VARIABLE = Pattern.compile("\\{[^}]+}");

	@Test
	void everyApiRouteOfTheOpenApiDescriptionIsInTheReference() throws IOException {
		String reference = Files.readString(Path.of("docs/api.md"));
		JsonNode paths = this.api.get("/v3/api-docs").json().get("paths");
		List<String> missing = new ArrayList<>();
		paths.properties().forEach(path -> {
			if (!path.getKey().startsWith("/api/")) {
				return;
			}
			Pattern documented = Pattern.compile(asDocumented(path.getKey()) + "(?![\\w/-])");
			path.getValue().properties().forEach(operation -> {
				String method = operation.getKey().toUpperCase(Locale.ROOT);
				Matcher matcher = documented.matcher(reference);
				if (!matcher.find()) {
					missing.add(method + " " + path.getKey());
				}
			});
		});
		assertThat(missing).as("routes of /v3/api-docs missing from docs/api.md").isEmpty();
	}

	@Test
	void everyErrorCodeIsInTheReference() throws IOException {
		String reference = Files.readString(Path.of("docs/api.md"));
		List<String> missing = new ArrayList<>();
		for (ErrorCode code : ErrorCode.values()) {
			if (!reference.contains("`" + code.name() + "`")) {
				missing.add(code.name());
			}
		}
		assertThat(missing).as("error codes missing from docs/api.md").isEmpty();
	}

	/**
	 * {@code /projects/{id}} is written {@code /projects/:id} or {@code /projects/<id>}.
	 */
	private static String asDocumented(String path) {
		StringBuilder regex = new StringBuilder();
		Matcher variables = VARIABLE.matcher(path);
		int last = 0;
		while (variables.find()) {
			regex.append(Pattern.quote(path.substring(last, variables.start())));
			regex.append("(?::\\w+|<[^>]+>|\\{\\w+})");
			last = variables.end();
		}
		regex.append(Pattern.quote(path.substring(last)));
		return regex.toString();
	}

}
