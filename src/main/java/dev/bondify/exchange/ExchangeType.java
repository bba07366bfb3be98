package dev.bondify.exchange;

import java.util.Locale;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * The kinds of Telegram data the exchange accepts, by their {@code type} in the request.
 */
enum ExchangeType {

	/** A Mini App's raw {@code initData} string. */
	WEBAPP,

	/** The Login Widget's fields as a JSON object. */
	WIDGET,

	/** An id_token of Telegram's own OpenID Connect login. */
	OIDC;

	static ExchangeType parse(String type) {
		for (ExchangeType candidate : values()) {
			if (candidate.name().toLowerCase(Locale.ROOT).equals(type)) {
				return candidate;
			}
		}
		throw new ApiException(ErrorCode.INVALID_REQUEST, "type must be one of webapp, widget, oidc.");
	}

}
