package io.lucidity.migrator.internal.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lucidity.migrator.internal.Redactor;
import java.io.IOException;
import java.time.Duration;

/** JSON for reports and results: records as objects, durations as milliseconds, times as ISO-8601, secrets masked. */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule().addSerializer(Duration.class, new DurationMillis()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Json() {}

    /** The shared mapper (configured as described). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serializes a value, masking registered secrets. */
    public static String write(Object value) {
        try {
            return Redactor.redact(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static final class DurationMillis extends StdSerializer<Duration> {
        private static final long serialVersionUID = 1L;

        DurationMillis() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(value.toMillis());
        }
    }
}
