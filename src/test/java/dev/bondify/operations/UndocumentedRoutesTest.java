package dev.bondify.operations;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import org.junit.jupiter.api.Test;

import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routes springdoc skipped (pages) are added to the description; documented ones and
 * internal ones are left alone.
 */
class UndocumentedRoutesTest {

	@Test
	void aPageRouteWithoutDescriptionIsAddedAsHtml() throws Exception {
		OpenAPI openApi = new OpenAPI().paths(new Paths());

		customise(openApi, Map.of(RequestMappingInfo.paths("/sandbox/telegram").methods(RequestMethod.GET).build(),
				handler("sandboxPage")));

		Operation page = openApi.getPaths().get("/sandbox/telegram").getGet();
		assertThat(page).isNotNull();
		assertThat(page.getOperationId()).isEqualTo("sandboxPage");
		assertThat(page.getTags()).containsExactly("page-controller");
		assertThat(page.getResponses().get("200").getContent()).containsKey("text/html");
	}

	@Test
	void aDocumentedOperationIsKeptAndAMappingWithoutMethodCountsAsGet() throws Exception {
		Operation documented = new Operation().operationId("documented");
		OpenAPI openApi = new OpenAPI().paths(new Paths().addPathItem("/", new PathItem().get(documented)));
		Map<RequestMappingInfo, HandlerMethod> handlers = new LinkedHashMap<>();
		handlers.put(RequestMappingInfo.paths("/").methods(RequestMethod.GET).build(), handler("demoPage"));
		handlers.put(RequestMappingInfo.paths("/any").build(), handler("sandboxPage"));

		customise(openApi, handlers);

		assertThat(openApi.getPaths().get("/").getGet()).isSameAs(documented);
		assertThat(openApi.getPaths().get("/any").readOperationsMap()).containsOnlyKeys(PathItem.HttpMethod.GET);
	}

	@Test
	void errorAndActuatorRoutesAreNotAdded() throws Exception {
		OpenAPI openApi = new OpenAPI();

		customise(openApi, Map.of(RequestMappingInfo.paths("/error").build(), handler("demoPage"),
				RequestMappingInfo.paths("/actuator/info").methods(RequestMethod.GET).build(), handler("demoPage")));

		assertThat(openApi.getPaths()).isEmpty();
	}

	private static void customise(OpenAPI openApi, Map<RequestMappingInfo, HandlerMethod> handlers) {
		new UndocumentedRoutes(() -> handlers).customise(openApi);
	}

	private static HandlerMethod handler(String name) throws NoSuchMethodException {
		return new HandlerMethod(new PageController(), PageController.class.getDeclaredMethod(name));
	}

	static class PageController {

		String demoPage() {
			return "demo";
		}

		String sandboxPage() {
			return "sandbox";
		}

	}

}
