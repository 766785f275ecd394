package io.chorus.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

import java.net.URL;

/**
 * {@code chorus serve} logs for machines (chorus-serve-logback.xml: JSON lines with the decisionId), every other
 * command for the person at the terminal (logback.xml). A configuration named with {@code -Dlogback.configurationFile}
 * wins over both.
 */
final class ServiceLogging {
    static final String CONFIGURATION = "/chorus-serve-logback.xml";

    private ServiceLogging() {
    }

    static void use() {
        if (System.getProperty("logback.configurationFile") != null
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        URL configuration = ServiceLogging.class.getResource(CONFIGURATION);
        if (configuration == null) {
            throw new IllegalStateException(CONFIGURATION + " is missing from the build");
        }
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(configuration);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure logging from " + CONFIGURATION, e);
        }
    }
}
