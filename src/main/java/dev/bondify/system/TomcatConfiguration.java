package dev.bondify.system;

import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Makes the errors Tomcat answers itself, before any filter runs, speak the JSON error
 * contract: its HTML error report is replaced by {@link JsonErrorReportValve}.
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReportCustomizer(ErrorResponseWriter writer) {
		return new JsonErrorReportCustomizer(writer);
	}

	/**
	 * Runs after Spring Boot's own customizer, which adds a plain
	 * {@link ErrorReportValve} to the host; that one is swapped for the JSON one.
	 */
	private record JsonErrorReportCustomizer(
			ErrorResponseWriter writer) implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addContextCustomizers(context -> install(context.getParent()));
		}

		private void install(Container host) {
			Pipeline pipeline = host.getPipeline();
			for (Valve valve : pipeline.getValves()) {
				if (valve instanceof ErrorReportValve) {
					pipeline.removeValve(valve);
				}
			}
			pipeline.addValve(new JsonErrorReportValve(this.writer));
			if (host instanceof StandardHost standardHost) {
				// The host adds a default report valve at start unless one of this class
				// is
				// there.
				standardHost.setErrorReportValveClass(JsonErrorReportValve.class.getName());
			}
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
