package dev.bondify.session;

/**
 * Who calls generate / verify: a browser or app on the public endpoint (with its
 * {@code Origin}), or a server holding the project's secret key.
 */
public sealed interface Caller {

	/**
	 * The key-less endpoints; {@code origin} is the request's {@code Origin} header or
	 * null.
	 */
	record Public(String origin) implements Caller {
	}

	/**
	 * The secret-key endpoints; {@code secretKey} is the Bearer credential, possibly null
	 * or wrong.
	 */
	record SecretKey(String secretKey) implements Caller {
	}

}
