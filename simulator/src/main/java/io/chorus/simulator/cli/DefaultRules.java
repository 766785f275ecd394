package io.chorus.simulator.cli;

import io.chorus.engine.rules.Checkout;

import java.nio.file.Path;

/** The rule directory given, else the checkout's {@code rules/} folder. */
final class DefaultRules {
    private DefaultRules() {
    }

    static Path orDefault(Path given) {
        return given != null ? given : Checkout.rulesDirectory();
    }
}
