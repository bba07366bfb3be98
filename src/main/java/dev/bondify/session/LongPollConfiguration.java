package dev.bondify.session;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.method.support.AsyncHandlerMethodReturnValueHandler;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.DeferredResultMethodReturnValueHandler;

/**
 * Lets verify return either its answer or, for a held long poll, a
 * {@link DeferredResult}: MVC picks its async handling by the declared return type, and
 * declaring {@code DeferredResult} would send every ordinary poll through an async
 * dispatch too.
 */
@Configuration(proxyBeanMethods = false)
class LongPollConfiguration implements WebMvcConfigurer {

	@Override
	public void addReturnValueHandlers(List<HandlerMethodReturnValueHandler> handlers) {
		handlers.add(new HeldPollReturnValueHandler());
	}

	/**
	 * Chosen only for a {@link DeferredResult} value (async values skip the non-async
	 * handlers that come first); plain answers are written by the usual body handler.
	 */
	static final class HeldPollReturnValueHandler implements AsyncHandlerMethodReturnValueHandler {

		private final DeferredResultMethodReturnValueHandler delegate = new DeferredResultMethodReturnValueHandler();

		@Override
		public boolean isAsyncReturnValue(Object returnValue, MethodParameter returnType) {
			return returnValue instanceof DeferredResult;
		}

		/**
		 * The type of the value returned (MVC's return value parameter reports the
		 * value's class, not the declared {@code Object}).
		 */
		@Override
		public boolean supportsReturnType(MethodParameter returnType) {
			return DeferredResult.class.isAssignableFrom(returnType.getParameterType());
		}

		@Override
		public void handleReturnValue(Object returnValue, MethodParameter returnType,
				ModelAndViewContainer mavContainer, NativeWebRequest webRequest) throws Exception {
			this.delegate.handleReturnValue(returnValue, returnType, mavContainer, webRequest);
		}

	}

}
