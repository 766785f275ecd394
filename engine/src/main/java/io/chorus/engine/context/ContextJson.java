package io.chorus.engine.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.chorus.engine.json.FieldProblem;
import io.chorus.engine.json.InvalidDocumentException;
import io.chorus.engine.json.Json;
import io.chorus.engine.json.JsonProblems;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Reads and writes the customer context document exactly as docs/context.md shows it. */
public final class ContextJson {
    /** Documents from outside (files, population lines, requests): one value, each key once. */
    private static final ObjectReader READER = Json.strictReader().forType(CustomerContext.class);
    /** Documents this program wrote itself (a stored context): checked when they were written. */
    private static final ObjectReader STORED = Json.mapper().readerFor(CustomerContext.class);
    private static final ObjectWriter WRITER = Json.mapper().writerFor(CustomerContext.class);

    private ContextJson() {
    }

    /** Parses and validates; every problem is reported by field path. */
    public static CustomerContext parse(String json) {
        return read(() -> READER.readValue(json));
    }

    public static CustomerContext parse(byte[] json) {
        return read(() -> READER.readValue(json));
    }

    public static CustomerContext fromTree(JsonNode node) {
        return read(() -> READER.readValue(node));
    }

    /**
     * A context this program validated and stored itself: read without checking it again (and without the strict
     * reader's duplicate-key bookkeeping), on the path of every decision about a stored customer.
     */
    public static CustomerContext parseStored(String json) {
        try {
            CustomerContext context = STORED.readValue(json);
            if (context == null) {
                throw new InvalidDocumentException(List.of(new FieldProblem("", "expected a customer context object")));
            }
            return context;
        } catch (JsonProcessingException e) {
            throw new InvalidDocumentException(List.of(JsonProblems.of(e)));
        }
    }

    private interface Reading {
        CustomerContext read() throws IOException;
    }

    private static CustomerContext read(Reading reading) {
        CustomerContext context;
        try {
            context = reading.read();
        } catch (JsonProcessingException e) {
            throw new InvalidDocumentException(List.of(JsonProblems.of(e)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return checked(context);
    }

    private static CustomerContext checked(CustomerContext context) {
        if (context == null) {
            throw new InvalidDocumentException(List.of(new FieldProblem("", "expected a customer context object")));
        }
        List<FieldProblem> problems = ContextValidator.validate(context);
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(problems);
        }
        return context;
    }

    public static String write(CustomerContext context) {
        try {
            return WRITER.writeValueAsString(context);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a context always serialises", e);
        }
    }
}
