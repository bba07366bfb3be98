package dev.bondify.access;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.bondify.system.BodyTooLargeException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.ErrorResponseWriter;
import dev.bondify.system.WebProperties;

/**
 * Refuses request bodies over the configured limit with 413, whether the size is
 * announced by {@code Content-Length} or only discovered while reading a chunked body.
 */
@Component
@Order(AdmissionOrder.BODY_LIMIT)
class RequestBodyLimitFilter extends OncePerRequestFilter {

	static final String TELEGRAM_WEBHOOK_PATH = "/api/v1/telegram/webhook";

	private final WebProperties properties;

	private final ErrorResponseWriter writer;

	RequestBodyLimitFilter(WebProperties properties, ErrorResponseWriter writer) {
		this.properties = properties;
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = isTelegramWebhook(request.getRequestURI()) ? this.properties.maxTelegramBodySize().toBytes()
				: this.properties.maxBodySize().toBytes();
		if (request.getContentLengthLong() > limit) {
			this.writer.write(response, ErrorCode.PAYLOAD_TOO_LARGE,
					"The request body is larger than " + limit + " bytes.", null);
			return;
		}
		chain.doFilter(new LimitedRequest(request, limit), response);
	}

	/**
	 * The deployment bot's webhook and every own bot's ({@code …/webhook/<bot id>}): the
	 * same limit for both, as Telegram sends both the same updates.
	 */
	static boolean isTelegramWebhook(String path) {
		return path.equals(TELEGRAM_WEBHOOK_PATH) || (path.startsWith(TELEGRAM_WEBHOOK_PATH + "/")
				&& path.indexOf('/', TELEGRAM_WEBHOOK_PATH.length() + 1) < 0);
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedStream(super.getInputStream(), this.limit);
			}
			return this.stream;
		}

	}

	private static final class LimitedStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long limit;

		private long read;

		LimitedStream(ServletInputStream delegate, long limit) {
			this.delegate = delegate;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b != -1) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws BodyTooLargeException {
			this.read += n;
			if (this.read > this.limit) {
				throw new BodyTooLargeException();
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
