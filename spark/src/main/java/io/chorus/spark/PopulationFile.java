package io.chorus.spark;

import java.io.Serializable;
import java.util.Locale;

/**
 * One file of the population: its place in the order given ({@code index}), where Hadoop reads it ({@code path}),
 * how reports name it ({@code origin}: bad records read {@code origin:line}, or {@code origin:row} for Parquet), and
 * whether it is Parquet (a name ending in {@code .parquet}) rather than JSON Lines.
 */
record PopulationFile(int index, String path, String origin, boolean parquet) implements Serializable {

    PopulationFile(int index, String path, String origin) {
        this(index, path, origin, isParquet(path));
    }

    /** Parquet by its name, as Spark and every other writer name it ({@code part-00000-….snappy.parquet}). */
    static boolean isParquet(String path) {
        return path.toLowerCase(Locale.ROOT).endsWith(".parquet");
    }
}
