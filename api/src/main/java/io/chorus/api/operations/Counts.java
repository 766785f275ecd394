package io.chorus.api.operations;

import io.micronaut.context.exceptions.ConfigurationException;

/**
 * A setting that counts something (requests, threads), read as text: a bad value stops the service at start with
 * the setting's own names and what it takes, not Micronaut's conversion error.
 */
public final class Counts {
    private Counts() {
    }

    /**
     * The setting's value, 0 or more.
     *
     * @param names    the property and its environment variable, as the message names them
     * @param counting what one unit is ("requests")
     * @param zero     what 0 means ("no limit")
     * @param example  a sensible value to suggest
     */
    public static int zeroOrMore(String value, String names, String counting, String zero, int example) {
        try {
            int count = Integer.parseInt(value.trim());
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new ConfigurationException(names + ": \"" + value + "\" is not a number of " + counting + "; give 0 ("
                + zero + ") or more, such as " + example);
    }
}
