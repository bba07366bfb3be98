package dev.bondify.webhook;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Makes one signed HTTP attempt: re-checks the target against the SSRF guard, POSTs the
 * stored body with the contract's headers, never follows a redirect, and gives the whole
 * attempt the configured timeout.
 */
@Component
class WebhookSender implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

	private final HttpClient client;

	private final WebhookTargetGuard guard;

	private final Clock clock;

	private final Duration timeout;

	WebhookSender(WebhookTargetGuard guard, Clock clock, WebhookProperties properties) {
		this.guard = guard;
		this.clock = clock;
		this.timeout = properties.timeout();
		this.client = HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(this.timeout)
			.version(HttpClient.Version.HTTP_1_1)
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
		Optional<String> refusal = this.guard.refusal(url);
		if (refusal.isPresent()) {
			return new SendResult(null, "Not sent: the webhook_url is not allowed (" + refusal.get() + ").",
					elapsedMs(started), attemptedAt);
		}
		byte[] body = payload.getBytes(StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.header("User-Agent", "Bondify-Webhooks/1")
			.header("X-Bondify-Event", event)
			.header("X-Bondify-Delivery", deliveryId.toString())
			.header("X-Bondify-Timestamp", Long.toString(attemptedAt.getEpochSecond()))
			.header("X-Bondify-Signature", WebhookSigner.sign(secretKey, body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		CompletableFuture<HttpResponse<Void>> future = this.client.sendAsync(request,
				HttpResponse.BodyHandlers.discarding());
		try {
			// The request timeout stops at the response headers; this bounds the body
			// too.
			int status = future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
			String error = (status >= 300 && status < 400) ? "Redirects are not followed (HTTP " + status + ")." : null;
			return new SendResult(status, error, elapsedMs(started), attemptedAt);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			return new SendResult(null, timedOut(), elapsedMs(started), attemptedAt);
		}
		catch (ExecutionException ex) {
			return new SendResult(null, describe(ex.getCause()), elapsedMs(started), attemptedAt);
		}
		catch (InterruptedException ex) {
			// The service is stopping: the attempt did not really happen, so it is not
			// recorded or counted;
			// the lease runs out and the delivery is sent again by whichever instance
			// runs next.
			future.cancel(true);
			Thread.currentThread().interrupt();
			throw new CancellationException("Stopped while sending webhook delivery " + deliveryId);
		}
	}

	private String describe(Throwable cause) {
		if (cause instanceof HttpConnectTimeoutException) {
			return "Could not connect within " + this.timeout.toMillis() + " ms.";
		}
		if (cause instanceof HttpTimeoutException) {
			return timedOut();
		}
		// Fixed categories only: the raw exception text (host names, ports, certificate
		// details) would let a developer
		// map hosts behind the service through the deliveries list.
		if (cause instanceof SSLException) {
			return "TLS handshake failed.";
		}
		if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
			return "Could not connect.";
		}
		log.debug("Webhook attempt failed", cause);
		return "The connection failed.";
	}

	private String timedOut() {
		return "No complete answer within " + this.timeout.toMillis() + " ms.";
	}

	private static long elapsedMs(long startedNanos) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
	}

	@Override
	public void destroy() {
		this.client.shutdownNow();
	}

}
