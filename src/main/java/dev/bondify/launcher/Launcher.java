package dev.bondify.launcher;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The jar's start class: on a Java older than 21 it says so in one sentence, with where
 * to get a newer JDK, instead of an {@code UnsupportedClassVersionError}; otherwise it
 * hands over to {@code BondifyApplication.main}.
 */
// Compiled with --release 17 (see pom.xml), the oldest Java that Spring Boot's own
// JarLauncher, which loads this class, runs on. BondifyApplication is reached by
// reflection because javac --release 17 cannot read its Java 21 class file.
public final class Launcher {

	static final int REQUIRED = 21;

	static final String APPLICATION = "dev.bondify.BondifyApplication";

	private Launcher() {
	}

	public static void main(String[] args) throws Throwable {
		int running = Runtime.version().feature();
		if (running < REQUIRED) {
			explain(running, System.getProperty("java.home"), System.err);
			System.exit(1);
		}
		Method main = Class.forName(APPLICATION).getMethod("main", String[].class);
		try {
			main.invoke(null, (Object) args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	static void explain(int running, String javaHome, PrintStream err) {
		err.println("Bondify needs Java " + REQUIRED + " or newer, but this java is Java " + running + " (" + javaHome
				+ "); install a JDK " + REQUIRED + "+ and start the jar with its java, e.g. one of:");
		err.println("  Temurin (any OS):   https://adoptium.net/temurin/releases/?version=" + REQUIRED
				+ "  (Debian/Ubuntu: the apt repository at https://adoptium.net/installation/linux/)");
		err.println(
				"  SDKMAN (Linux/mac): sdk install java " + REQUIRED + ".0.9-tem   (sdk list java shows the others)");
		err.println("  Homebrew (macOS):   brew install --cask temurin@" + REQUIRED);
		err.println("  winget (Windows):   winget install EclipseAdoptium.Temurin." + REQUIRED + ".JDK");
		err.println("then run: /path/to/jdk-" + REQUIRED + "/bin/java -jar bondify.jar (or set JAVA_HOME and PATH).");
	}

}
