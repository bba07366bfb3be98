package dev.bondify.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.yaml.snakeyaml.Yaml;

import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs here, so the image, compose and CI files are checked for what
 * they reference: the jar the build produces, the port, the health path, the files
 * copied, and every setting of the configuration.
 */
class DeploymentFilesTest {

	/** The management port the image and the recipes use. */
	private static final String IMAGE_MANAGEMENT_PORT = "8081";

	private static final Path ROOT = Path.of("").toAbsolutePath();

	@Test
	void dockerfileExtractsTheJarTheBuildProduces() throws Exception {
		String dockerfile = read("Dockerfile");
		Matcher jar = Pattern.compile("target/(\\S+\\.jar)").matcher(dockerfile);
		assertThat(jar.find()).as("the Dockerfile names the built jar").isTrue();

		Element project = pom();
		String built = text(project, "artifactId") + "-" + text(project, "version") + ".jar";
		assertThat(built).matches(globToRegex(jar.group(1)));
		assertThat(dockerfile).contains("-Djarmode=tools").contains("extract --layers --launcher");
		assertThat(dockerfile).contains("org.springframework.boot.loader.launch.JarLauncher");
	}

	@Test
	void dockerfileCopiesOnlyFilesThatExistAndDockerignoreKeeps() throws IOException {
		String dockerfile = read("Dockerfile");
		List<String> ignored = read(".dockerignore").lines()
			.map(String::strip)
			.filter(line -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(.+) \\S+$").matcher(dockerfile);
		int copied = 0;
		while (copy.find()) {
			for (String source : copy.group(1).split(" ")) {
				copied++;
				assertThat(ROOT.resolve(source)).as(source).exists();
				assertThat(ignored).as(source + " must not be dockerignored").doesNotContain(source);
			}
		}
		assertThat(copied).isGreaterThanOrEqualTo(4);
		assertThat(ignored).contains("target", ".bondify", ".git");
	}

	@Test
	void imageRunsAsNonRootOnThePortWithAHealthcheckOnTheLivenessProbe() throws IOException {
		String dockerfile = read("Dockerfile");
		Properties config = applicationYml();
		String port = defaultOf(config.getProperty("server.port"));
		String managementPort = IMAGE_MANAGEMENT_PORT;
		assertThat(defaultOf(config.getProperty("bondify.management.port")))
			.as("off by default for java -jar and spring-boot:run")
			.isEqualTo("-1");

		assertThat(dockerfile).containsPattern("(?m)^FROM --platform=\\$BUILDPLATFORM eclipse-temurin:21-jdk AS build$")
			.contains("-Dbondify.pg.platform=")
			.containsPattern("(?m)^FROM eclipse-temurin:21-jre$")
			.containsPattern("(?m)^USER bondify$")
			.containsPattern("(?m)^EXPOSE " + port + "$")
			.contains("SERVER_PORT=" + port)
			.containsPattern("(?m)^EXPOSE " + managementPort + "$")
			.contains("BONDIFY_MANAGEMENT_PORT=" + managementPort);
		// The probe goes to the management port, whose platform threads answer while the
		// API's virtual threads are all busy.
		Matcher healthcheck = Pattern
			.compile("HEALTHCHECK[^\\n]*\\\\\\n\\s*CMD (?s:.*?)curl[^\"]*\"http://127\\.0\\.0\\.1:"
					+ "\\$\\{p\\}(/\\S+)\"")
			.matcher(dockerfile);
		assertThat(healthcheck.find()).as("HEALTHCHECK with curl on the local management port").isTrue();
		assertThat(healthcheck.group(1)).isEqualTo("/actuator/health/liveness");
		assertThat(config.getProperty("management.endpoints.web.exposure.include")).contains("health");
		assertThat(config.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
	}

	/**
	 * The HEALTHCHECK command, run by sh with curl replaced by echo: the management port
	 * when it has a fixed one, the main port when it is off (-1) or random (0).
	 */
	@Test
	void healthcheckFallsBackToTheMainPortWhenTheManagementPortIsOffOrRandom() throws Exception {
		Matcher command = Pattern.compile("(?m)^HEALTHCHECK .*\\\\\\n\\s*CMD ((?:.*\\\\\\n)*.*)$")
			.matcher(read("Dockerfile"));
		assertThat(command.find()).as("HEALTHCHECK ... CMD").isTrue();
		String probe = command.group(1).replace("\\\n", " ").replace("curl -fsS -o /dev/null", "echo");
		assertThat(probe).as("curl was replaced").doesNotContain("curl");
		String liveness = "/actuator/health/liveness";
		assertThat(healthcheck(probe, Map.of("BONDIFY_MANAGEMENT_PORT", "8081", "SERVER_PORT", "8080")))
			.isEqualTo("http://127.0.0.1:8081" + liveness);
		assertThat(healthcheck(probe, Map.of("BONDIFY_MANAGEMENT_PORT", "9001", "SERVER_PORT", "9000")))
			.isEqualTo("http://127.0.0.1:9001" + liveness);
		assertThat(healthcheck(probe, Map.of("BONDIFY_MANAGEMENT_PORT", "-1", "SERVER_PORT", "9000")))
			.isEqualTo("http://127.0.0.1:9000" + liveness);
		assertThat(healthcheck(probe, Map.of("BONDIFY_MANAGEMENT_PORT", "0", "SERVER_PORT", "9000")))
			.isEqualTo("http://127.0.0.1:9000" + liveness);
		assertThat(healthcheck(probe, Map.of("BONDIFY_MANAGEMENT_PORT", "-1")))
			.isEqualTo("http://127.0.0.1:8080" + liveness);
		assertThat(healthcheck(probe, Map.of())).isEqualTo("http://127.0.0.1:8081" + liveness);
	}

	@Test
	void caddyHealthPortIsTheManagementPortAndSaysItMustFollowIt() throws IOException {
		String caddyfile = read("deploy/Caddyfile");
		String managementPort = IMAGE_MANAGEMENT_PORT;
		assertThat(caddyfile).containsPattern("(?m)^\\s*health_port " + managementPort + "$");
		assertThat(caddyfile).containsPattern("(?m)^\\s*#.*health_port.*BONDIFY_MANAGEMENT_PORT");
	}

	/**
	 * The image, the compose files and the deploy recipes set the management port
	 * explicitly (the application's default is off).
	 */
	@Test
	void composeFilesAndRecipesSetTheManagementPortExplicitly() throws IOException {
		assertThat(read("docker-compose.yml"))
			.contains("BONDIFY_MANAGEMENT_PORT: ${BONDIFY_MANAGEMENT_PORT:-" + IMAGE_MANAGEMENT_PORT + "}");
		assertThat(read("deploy/docker-compose.production.yml"))
			.contains("BONDIFY_MANAGEMENT_PORT: ${BONDIFY_MANAGEMENT_PORT:-" + IMAGE_MANAGEMENT_PORT + "}");
		assertThat(read("e2e/run.sh")).contains("BONDIFY_MANAGEMENT_PORT=");
	}

	private static String healthcheck(String command, Map<String, String> environment) throws Exception {
		ProcessBuilder sh = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
		sh.environment().clear();
		sh.environment().put("PATH", "/usr/bin:/bin");
		sh.environment().putAll(environment);
		Process process = sh.start();
		String output = new String(process.getInputStream().readAllBytes()).strip();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

	@Test
	@SuppressWarnings("unchecked")
	void composeRunsPostgres17AndTheAppWithEverySetting() throws IOException {
		Map<String, Object> compose = new Yaml().load(read("docker-compose.yml"));
		Map<String, Object> services = (Map<String, Object>) compose.get("services");
		Map<String, Object> postgres = (Map<String, Object>) services.get("postgres");
		Map<String, Object> app = (Map<String, Object>) services.get("bondify");

		assertThat(postgres.get("image").toString()).startsWith("postgres:17");
		assertThat(postgres).containsKey("healthcheck");
		assertThat((List<String>) postgres.get("volumes"))
			.anyMatch(volume -> volume.endsWith(":/var/lib/postgresql/data"));
		assertThat(
				((Map<String, Object>) ((Map<String, Object>) app.get("depends_on")).get("postgres")).get("condition"))
			.isEqualTo("service_healthy");
		String port = defaultOf(applicationYml().getProperty("server.port"));
		assertThat((List<String>) app.get("ports")).containsExactly(port + ":" + port);

		Map<String, Object> environment = (Map<String, Object>) app.get("environment");
		assertThat(environment).containsKeys("SERVER_PORT", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
				"SPRING_DATASOURCE_PASSWORD");
		Set<String> documented = new TreeSet<>();
		documented.addAll(variables(read("src/main/resources/application.yml")));
		documented.addAll(variables(read("README.md")));
		documented.addAll(variables(read("docs/configuration.md")));
		assertThat(documented).as("settings found").hasSizeGreaterThan(10);
		assertThat(environment.keySet()).containsAll(documented);
		for (String secret : List.of("BONDIFY_AUTH_SECRET", "BONDIFY_TELEGRAM_BOT_TOKEN",
				"BONDIFY_TELEGRAM_WEBHOOK_SECRET")) {
			assertThat(environment.get(secret)).as(secret + " holds no value").isEqualTo("${" + secret + ":-}");
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void ciWorkflowVerifiesOnJdk21TemurinWithReadOnlyPermissions() throws IOException {
		Map<String, Object> workflow = new Yaml().load(read(".github/workflows/ci.yml"));
		// YAML 1.1 reads the key "on" as boolean true.
		Map<String, Object> on = (Map<String, Object>) (workflow.containsKey("on") ? workflow.get("on")
				: workflow.get(Boolean.TRUE));
		assertThat(on).containsKeys("push", "pull_request");
		assertThat(workflow.get("permissions")).isEqualTo(Map.of("contents", "read"));

		String text = read(".github/workflows/ci.yml");
		assertThat(text).contains("actions/setup-java@")
			.contains("distribution: temurin")
			.contains("java-version: '21'")
			.contains("cache: maven")
			.contains("run: ./mvnw -B verify");
		assertThat(ROOT.resolve("mvnw")).isExecutable();
	}

	private static Set<String> variables(String text) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = Pattern.compile("\\bBONDIFY_[A-Z0-9_]*[A-Z0-9]\\b").matcher(text);
		while (matcher.find()) {
			names.add(matcher.group());
		}
		return names;
	}

	private static Properties applicationYml() {
		YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
		yaml.setResources(new FileSystemResource(ROOT.resolve("src/main/resources/application.yml")));
		return yaml.getObject();
	}

	/** {@code ${SERVER_PORT:8080}} → {@code 8080}. */
	private static String defaultOf(String placeholder) {
		Matcher matcher = Pattern.compile("\\$\\{[A-Z_]+:([^}]*)}").matcher(placeholder);
		return matcher.matches() ? matcher.group(1) : placeholder;
	}

	private static String globToRegex(String glob) {
		return Pattern.quote(glob).replace("*", "\\E.*\\Q");
	}

	private static Element pom() throws Exception {
		Document document = DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(ROOT.resolve("pom.xml").toFile());
		return document.getDocumentElement();
	}

	/**
	 * A direct child's text, so the parent's artifactId and version are not taken for the
	 * project's.
	 */
	private static String text(Element parent, String name) {
		for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
			if (child instanceof Element element && element.getTagName().equals(name)) {
				return element.getTextContent().strip();
			}
		}
		throw new IllegalStateException("No <" + name + "> in pom.xml");
	}

	private static String read(String path) throws IOException {
		return Files.readString(ROOT.resolve(path));
	}

}
