package dev.bondify.operations;

import java.util.Iterator;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Schema;

/**
 * Describes types the way Spring MVC writes them: snake_case fields, and sealed
 * interfaces as one of their records.
 */
// swagger-core reads types with its own Jackson 2 mapper, which does not know Boot's
// Jackson 3 naming strategy.
class WireModelResolver extends ModelResolver {

	WireModelResolver() {
		super(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
	}

	@Override
	public Schema resolve(AnnotatedType annotatedType, ModelConverterContext context, Iterator<ModelConverter> next) {
		JavaType type = this._mapper.constructType(annotatedType.getType());
		Class<?> raw = type.getRawClass();
		if (raw.isInterface() && raw.isSealed()) {
			ComposedSchema oneOf = new ComposedSchema();
			for (Class<?> variant : raw.getPermittedSubclasses()) {
				oneOf.addOneOfItem(context.resolve(new AnnotatedType(variant).resolveAsRef(true)));
			}
			return oneOf;
		}
		return super.resolve(annotatedType, context, next);
	}

}
