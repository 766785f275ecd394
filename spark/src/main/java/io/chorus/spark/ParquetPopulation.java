package io.chorus.spark;

import io.chorus.engine.context.CustomerContext;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

/**
 * A population in Parquet: one customer context per row, its columns shaped like the context's JSON (nested structs
 * and arrays, or a map for {@code consents}). Each row is turned back into the context's JSON and handed to the same
 * parser as a JSON Lines record, so both inputs are checked, reported and decided by one code path: a second,
 * row-by-row mapping into the context would be one more thing to keep in step with its fields and validation.
 * Absent values (the nulls Parquet holds where a row lacks a field another row has) are left out of the JSON, as if
 * the field were never written; timestamps are written in UTC with their offset.
 */
final class ParquetPopulation {
    /** How a row becomes JSON: nulls dropped whatever the session's settings, instants as ISO-8601 in UTC. */
    private static final Map<String, String> JSON_OPTIONS = Map.of(
            "ignoreNullFields", "true",
            "timeZone", "UTC",
            "timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX",
            "dateFormat", "yyyy-MM-dd");

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    private ParquetPopulation() {
    }

    /** A population file that cannot be read as one; the message names the file and says what is wrong. */
    static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Whether the file is Parquet at all: it starts and ends with Parquet's magic bytes. Checked on the driver before
     * Spark reads the footer, whose failure it would log with a stack trace from a task.
     */
    static String notParquet(FileSystem fs, FileStatus file) {
        long length = file.getLen();
        if (length < 12) {
            return "not a Parquet file (" + length + " bytes)";
        }
        byte[] head = new byte[4];
        byte[] tail = new byte[4];
        try (FSDataInputStream in = fs.open(file.getPath())) {
            in.readFully(0, head);
            in.readFully(length - 4, tail);
        } catch (IOException e) {
            return "cannot read: " + firstLine(e);
        }
        return Arrays.equals(head, MAGIC) && Arrays.equals(tail, MAGIC) ? null
                : "not a Parquet file (it does not start and end with PAR1)";
    }

    /**
     * The file's rows as context JSON, in the file's row order. Its footer and schema are read here, on the driver:
     * a file that is not Parquet, or whose columns cannot be a customer context, stops the job before it starts.
     */
    static JavaRDD<byte[]> contexts(SparkSession session, PopulationFile file) {
        Dataset<Row> rows;
        try {
            rows = session.read().parquet(file.path());
        } catch (Exception e) { // Spark's AnalysisException or SparkException, undeclared from Scala
            throw new Unreadable(file.origin() + ": not a readable Parquet file: " + firstLine(e), e);
        }
        List<String> problems = schemaProblems(rows.schema());
        if (!problems.isEmpty()) {
            throw new Unreadable(file.origin() + ": not a population of customer contexts: "
                    + String.join("; ", problems), null);
        }
        String origin = file.origin();
        return rows.select(to_json(struct(col("*")), JSON_OPTIONS)).as(Encoders.STRING()).javaRDD()
                .mapPartitions(json -> readingOf(origin, json));
    }

    /**
     * What in a file's columns cannot hold a customer context: {@code customerId} must be a string column; the
     * context's other fields, where present, a string, a list or an object as in its JSON. Other columns are ignored,
     * as unknown fields are in JSON; a value that does not fit inside a field is reported by row, with its field path.
     */
    static List<String> schemaProblems(StructType schema) {
        List<String> problems = new ArrayList<>();
        if (Arrays.stream(schema.fieldNames()).noneMatch("customerId"::equals)) {
            problems.add("no customerId column");
        }
        for (RecordComponent field : CustomerContext.class.getRecordComponents()) {
            StructField column = Arrays.stream(schema.fields()).filter(f -> f.name().equals(field.getName()))
                    .findFirst().orElse(null);
            if (column == null) {
                continue;
            }
            DataType type = column.dataType();
            Class<?> expected = field.getType();
            if (List.class.isAssignableFrom(expected) && !(type instanceof ArrayType)) {
                problems.add("column " + field.getName() + " is " + type.simpleString() + ", not a list");
            } else if (Map.class.isAssignableFrom(expected) && !(type instanceof StructType || type instanceof MapType)) {
                problems.add("column " + field.getName() + " is " + type.simpleString() + ", not an object");
            } else if ((expected == String.class || expected.isEnum()) && !(type instanceof StringType)) {
                problems.add("column " + field.getName() + " is " + type.simpleString() + ", not a string");
            }
        }
        return problems;
    }

    /** Rows read on an executor; a file that fails there (a damaged page) is named in the job's failure. */
    private static Iterator<byte[]> readingOf(String origin, Iterator<String> json) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return json.hasNext();
                } catch (Exception e) {
                    throw new Unreadable(origin + ": cannot read: " + firstLine(e), e);
                }
            }

            @Override
            public byte[] next() {
                try {
                    return json.next().getBytes(StandardCharsets.UTF_8);
                } catch (Exception e) {
                    throw new Unreadable(origin + ": cannot read: " + firstLine(e), e);
                }
            }
        };
    }

    /** An exception's own first line: Spark's messages go on with a plan or a stack of causes. */
    static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }
}
