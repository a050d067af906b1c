package dev.servermonitor.common.json;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Every service's ObjectMapper reads a JSON value only as its own type: {@code "port": 22.5},
 * {@code "22"}, {@code 1e3}, {@code true} or {@code ""} for a whole number, a number for a string,
 * a string or number for a boolean, a number for an enum — each is a 400 naming the field
 * (ErrorMappers), never a silently different value.
 */
@Singleton
public class StrictScalars implements ObjectMapperCustomizer {

    @Override
    @SuppressWarnings("deprecation") // still the switch for the string/number coercions of primitives
    public void customize(ObjectMapper mapper) {
        mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        for (LogicalType type : new LogicalType[]{LogicalType.Integer, LogicalType.Float, LogicalType.Boolean,
                LogicalType.Textual, LogicalType.Enum}) {
            var config = mapper.coercionConfigFor(type);
            for (CoercionInputShape shape : new CoercionInputShape[]{CoercionInputShape.Integer,
                    CoercionInputShape.Float, CoercionInputShape.Boolean, CoercionInputShape.String,
                    CoercionInputShape.EmptyString}) {
                if (!natural(type, shape)) {
                    config.setCoercion(shape, CoercionAction.Fail);
                }
            }
        }
    }

    /** The shapes a type is written as in JSON; an integer is a valid floating-point number too. */
    private static boolean natural(LogicalType type, CoercionInputShape shape) {
        return switch (type) {
            case Integer -> shape == CoercionInputShape.Integer;
            case Float -> shape == CoercionInputShape.Integer || shape == CoercionInputShape.Float;
            case Boolean -> shape == CoercionInputShape.Boolean;
            case Textual -> shape == CoercionInputShape.String || shape == CoercionInputShape.EmptyString;
            case Enum -> shape == CoercionInputShape.String;
            default -> true;
        };
    }
}
