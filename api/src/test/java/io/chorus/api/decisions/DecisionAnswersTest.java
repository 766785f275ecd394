package io.chorus.api.decisions;

import io.chorus.api.support.FixtureCustomer;
import io.chorus.engine.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers are compressed with one zstd context per thread, reused from one decision to the next: each must still
 * read back as the very bytes sent, whatever the thread compressed before it.
 */
class DecisionAnswersTest {
    @Test
    void each_answer_reads_back_as_sent_though_the_thread_compressed_others_before_it() throws Exception {
        String sam = Json.mapper().writeValueAsString(FixtureCustomer.as("sam-rivers", "C-1001"));
        String tom = Json.mapper().writeValueAsString(FixtureCustomer.as("tom-hargreaves", "C-1002"));

        byte[] samFirst = DecisionAnswers.compress(sam.getBytes(StandardCharsets.UTF_8));
        byte[] tomAfter = DecisionAnswers.compress(tom.getBytes(StandardCharsets.UTF_8));
        byte[] samAgain = DecisionAnswers.compress(sam.getBytes(StandardCharsets.UTF_8));

        assertThat(DecisionAnswers.text(samFirst)).isEqualTo(sam);
        assertThat(DecisionAnswers.text(tomAfter)).isEqualTo(tom);
        assertThat(samAgain).as("nothing of the answer before carried into the next").isEqualTo(samFirst);
        assertThat(samFirst.length).as("kept smaller than sent").isLessThan(sam.length() / 2);
    }
}
