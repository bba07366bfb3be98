package dev.bondify.operations;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

/**
 * Lists in the OpenAPI description the routes springdoc skips, such as HTML pages served
 * by a plain controller.
 */
// springdoc only describes handlers with a response body; the demo and sandbox pages are
// endpoints of the contract too.
class UndocumentedRoutes implements OpenApiCustomizer {

	/** Marks an operation described as a page, not from its controller's signature. */
	static final String PAGE_EXTENSION = "x-bondify-page";

	private final Supplier<Map<RequestMappingInfo, HandlerMethod>> handlers;

	UndocumentedRoutes(Supplier<Map<RequestMappingInfo, HandlerMethod>> handlers) {
		this.handlers = handlers;
	}

	@Override
	public void customise(OpenAPI openApi) {
		if (openApi.getPaths() == null) {
			openApi.setPaths(new Paths());
		}
		this.handlers.get().forEach((info, handler) -> {
			if (handler.getBeanType().getPackageName().startsWith("org.springdoc")) {
				return;
			}
			for (String path : info.getPatternValues()) {
				if (!isApplicationPath(path)) {
					continue;
				}
				PathItem item = openApi.getPaths().computeIfAbsent(path, key -> new PathItem());
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
				if (methods.isEmpty()) {
					methods = Set.of(RequestMethod.GET);
				}
				for (RequestMethod method : methods) {
					PathItem.HttpMethod httpMethod = PathItem.HttpMethod.valueOf(method.name());
					if (!item.readOperationsMap().containsKey(httpMethod)) {
						item.operation(httpMethod, page(handler));
					}
				}
			}
		});
	}

	static boolean isApplicationPath(String path) {
		return !path.equals("/error") && !path.startsWith("/actuator");
	}

	private static Operation page(HandlerMethod handler) {
		String bean = handler.getBeanType().getSimpleName();
		String tag = bean.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
		Operation operation = new Operation().operationId(handler.getMethod().getName())
			.addTagsItem(tag)
			.summary("Page served by " + bean + "." + handler.getMethod().getName())
			.responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("OK")
				.content(new Content().addMediaType("text/html", new MediaType().schema(new StringSchema())))));
		operation.addExtension(PAGE_EXTENSION, true);
		return operation;
	}

}
