package dev.bondify.access;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends a request with header bytes no HTTP client library would send, over a plain
 * socket, and returns the status line's code and the body.
 */
final class RawRequests {

	private RawRequests() {
	}

	/** What came back: status and body text. */
	record Answer(int status, String head, String body) {
	}

	/**
	 * @param head the request line and headers, without the final empty line; each
	 * character is sent as the byte of its value (ISO-8859-1)
	 */
	static Answer send(int port, String head, byte[] extraHeader, String body) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
			ByteArrayOutputStream request = new ByteArrayOutputStream();
			request.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
			if (extraHeader != null) {
				request.writeBytes(extraHeader);
				request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
			}
			request.writeBytes(("Content-Length: " + content.length + "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			request.writeBytes(content);
			try {
				out.write(request.toByteArray());
				out.flush();
			}
			catch (java.net.SocketException ex) {
				// The server may answer and close before it has read the whole request.
			}
			byte[] raw = readAll(socket.getInputStream());
			String text = new String(raw, StandardCharsets.UTF_8);
			int end = text.indexOf("\r\n\r\n");
			if (end < 0) {
				return new Answer(-1, text, "");
			}
			String head0 = text.substring(0, end);
			int status = Integer.parseInt(head0.split(" ")[1]);
			String rest = text.substring(end + 4);
			if (head0.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
				rest = dechunk(rest);
			}
			return new Answer(status, head0, rest);
		}
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		byte[] chunk = new byte[8192];
		try {
			for (int n; (n = in.read(chunk)) != -1;) {
				buffer.write(chunk, 0, n);
			}
		}
		catch (java.net.SocketException ex) {
			if (buffer.size() == 0) {
				throw ex;
			}
		}
		return buffer.toByteArray();
	}

	private static String dechunk(String body) {
		StringBuilder out = new StringBuilder();
		int at = 0;
		while (true) {
			int lineEnd = body.indexOf("\r\n", at);
			if (lineEnd < 0) {
				return out.toString();
			}
			int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
			if (size == 0) {
				return out.toString();
			}
			out.append(body, lineEnd + 2, lineEnd + 2 + size);
			at = lineEnd + 2 + size + 2;
		}
	}

}
