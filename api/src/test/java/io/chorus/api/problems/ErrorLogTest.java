package io.chorus.api.problems;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failure of ours is logged so that an operator can find it (route, exception classes, stack, the id the caller
 * was given), and so that the log quotes no customer: no id from the path, no exception message.
 */
class ErrorLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(UnexpectedFailureHandler.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void listen() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
    }

    @Test
    void anUnexpectedFailureIsLoggedWithItsIdAndStackButWithoutTheCustomersData() {
        RuntimeException failure = new IllegalStateException("cannot read the context of sam@example.com",
                new IllegalArgumentException("Key (identifier_value)=(+447700900001) already exists"));

        HttpResponse<?> answer = new UnexpectedFailureHandler().handle(HttpRequest.GET("/v1/customers/C-1001/context"),
                failure);

        assertThat(answer.status().getCode()).isEqualTo(500);
        ILoggingEvent error = logged.list.stream().filter(e -> e.getLevel().toString().equals("ERROR")).findFirst()
                .orElseThrow();
        String everything = error.getFormattedMessage() + "\n" + messages(error.getThrowableProxy());
        assertThat(everything).doesNotContain("C-1001").doesNotContain("sam@example.com")
                .doesNotContain("+447700900001")
                .contains(IllegalStateException.class.getName()).contains(IllegalArgumentException.class.getName());
        assertThat(error.getThrowableProxy().getStackTraceElementProxyArray()).isNotEmpty();
        String failureId = error.getFormattedMessage().replaceAll(".*failure ([0-9a-f-]{36}).*", "$1");
        assertThat(new String((byte[]) answer.body(), StandardCharsets.UTF_8)).contains(failureId);
    }

    @Test
    void aStoreThatIsAwayIsLoggedByItsSqlStateNotByWhatTheServerSaid() {
        RuntimeException failure = new RuntimeException(new java.sql.SQLTransientConnectionException(
                "connection to db lost while inserting sam@example.com", "08006"));

        new UnexpectedFailureHandler().handle(HttpRequest.POST("/v1/events", "{}"), failure);

        assertThat(logged.list).singleElement().satisfies(warning -> {
            assertThat(warning.getFormattedMessage()).contains("SQLSTATE 08006").doesNotContain("sam@example.com");
            assertThat(warning.getThrowableProxy()).isNull();
        });
    }

    private static String messages(IThrowableProxy proxy) {
        List<String> all = new ArrayList<>();
        for (IThrowableProxy p = proxy; p != null; p = p.getCause()) {
            all.add(p.getClassName() + ": " + p.getMessage());
        }
        return String.join("\n", all);
    }
}
