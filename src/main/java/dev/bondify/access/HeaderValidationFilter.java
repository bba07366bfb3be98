package dev.bondify.access;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.bondify.system.ErrorCode;
import dev.bondify.system.ErrorResponseWriter;

/**
 * Refuses, with 400 {@code INVALID_REQUEST}, every request on every route whose header
 * names or values carry a control character (C0 other than tab, DEL, C1), a lone
 * surrogate, an unassigned code point or bytes that are not UTF-8, before any code reads
 * a header; later code reads header values as the UTF-8 text they were sent as.
 */
// Tomcat hands header bytes over as ISO-8859-1 characters, so the byte 0x85 arrives as
// U+0085 and UTF-8 "…" as "â\u0080¦": a value with characters from 0x80 to 0xFF is read
// back as the UTF-8 its bytes should be, so legitimate UTF-8 passes (and reaches the
// code,
// and Spring Security's firewall, decoded) and a stray 0x85 does not. The refusal is not
// logged here: the request log writes its one line with the 400.
@Component
@Order(AdmissionOrder.HEADERS)
class HeaderValidationFilter extends OncePerRequestFilter {

	static final String MESSAGE = "A request header contains a control character or bytes that are not UTF-8 text.";

	private final ErrorResponseWriter writer;

	HeaderValidationFilter(ErrorResponseWriter writer) {
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean needsDecoding = false;
		Enumeration<String> names = request.getHeaderNames();
		while (names != null && names.hasMoreElements()) {
			String name = names.nextElement();
			if (decode(name) == null) {
				this.writer.write(response, ErrorCode.INVALID_REQUEST, MESSAGE, null);
				return;
			}
			Enumeration<String> values = request.getHeaders(name);
			while (values != null && values.hasMoreElements()) {
				String value = values.nextElement();
				String decoded = decode(value);
				if (decoded == null) {
					this.writer.write(response, ErrorCode.INVALID_REQUEST, MESSAGE, null);
					return;
				}
				needsDecoding |= decoded != value;
			}
		}
		chain.doFilter(needsDecoding ? new DecodedHeaders(request) : request, response);
	}

	/**
	 * Whether a header name or value, as the container handed it over, is printable UTF-8
	 * text.
	 */
	static boolean isAcceptable(String value) {
		return value == null || decode(value) != null;
	}

	/**
	 * The header text: {@code value} itself when it is plain, its UTF-8 reading when
	 * Tomcat handed over bytes above 0x7F, or null when it is not acceptable.
	 */
	static String decode(String value) {
		if (value == null) {
			return null;
		}
		boolean latin1High = false;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c > 0xFF) {
				// Already text (not from Tomcat's byte parser, e.g. MockMvc): as it is.
				return isPrintable(value) ? value : null;
			}
			latin1High |= c >= 0x80;
		}
		if (!latin1High) {
			return isPrintable(value) ? value : null;
		}
		try {
			String decoded = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1)))
				.toString();
			return isPrintable(decoded) ? decoded : null;
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	private static boolean isPrintable(String text) {
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7F) {
				continue;
			}
			if (c == '\t') {
				continue;
			}
			if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
				return false;
			}
			int codePoint = text.codePointAt(i);
			if (Character.isSurrogate((char) codePoint) || Character.getType(codePoint) == Character.UNASSIGNED) {
				return false;
			}
			i += Character.charCount(codePoint) - 1;
		}
		return true;
	}

	/** The request as later code sees it: header values as UTF-8 text. */
	private static final class DecodedHeaders extends HttpServletRequestWrapper {

		DecodedHeaders(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getHeader(String name) {
			return decode(super.getHeader(name));
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			Enumeration<String> values = super.getHeaders(name);
			if (values == null) {
				return null;
			}
			List<String> decoded = new ArrayList<>();
			while (values.hasMoreElements()) {
				decoded.add(decode(values.nextElement()));
			}
			return Collections.enumeration(decoded);
		}

	}

}
