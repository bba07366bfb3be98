package dev.bondify.system;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Keeps an entity's text attribute sealed in its column ({@code sx1:…}, see
 * {@link SecretSealer#sealText}) and plain in memory; Hibernate builds it through Spring,
 * which injects the sealer.
 */
@Converter
public class SealedText implements AttributeConverter<String, String> {

	private final SecretSealer sealer;

	public SealedText(SecretSealer sealer) {
		this.sealer = sealer;
	}

	@Override
	public String convertToDatabaseColumn(String plain) {
		return this.sealer.sealText(plain);
	}

	@Override
	public String convertToEntityAttribute(String stored) {
		return this.sealer.openText(stored);
	}

}
