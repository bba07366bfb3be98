package dev.bondify.access;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.bondify.system.ErrorCode;
import dev.bondify.system.ErrorResponseWriter;
import dev.bondify.system.TextRules;

/**
 * Applies {@link TextRules} to everything a request carries outside a JSON body: the
 * decoded path (so every path variable), and the names and values of query parameters and
 * form fields. Runs after the CORS filter, so browsers can read the 400 of a public
 * endpoint.
 */
@Component
@Order(AdmissionOrder.TEXT_RULES)
class TextRulesFilter extends OncePerRequestFilter {

	private final ErrorResponseWriter writer;

	TextRulesFilter(ErrorResponseWriter writer) {
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!TextRules.isAcceptable(request.getServletPath()) || !TextRules.isAcceptable(request.getPathInfo())
				|| !parametersAcceptable(request)) {
			this.writer.write(response, ErrorCode.INVALID_REQUEST, TextRules.MESSAGE, null);
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean parametersAcceptable(HttpServletRequest request) {
		Map<String, String[]> parameters;
		try {
			parameters = request.getParameterMap();
		}
		catch (RuntimeException ex) {
			// The container could not parse the parameters at all: not acceptable either.
			return false;
		}
		for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
			if (!TextRules.isAcceptable(parameter.getKey())) {
				return false;
			}
			for (String value : parameter.getValue()) {
				if (!TextRules.isAcceptable(value)) {
					return false;
				}
			}
		}
		return true;
	}

}
