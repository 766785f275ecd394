package io.chorus.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.engine.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A customer of rules/customers/ as an inline decision context: under another id, so many people can share one
 * story, and moved in time, so a story told for 20 May 2026 can be decided today.
 */
public final class FixtureCustomer {
    /** When the fixture stories are meant to be decided (docs/stories.md). */
    public static final Instant FIXTURE_MOMENT = Instant.parse(SeedStory.DECIDE_AT);

    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern MOMENT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

    private FixtureCustomer() {
    }

    /** rules/customers/{file}.json, for example {@code tom-hargreaves}, under the id {@code customerId}. */
    public static ObjectNode as(String file, String customerId) {
        Path path = SeedStory.seedCustomerFile().resolveSibling(file + ".json");
        try {
            ObjectNode context = (ObjectNode) Json.mapper().readTree(path.toFile());
            context.put("customerId", customerId);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same story moved by whole days so that it stands on {@code asOf}'s date as it stood on the fixture
     * moment's: every date, moment and bill month in it moves, nothing else.
     */
    public static ObjectNode movedTo(ObjectNode context, Instant asOf) {
        LocalDate from = LocalDate.ofInstant(FIXTURE_MOMENT, ZoneOffset.UTC);
        LocalDate to = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
        long days = ChronoUnit.DAYS.between(from, to);
        long months = ChronoUnit.MONTHS.between(YearMonth.from(from), YearMonth.from(to));
        ObjectNode moved = context.deepCopy();
        move(moved, days, months);
        return moved;
    }

    private static void move(JsonNode node, long days, long months) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isTextual()) {
                    object.put(field.getKey(), moved(field.getValue().asText(), days, months));
                } else {
                    move(field.getValue(), days, months);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, array.textNode(moved(array.get(i).asText(), days, months)));
                } else {
                    move(array.get(i), days, months);
                }
            }
        }
    }

    private static String moved(String text, long days, long months) {
        if (DAY.matcher(text).matches()) {
            return LocalDate.parse(text).plusDays(days).toString();
        }
        if (MOMENT.matcher(text).matches()) {
            return Instant.parse(text).plus(days, ChronoUnit.DAYS).toString();
        }
        if (MONTH.matcher(text).matches()) {
            return YearMonth.parse(text).plusMonths(months).toString();
        }
        return text;
    }

    /**
     * Now, to the second, for tests whose decisions and GET /v1/constraints must fall in one day: within a minute
     * of midnight UTC it waits for the new day first.
     */
    public static Instant nowWellInsideTheDay() {
        Instant now = Instant.now();
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        long untilMidnight = midnight.toEpochMilli() - now.toEpochMilli();
        if (untilMidnight < 60_000) {
            try {
                Thread.sleep(untilMidnight + 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The body of POST /v1/decisions deciding for this context. */
    public static String decisionRequest(ObjectNode context, String channel, Instant asOf, boolean preview) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("channel", channel);
        body.put("asOf", asOf.toString());
        body.put("preview", preview);
        body.set("context", context);
        return body.toString();
    }
}
