package dev.gpuportal.base;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * The portal's one {@code JsonMapper} is Spring Boot's, made strict for what clients send: unknown fields,
 * duplicate keys, trailing content, numbers or booleans where text is expected and null inside lists or maps are
 * refused instead of being guessed at.
 */
@Configuration
class JsonConfig {

    @Bean
    JsonMapperBuilderCustomizer strictJsonInput() {
        return new StrictInput();
    }

    /** Runs after Spring Boot's own customizer, which relaxes unknown fields. */
    static final class StrictInput implements JsonMapperBuilderCustomizer, Ordered {

        @Override
        public void customize(tools.jackson.databind.json.JsonMapper.Builder builder) {
            builder.enable(
                            DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                            DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                            DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .withCoercionConfig(
                            LogicalType.Textual,
                            text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                    .withCoercionConfig(
                            LogicalType.Integer,
                            number -> number.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                    .changeDefaultNullHandling(nulls -> JsonSetter.Value.forContentNulls(Nulls.FAIL));
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
