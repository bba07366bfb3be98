package dev.bondify.system;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;

/**
 * Jackson's own string deserializer (so every coercion setting still applies) followed by
 * {@link TextRules}: a JSON string field, or an element of a string list, that breaks the
 * rule fails the body, which the error contract answers with 400 {@code INVALID_REQUEST}.
 */
class TextRuleStringDeserializer extends StringDeserializer {

	@Override
	public String deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
		String value = super.deserialize(parser, context);
		if (!TextRules.isAcceptable(value)) {
			return (String) context.handleWeirdStringValue(String.class, value, TextRules.MESSAGE);
		}
		return value;
	}

}
