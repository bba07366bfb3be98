package dev.bondify.launcher;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The jar's start class loads on Java 17 and there says, in one sentence and a few lines,
 * that Bondify needs 21+ and where to get it, instead of a stack trace.
 */
class LauncherTest {

	@Test
	void isCompiledForJava17SoAnOldJavaCanLoadIt() throws IOException {
		try (InputStream in = Launcher.class.getResourceAsStream("Launcher.class");
				DataInputStream data = new DataInputStream(in)) {
			assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
			data.readUnsignedShort();
			assertThat(data.readUnsignedShort()).as("class file major version").isEqualTo(61);
		}
	}

	@Test
	void onJava17ItExplainsWhereToGetAJdkAndExitsWithOne() throws Exception {
		Path java17 = findJava17();
		assumeTrue(java17 != null, "no Java 17 installed here");
		Path classes = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());

		Process process = new ProcessBuilder(java17.toString(), "-cp", classes.toString(), Launcher.class.getName())
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(process.exitValue()).isEqualTo(1);
		assertThat(output).startsWith("Bondify needs Java 21 or newer, but this java is Java 17 (")
			.contains("adoptium.net", "sdk install java", "brew install --cask temurin@21",
					"winget install EclipseAdoptium.Temurin.21.JDK")
			.doesNotContain("Exception")
			.doesNotContain("\tat ");
		assertThat(output.lines().count()).isLessThanOrEqualTo(6);
	}

	private static Path findJava17() throws IOException {
		Path jvms = Path.of("/usr/lib/jvm");
		if (!Files.isDirectory(jvms)) {
			return null;
		}
		try (Stream<Path> homes = Files.list(jvms)) {
			return homes.filter((home) -> home.getFileName().toString().contains("17"))
				.map((home) -> home.resolve("bin/java"))
				.filter(Files::isExecutable)
				.findFirst()
				.orElse(null);
		}
	}

}
