package dev.bondify.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's static files keep to what the CSP and output escaping demand: no inline
 * script or style in the page, and no script that turns strings into markup or code.
 */
class DashboardAssetsTest {

	private static final Path ROOT = Path.of("src/main/resources/static/dashboard");

	private static final Pattern MARKUP_SINKS = Pattern.compile(
			"innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function|setAttribute\\(['\"]on");

	@Test
	void theShellHasNoInlineScriptStyleOrHandlers() throws IOException {
		String html = Files.readString(ROOT.resolve("index.html"));

		assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(html).find()).isFalse();
		assertThat(html).doesNotContain("<style", " style=");
		assertThat(Pattern.compile("\\son[a-z]+=").matcher(html).find()).isFalse();
	}

	@Test
	void noScriptParsesStringsAsMarkupOrCode() throws IOException {
		List<Path> scripts;
		try (Stream<Path> files = Files.walk(ROOT)) {
			scripts = files.filter(path -> path.toString().endsWith(".js")).toList();
		}
		assertThat(scripts).hasSizeGreaterThanOrEqualTo(8);
		for (Path script : scripts) {
			assertThat(MARKUP_SINKS.matcher(Files.readString(script)).find()).as(script.toString()).isFalse();
		}
	}

}
