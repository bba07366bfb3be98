package dev.bondify.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recipes without Docker and for Kubernetes are checked for what would break them:
 * kubectl is not installed everywhere (.ci/run renders the kustomization where it is), so
 * the manifests are parsed here and their references followed; the systemd unit keeps its
 * sandbox; every alert's runbook exists.
 */
class OperationsRecipesTest {

	private static final Path KUBERNETES = Path.of("deploy/kubernetes");

	@Test
	@SuppressWarnings("unchecked")
	void kubernetesRunsTwoReplicasWithProbesOnTheManagementPortAndABudget() throws IOException {
		Map<String, Object> kustomization = yaml(KUBERNETES.resolve("kustomization.yaml"));
		Map<String, Map<String, Object>> byKind = new HashMap<>();
		for (String resource : (List<String>) kustomization.get("resources")) {
			Map<String, Object> manifest = yaml(KUBERNETES.resolve(resource));
			byKind.put((String) manifest.get("kind"), manifest);
		}
		assertThat(byKind).containsKeys("Deployment", "PodDisruptionBudget", "Secret", "ConfigMap", "Service");

		Map<String, Object> deployment = byKind.get("Deployment");
		Map<String, Object> spec = map(deployment, "spec");
		assertThat(spec.get("replicas")).isEqualTo(2);
		Map<String, Object> labels = map(map(map(spec, "template"), "metadata"), "labels");
		assertThat(map(map(spec, "selector"), "matchLabels")).isEqualTo(labels);
		Map<String, Object> container = ((List<Map<String, Object>>) map(map(spec, "template"), "spec")
			.get("containers")).get(0);
		Map<String, Integer> ports = new HashMap<>();
		for (Map<String, Object> port : (List<Map<String, Object>>) container.get("ports")) {
			ports.put((String) port.get("name"), (Integer) port.get("containerPort"));
		}
		assertThat(ports).containsEntry("http", 8080).containsEntry("management", 8081);
		Map<String, String> config = (Map<String, String>) byKind.get("ConfigMap").get("data");
		assertThat(config.get("BONDIFY_MANAGEMENT_PORT")).isEqualTo("8081");
		assertThat(probe(container, "livenessProbe")).containsEntry("path", "/actuator/health/liveness")
			.containsEntry("port", "management");
		assertThat(probe(container, "readinessProbe")).containsEntry("path", "/actuator/health/readiness")
			.containsEntry("port", "management");
		assertThat(map(container, "readinessProbe").get("timeoutSeconds")).as("above the 1 s pool timeout")
			.isEqualTo(2);

		List<Map<String, Map<String, String>>> sources = (List<Map<String, Map<String, String>>>) container
			.get("envFrom");
		assertThat(sources).extracting((source) -> source.values().iterator().next().get("name"))
			.containsExactlyInAnyOrder(name(byKind.get("ConfigMap")), name(byKind.get("Secret")));
		assertThat((Map<String, String>) byKind.get("Secret").get("stringData")).containsKeys("BONDIFY_AUTH_SECRET",
				"BONDIFY_ENCRYPTION_KEY", "SPRING_DATASOURCE_PASSWORD");

		Map<String, Object> budget = map(byKind.get("PodDisruptionBudget"), "spec");
		assertThat(budget.get("minAvailable")).isEqualTo(1);
		assertThat(map(map(budget, "selector"), "matchLabels")).isEqualTo(labels);
		Map<String, Object> service = map(byKind.get("Service"), "spec");
		assertThat(map(service, "selector")).isEqualTo(labels);
		assertThat((List<Map<String, Object>>) service.get("ports"))
			.allSatisfy((port) -> assertThat(ports).containsKey((String) port.get("targetPort")));
	}

	@Test
	void theSystemdUnitRunsTheJarInAHardenedSandbox() throws IOException {
		String unit = Files.readString(Path.of("deploy/systemd/bondify.service"));

		assertThat(unit).containsPattern("(?m)^ExecStart=\\S+/bin/java .*-jar /opt/bondify/bondify.jar$")
			.contains("DynamicUser=yes", "ProtectSystem=strict", "NoNewPrivileges=yes", "StateDirectory=bondify",
					"ProtectHome=yes", "PrivateTmp=yes", "CapabilityBoundingSet=\n",
					"EnvironmentFile=/etc/bondify/bondify.env", "Environment=BONDIFY_DATA_DIR=/var/lib/bondify",
					"SuccessExitStatus=143");
		String environment = Files.readString(Path.of("deploy/systemd/bondify.env.example"));
		String yml = Files.readString(Path.of("src/main/resources/application.yml"));
		Matcher variable = Pattern.compile("(?m)^(BONDIFY_[A-Z_]+)=").matcher(environment);
		int count = 0;
		while (variable.find()) {
			assertThat(yml).as(variable.group(1) + " is a real setting").contains("${" + variable.group(1) + ":");
			count++;
		}
		assertThat(count).isGreaterThan(5);
	}

	@Test
	void proxiesCheckEachInstanceActivelyOnItsManagementPort() throws IOException {
		String haproxy = Files.readString(Path.of("deploy/haproxy.cfg"));
		assertThat(haproxy).contains("option httpchk GET /actuator/health/readiness")
			.contains("server bondify-1 127.0.0.1:8080 check port 8081")
			.contains("server bondify-2 127.0.0.1:8090 check port 8091");
		String nginx = Files.readString(Path.of("deploy/nginx.conf"));
		assertThat(nginx).contains("PASSIVE checks only")
			.contains("health_check port=8081 uri=/actuator/health/readiness");
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyAlertHasARunbookEntryInTheOperationsGuide() throws IOException {
		String guide = Files.readString(Path.of("docs/operations.md"));
		Map<String, Object> rules = yaml(Path.of("deploy/prometheus/alerts.yml"));
		List<Map<String, Object>> alerts = (List<Map<String, Object>>) ((List<Map<String, Object>>) rules.get("groups"))
			.get(0)
			.get("rules");

		assertThat(alerts).hasSizeGreaterThanOrEqualTo(7);
		for (Map<String, Object> alert : alerts) {
			String name = (String) alert.get("alert");
			String runbook = ((Map<String, String>) alert.get("annotations")).get("runbook");
			assertThat(runbook).isEqualTo("docs/operations.md#" + name.toLowerCase(java.util.Locale.ROOT));
			assertThat(guide)
				.contains("<a id=\"" + name.toLowerCase(java.util.Locale.ROOT) + "\"></a>**" + name + "**");
		}
	}

	private static Map<String, String> probe(Map<String, Object> container, String name) {
		Map<String, Object> get = map(map(container, name), "httpGet");
		return Map.of("path", String.valueOf(get.get("path")), "port", String.valueOf(get.get("port")));
	}

	private static String name(Map<String, Object> manifest) {
		return (String) map(manifest, "metadata").get("name");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> parent, String key) {
		Object value = parent.get(key);
		assertThat(value).as(key).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	private static Map<String, Object> yaml(Path file) throws IOException {
		return new Yaml().load(Files.readString(file));
	}

}
