package io.chorus.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** chorus serve logs JSON lines: the decisionId on each line of a decision, and no input can forge a line. */
class ServiceLoggingTest {

    @AfterEach
    void backToTheCommandLinesLogging() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void aDecisionsLineIsOneJsonObjectWithItsDecisionIdEvenWhenTheCustomerIdHoldsANewline() throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            ServiceLogging.use();
            MDC.put("decisionId", "0f6c2a5e-7d1b-4c1e-9a55-3f0d5b8c2e11");
            LoggerFactory.getLogger("chorus.decisions").info("decision {} customer {} channel {}",
                    "0f6c2a5e-7d1b-4c1e-9a55-3f0d5b8c2e11", "C-1\n{\"level\":\"ERROR\",\"message\":\"forged\"}", "WEB");
        } finally {
            MDC.remove("decisionId");
            System.setOut(console);
        }

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines[0]);
        assertThat(line.get("decisionId").asText()).isEqualTo("0f6c2a5e-7d1b-4c1e-9a55-3f0d5b8c2e11");
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("logger_name").asText()).isEqualTo("chorus.decisions");
        assertThat(line.get("message").asText()).contains("customer C-1\n{");
    }
}
