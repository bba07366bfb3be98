package dev.bondify.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client on a plain socket to 127.0.0.1, so a test can send what
 * {@code java.net.http.HttpClient} refuses to: any method, any bytes in the request
 * target, any header and body bytes. One connection per request
 * ({@code Connection: close}).
 */
final class FuzzHttp {

	private final int port;

	FuzzHttp(int port) {
		this.port = port;
	}

	/** Private-use characters U+F800..U+F8FF stand for the raw bytes 0x00..0xFF. */
	static final char RAW_BYTE_BASE = '\uF800';

	/** A character that {@link Request} sends as the single byte {@code b}. */
	static char rawByte(int b) {
		return (char) (RAW_BYTE_BASE + b);
	}

	/** One request as bytes on the wire, with a readable description for failures. */
	record Request(String method, String target, List<String[]> headers, byte[] body) {

		Request {
			headers = new ArrayList<>(headers);
		}

		Request header(String name, String value) {
			List<String[]> copy = new ArrayList<>(this.headers);
			copy.add(new String[] { name, value });
			return new Request(this.method, this.target, copy, this.body);
		}

		/**
		 * UTF-8, except that {@link #rawByte} characters become the one byte they carry,
		 * so a header can hold bytes that are not UTF-8.
		 */
		private static byte[] encode(String text) {
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			int at = 0;
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c >= RAW_BYTE_BASE && c <= RAW_BYTE_BASE + 0xFF) {
					out.writeBytes(text.substring(at, i).getBytes(StandardCharsets.UTF_8));
					out.write(c - RAW_BYTE_BASE);
					at = i + 1;
				}
			}
			out.writeBytes(text.substring(at).getBytes(StandardCharsets.UTF_8));
			return out.toByteArray();
		}

		byte[] bytes() {
			StringBuilder head = new StringBuilder();
			head.append(this.method).append(' ').append(this.target).append(" HTTP/1.1\r\n");
			head.append("Host: 127.0.0.1\r\n").append("Connection: close\r\n");
			for (String[] header : this.headers) {
				head.append(header[0]).append(": ").append(header[1]).append("\r\n");
			}
			if (this.body != null) {
				head.append("Content-Length: ").append(this.body.length).append("\r\n");
			}
			head.append("\r\n");
			byte[] start = encode(head.toString());
			byte[] body = (this.body != null) ? this.body : new byte[0];
			byte[] all = new byte[start.length + body.length];
			System.arraycopy(start, 0, all, 0, start.length);
			System.arraycopy(body, 0, all, start.length, body.length);
			return all;
		}

		@Override
		public String toString() {
			StringBuilder text = new StringBuilder(this.method).append(' ').append(this.target);
			for (String[] header : this.headers) {
				text.append("\n  ").append(header[0]).append(": ").append(abbreviate(header[1], 200));
			}
			if (this.body != null) {
				text.append("\n  body: ")
					.append(abbreviate(escape(new String(this.body, StandardCharsets.UTF_8)), 600));
			}
			return text.toString();
		}

	}

	/** Status, lower-cased header names and the (de-chunked) body. */
	record Response(int status, Map<String, String> headers, String body) {

		String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	Response send(Request request) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.bytes());
			out.flush();
			return read(socket.getInputStream());
		}
	}

	private static Response read(InputStream in) throws IOException {
		byte[] all = in.readAllBytes();
		int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		if (end < 0) {
			throw new IOException("No complete response head: " + escape(new String(all, StandardCharsets.UTF_8)));
		}
		String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
		}
		byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = dechunk(body);
		}
		return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	private static byte[] dechunk(byte[] body) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int at = 0;
		while (at < body.length) {
			int lineEnd = indexOf(body, at, "\r\n".getBytes(StandardCharsets.US_ASCII));
			if (lineEnd < 0) {
				break;
			}
			String size = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim();
			int length = Integer.parseInt(size, 16);
			if (length == 0) {
				break;
			}
			out.write(body, lineEnd + 2, Math.min(length, body.length - lineEnd - 2));
			at = lineEnd + 2 + length + 2;
		}
		return out.toByteArray();
	}

	private static int indexOf(byte[] data, byte[] needle) {
		return indexOf(data, 0, needle);
	}

	private static int indexOf(byte[] data, int from, byte[] needle) {
		outer: for (int i = from; i <= data.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (data[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	static String escape(String text) {
		StringBuilder out = new StringBuilder(text.length());
		text.codePoints().forEach(cp -> {
			if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0xd800 && cp <= 0xdfff)) {
				out.append(String.format("\\u%04x", cp));
			}
			else {
				out.appendCodePoint(cp);
			}
		});
		return out.toString();
	}

	static String abbreviate(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max) + "…(" + text.length() + " chars)";
	}

}
