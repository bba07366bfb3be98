package dev.bondify.access;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.bondify.system.ErrorCode;
import dev.bondify.system.ErrorResponseWriter;

/**
 * Answers 415 to a {@code Content-Type} that names no concrete media type
 * ({@code *}/{@code *}, {@code application/*}, unparsable): Spring MVC refuses to even
 * read the headers of such a request and would otherwise fail with 500. Runs after the
 * CORS filter.
 */
@Component
@Order(AdmissionOrder.CONTENT_TYPE)
class ConcreteContentTypeFilter extends OncePerRequestFilter {

	private final ErrorResponseWriter writer;

	ConcreteContentTypeFilter(ErrorResponseWriter writer) {
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String contentType = request.getContentType();
		if (contentType != null && !isConcrete(contentType)) {
			this.writer.write(response, ErrorCode.UNSUPPORTED_MEDIA_TYPE);
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean isConcrete(String contentType) {
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return !type.isWildcardType() && !type.isWildcardSubtype();
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

}
