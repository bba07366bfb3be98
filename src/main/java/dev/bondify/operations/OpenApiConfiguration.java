package dev.bondify.operations;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Adds to the generated OpenAPI description what code cannot say: credentials per path
 * and the shared error body.
 */
// Generated from the controllers by springdoc, so endpoints other features add are
// described without annotations.
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String DEVELOPER_TOKEN = "developerToken";

	static final String SECRET_KEY = "secretKey";

	static final String TELEGRAM_SECRET = "telegramWebhookSecret";

	private static final Set<String> SECRET_KEY_PATHS = Set.of("/api/v1/generate", "/api/v1/verify", "/api/v1/exchange",
			"/api/v1/proof/verify");

	private static final Set<String> OPEN_DEVELOPER_PATHS = Set.of("/api/v1/dev/register", "/api/v1/dev/login");

	private static final String TELEGRAM_WEBHOOK = "/api/v1/telegram/webhook";

	private static final String TELEGRAM_HEADER = "X-Telegram-Bot-Api-Secret-Token";

	@Bean
	OpenAPI bondifyOpenApi() {
		return new OpenAPI().info(new Info().title("Bondify API")
			.version("v1")
			.description("Self-hosted \"Sign in with Telegram\", wire-compatible with Bondify. Every success is "
					+ "HTTP 200; every error is `{\"error\": \"a human-readable sentence\", \"code\": \"MACHINE_CODE\"}`.")
			.license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
			.components(new Components()
				.addSecuritySchemes(DEVELOPER_TOKEN,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("Developer token from POST /api/v1/dev/register or /api/v1/dev/login."))
				.addSecuritySchemes(SECRET_KEY,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("sk_live_… / sk_test_…")
							.description("The project's secret key, from your server only."))
				.addSecuritySchemes(TELEGRAM_SECRET,
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name(TELEGRAM_HEADER)
							.description("The webhook secret given to Telegram's setWebhook (secret_token).")));
	}

	/**
	 * Security requirements by path, the shared error response, and no credential headers
	 * as plain parameters.
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	OpenApiCustomizer bondifyOperations() {
		return openApi -> {
			openApi.getComponents()
				.addSchemas("ErrorBody",
						new ObjectSchema()
							.addProperty("error", new StringSchema().description("A human-readable sentence."))
							.addProperty("code",
									new StringSchema().description("A stable machine code, e.g. INVALID_REQUEST."))
							.required(List.of("error", "code")));
			if (openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
				String scheme = schemeFor(path);
				if (scheme != null) {
					operation.setSecurity(List.of(new SecurityRequirement().addList(scheme)));
				}
				if (operation.getParameters() != null) {
					operation.getParameters()
						.removeIf(parameter -> "header".equals(parameter.getIn())
								&& ("Authorization".equalsIgnoreCase(parameter.getName())
										|| TELEGRAM_HEADER.equalsIgnoreCase(parameter.getName())));
					if (operation.getParameters().isEmpty()) {
						operation.setParameters(null);
					}
				}
				addErrorResponse(operation);
			}));
		};
	}

	/**
	 * Routes springdoc leaves out (pages without a response body) still appear; runs
	 * before the customizer above.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	OpenApiCustomizer undocumentedRoutes(
			@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mapping) {
		return new UndocumentedRoutes(() -> mapping.getObject().getHandlerMethods());
	}

	/** Tags by what an integrator does, and a summary on every operation. */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE - 1)
	OpenApiCustomizer openApiSummaries() {
		return new OpenApiSummaries();
	}

	/**
	 * Schemas as they are on the wire: snake_case names, and a sealed response type as
	 * one of its variants.
	 */
	@Bean
	ModelResolver wireModelResolver() {
		return new WireModelResolver();
	}

	static String schemeFor(String path) {
		if (SECRET_KEY_PATHS.contains(path)) {
			return SECRET_KEY;
		}
		if (TELEGRAM_WEBHOOK.equals(path)) {
			return TELEGRAM_SECRET;
		}
		if (path.startsWith("/api/v1/dev/") && !OPEN_DEVELOPER_PATHS.contains(path)) {
			return DEVELOPER_TOKEN;
		}
		return null;
	}

	private static void addErrorResponse(Operation operation) {
		Schema<?> error = new Schema<>().$ref("#/components/schemas/ErrorBody");
		ApiResponse response = new ApiResponse()
			.description("Error: 400 INVALID_REQUEST, 401 UNAUTHORIZED, 403, 404, 405, 409, 413, 415, "
					+ "429 RATE_LIMITED (with Retry-After), 500 or 503, always with this body.")
			.content(new Content().addMediaType("application/json", new MediaType().schema(error)));
		operation.getResponses().putIfAbsent("default", response);
		// springdoc lists the status codes of @ExceptionHandler methods with their own
		// schema; keep one error shape.
		for (Map.Entry<String, ApiResponse> entry : operation.getResponses().entrySet()) {
			if (!entry.getKey().startsWith("2") && !"default".equals(entry.getKey())) {
				entry.getValue().setContent(response.getContent());
			}
		}
	}

}
