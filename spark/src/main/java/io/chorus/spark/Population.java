package io.chorus.spark;

import io.chorus.simulator.source.JsonLinesFile;
import io.chorus.simulator.source.PopulationLine;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A population as an RDD of records: JSON Lines read with Hadoop's line reader, so any file system and compression
 * codec Hadoop knows will do, and Parquet read by Spark SQL and turned into the same JSON ({@link ParquetPopulation}).
 * A record keeps its raw bytes (Jackson parses UTF-8 bytes, as in {@code chorus simulate}), its file and its line
 * number (a Parquet file's row number); its ordinal orders the report's samples exactly as a single-JVM run would.
 */
final class Population {
    /** Ordinals are file index × 2^40 + line: population order across files, up to a trillion lines each. */
    private static final int LINE_BITS = 40;

    private Population() {
    }

    /** One line of a population file (a row of a Parquet file); {@code number} counts from 1 within the file. */
    record Line(int file, long number, byte[] json) implements Serializable {
        PopulationLine toPopulationLine(List<String> origins) {
            return new PopulationLine(origins.get(file), number, ((long) file << LINE_BITS) + number, json);
        }
    }

    /**
     * Every non-blank line of the files, in at least {@code partitions} partitions (default: Spark's default
     * parallelism). Line numbers need each partition's line count first: one extra pass over the text, cheap next to
     * deciding. A file that cannot be split (gzip) is read by one task and then spread over the partitions. Each
     * Parquet file is read on its own, so its rows keep the file's order and files need not share one schema.
     *
     * @throws ParquetPopulation.Unreadable for a Parquet file that is not one, or whose columns are no context
     */
    static JavaRDD<Line> records(SparkSession session, List<PopulationFile> files, Integer partitions) {
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(session.sparkContext());
        int target = partitions != null ? partitions : spark.defaultParallelism();
        List<JavaRDD<Line>> parts = new ArrayList<>();
        for (PopulationFile file : files) {
            int index = file.index();
            JavaRDD<byte[]> lines = file.parquet() ? ParquetPopulation.contexts(session, file)
                    : spark.hadoopFile(file.path(), TextInputFormat.class, LongWritable.class, Text.class, target)
                            .map(pair -> pair._2().copyBytes()); // the reader reuses its Text: copy before keeping
            parts.add(lines.zipWithIndex().map(numbered -> new Line(index, numbered._2() + 1, numbered._1())));
        }
        @SuppressWarnings("unchecked")
        JavaRDD<Line> all = parts.size() == 1 ? parts.get(0) : spark.union(parts.toArray(new JavaRDD[0]));
        all = all.filter(line -> !JsonLinesFile.isBlank(line.json()));
        if (all.getNumPartitions() < target) {
            all = all.repartition(target);
        }
        return all;
    }
}
