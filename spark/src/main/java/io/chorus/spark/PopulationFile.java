package io.chorus.spark;

import java.io.Serializable;

/**
 * One file of the population: its place in the order given ({@code index}), where Hadoop reads it ({@code path}),
 * and how reports name it ({@code origin}: bad records read {@code origin:line}).
 */
record PopulationFile(int index, String path, String origin) implements Serializable {
}
