package dev.bondify.webhook;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Makes one signed HTTP attempt: checks the target with the SSRF guard and connects only
 * to the addresses that check resolved (the client's own name resolution answers with
 * them, so a DNS answer that changes meanwhile cannot move the connection, while TLS
 * still sends and verifies the URL's host name), POSTs the stored body with the
 * contract's headers, never follows a redirect, and gives the whole attempt the
 * configured timeout.
 */
@Component
class WebhookSender implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

	private static final MediaType JSON = MediaType.get("application/json");

	private final OkHttpClient client;

	private final WebhookTargetGuard guard;

	private final Clock clock;

	private final Duration timeout;

	WebhookSender(WebhookTargetGuard guard, Clock clock, WebhookProperties properties) {
		this.guard = guard;
		this.clock = clock;
		this.timeout = properties.timeout();
		this.client = new OkHttpClient.Builder().followRedirects(false)
			.followSslRedirects(false)
			// A proxy would resolve the name itself, past the check.
			.proxy(Proxy.NO_PROXY)
			.retryOnConnectionFailure(false)
			.protocols(List.of(Protocol.HTTP_1_1))
			// Every send has its own pinned resolver, so no connection is ever reused.
			.connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
			.connectTimeout(this.timeout)
			.readTimeout(this.timeout)
			.writeTimeout(this.timeout)
			.callTimeout(this.timeout)
			.build();
	}

	/**
	 * One attempt with the contract's headers.
	 * @throws CancellationException when interrupted because the service is stopping
	 */
	SendResult send(String url, String secretKey, String event, UUID deliveryId, String payload) {
		Instant attemptedAt = this.clock.instant();
		long started = System.nanoTime();
		if (url == null) {
			return new SendResult(null, "The project has no webhook_url any more.", 0, attemptedAt);
		}
		WebhookTargetGuard.Target target = this.guard.resolve(url);
		if (target.reason() != null) {
			return new SendResult(null, "Not sent: the webhook_url is not allowed (" + target.reason() + ").",
					elapsedMs(started), attemptedAt);
		}
		HttpUrl httpUrl = HttpUrl.get(target.uri());
		if (httpUrl == null) {
			return new SendResult(null, "Not sent: the webhook_url is not allowed (it is not a valid URL).",
					elapsedMs(started), attemptedAt);
		}
		List<InetAddress> checked = target.addresses();
		// Whatever name the client asks about, the answer is what was checked.
		OkHttpClient pinned = this.client.newBuilder().dns(hostname -> checked).build();
		byte[] body = payload.getBytes(StandardCharsets.UTF_8);
		Request request = new Request.Builder().url(httpUrl)
			.header("User-Agent", "Bondify-Webhooks/1")
			.header("X-Bondify-Event", event)
			.header("X-Bondify-Delivery", deliveryId.toString())
			.header("X-Bondify-Timestamp", Long.toString(attemptedAt.getEpochSecond()))
			.header("X-Bondify-Signature", WebhookSigner.sign(secretKey, body))
			.post(RequestBody.create(body, JSON))
			.build();
		Call call = pinned.newCall(request);
		try (Response response = call.execute()) {
			int status = response.code();
			String error = (status >= 300 && status < 400) ? "Redirects are not followed (HTTP " + status + ")." : null;
			return new SendResult(status, error, elapsedMs(started), attemptedAt);
		}
		catch (IOException ex) {
			if (Thread.currentThread().isInterrupted() || (call.isCanceled() && !timedOut(ex))) {
				// The service is stopping: the attempt did not really happen, so it is
				// not
				// recorded or counted; the lease runs out and the delivery is sent again
				// by
				// whichever instance runs next.
				throw new CancellationException("Stopped while sending webhook delivery " + deliveryId);
			}
			return new SendResult(null, describe(ex), elapsedMs(started), attemptedAt);
		}
	}

	private static boolean timedOut(IOException ex) {
		return ex instanceof InterruptedIOException;
	}

	private String describe(IOException cause) {
		if (cause instanceof InterruptedIOException) {
			// The call timeout (the whole attempt), or a connect or read timeout.
			return "No complete answer within " + this.timeout.toMillis() + " ms.";
		}
		// Fixed categories only: the raw exception text (host names, ports, certificate
		// details) would let a developer map hosts behind the service through the
		// deliveries list.
		if (cause instanceof SSLException) {
			return "TLS handshake failed.";
		}
		if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
			return "Could not connect.";
		}
		log.debug("Webhook attempt failed", cause);
		return "The connection failed.";
	}

	private static long elapsedMs(long startedNanos) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
	}

	@Override
	public void destroy() {
		this.client.dispatcher().cancelAll();
		this.client.dispatcher().executorService().shutdownNow();
		this.client.connectionPool().evictAll();
	}

}
