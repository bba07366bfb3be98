package dev.bondify.operations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description covers every route the application serves, with the wire's
 * field names and credentials.
 */
class OpenApiIntegrationTest extends IntegrationTest {

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping handlerMapping;

	@Test
	void everyControllerRouteAppearsInTheApiDocsWithItsMethods() {
		JsonNode paths = apiDocs().get("paths");
		List<String> missing = new ArrayList<>();
		int checked = 0;
		for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : this.handlerMapping.getHandlerMethods().entrySet()) {
			if (entry.getValue().getBeanType().getPackageName().startsWith("org.springdoc")) {
				continue;
			}
			for (String path : entry.getKey().getPatternValues()) {
				if (path.equals("/error") || path.startsWith("/actuator")) {
					continue;
				}
				JsonNode item = paths.get(path);
				if (item == null) {
					missing.add(path);
					continue;
				}
				for (RequestMethod method : entry.getKey().getMethodsCondition().getMethods()) {
					checked++;
					JsonNode operation = item.get(method.name().toLowerCase(Locale.ROOT));
					if (operation == null) {
						missing.add(method + " " + path);
					}
					else if (isJsonEndpoint(entry.getValue()) && operation.has(UndocumentedRoutes.PAGE_EXTENSION)) {
						missing.add(method + " " + path + " (only as a page, not described from its controller)");
					}
				}
			}
		}
		assertThat(missing).as("routes missing from /v3/api-docs").isEmpty();
		assertThat(checked).isGreaterThanOrEqualTo(5);
		assertThat(paths.has("/error")).isFalse();
	}

	@Test
	void apiDocsUseSnakeCaseFieldsAndDescribeTheCredentials() {
		JsonNode docs = apiDocs();
		JsonNode schemas = docs.get("components").get("schemas");
		assertThat(schemas.get("GenerateResponse").get("properties").propertyNames())
			.containsExactlyInAnyOrder("session_token", "deeplink", "expires_at");
		assertThat(schemas.get("ErrorBody").get("properties").propertyNames()).containsExactlyInAnyOrder("error",
				"code");
		assertThat(schemas.get("Patch").get("properties").propertyNames()).contains("webhook_url", "is_active",
				"allowed_origins");
		for (String schema : schemas.propertyNames()) {
			JsonNode properties = schemas.get(schema).get("properties");
			if (properties != null) {
				assertThat(properties.propertyNames()).as("properties of " + schema)
					.allSatisfy(name -> assertThat(name).matches("[a-z0-9_]+"));
			}
		}

		JsonNode schemes = docs.get("components").get("securitySchemes");
		assertThat(schemes.get("developerToken").get("scheme").asString()).isEqualTo("bearer");
		assertThat(schemes.get("secretKey").get("scheme").asString()).isEqualTo("bearer");
		assertThat(schemes.get("telegramWebhookSecret").get("name").asString())
			.isEqualTo("X-Telegram-Bot-Api-Secret-Token");

		JsonNode paths = docs.get("paths");
		assertThat(paths.get("/api/v1/generate").get("post").get("security").toString()).contains("secretKey");
		assertThat(paths.get("/api/v1/proof/verify").get("post").get("security").toString()).contains("secretKey");
		assertThat(paths.get("/api/v1/generate/public").get("post").has("security")).isFalse();
		assertThat(paths.get("/api/v1/generate").get("post").toString()).doesNotContain("\"Authorization\"");
		JsonNode verifyResponses = paths.get("/api/v1/verify/public").get("post").get("responses");
		assertThat(verifyResponses.get("default").toString()).contains("#/components/schemas/ErrorBody");
		assertThat(verifyResponses.get("200").get("content").get("application/json").get("schema").get("oneOf"))
			.as("the verify answer is one of its status bodies")
			.hasSize(3);
		assertThat(schemas.get("Confirmed").get("properties").propertyNames()).contains("telegram_id", "proof",
				"confirmed_at");
	}

	@Test
	void everyOperationHasATaskTagAndASummary() {
		JsonNode docs = apiDocs();
		assertThat(docs.get("info").get("description").asString()).doesNotContain("<");
		assertThat(docs.get("info").get("license").get("name").asString()).isEqualTo("Apache-2.0");
		List<String> problems = new ArrayList<>();
		docs.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
			String name = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
			String tag = operation.getValue().path("tags").path(0).asString("");
			String summary = operation.getValue().path("summary").asString("");
			if (tag.isEmpty() || tag.endsWith("-controller")) {
				problems.add(name + " tagged '" + tag + "'");
			}
			if (summary.isEmpty() || summary.equals(name) || summary.startsWith("Page served by")) {
				problems.add(name + " without a summary");
			}
		}));
		assertThat(problems).isEmpty();
	}

	@Test
	void swaggerUiIsServed() {
		Response page = this.api.get("/swagger-ui/index.html");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("<html");
		assertThat(this.api.get("/swagger-ui.html").status()).isIn(200, 302);
	}

	private static boolean isJsonEndpoint(HandlerMethod handler) {
		return AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), ResponseBody.class)
				|| AnnotatedElementUtils.hasAnnotation(handler.getMethod(), ResponseBody.class);
	}

	private JsonNode apiDocs() {
		Response docs = this.api.get("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.header("Content-Type")).startsWith("application/json");
		return docs.json();
	}

}
