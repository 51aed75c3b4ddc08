package io.coldchain.server.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Strings in request bodies may not carry NUL or other control characters (tab and line breaks
 * aside): such a value is a 400 naming the field, instead of a database error later.
 */
@Configuration(proxyBeanMethods = false)
class JsonStrings {

    static final String CONTROL_CHARACTER = "contains a control character";

    @Bean
    JacksonModule controlCharacterFreeStrings() {
        return new SimpleModule("coldchain-strings").addDeserializer(String.class, new Checked());
    }

    static final class Checked extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String value = super.deserialize(p, ctxt);
            if (value != null && RequestGuard.hasControlCharacter(value)) {
                return (String) ctxt.handleWeirdStringValue(String.class, value, CONTROL_CHARACTER);
            }
            return value;
        }
    }
}
