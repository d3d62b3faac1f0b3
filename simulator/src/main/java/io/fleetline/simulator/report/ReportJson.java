package io.fleetline.simulator.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/** A report as JSON: the records' fields by name, times in ISO-8601 UTC, maps in key order. */
public final class ReportJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance))
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    public static String write(Report report) {
        try {
            return JSON.writeValueAsString(report) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("a report is always JSON", e);
        }
    }

    public static void write(Report report, Path file) throws IOException {
        java.nio.file.Files.writeString(file, write(report));
    }
}
