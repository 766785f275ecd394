package io.chorus.api.operations;

import io.chorus.api.ChorusServer;
import io.chorus.api.support.SeedStory;
import io.chorus.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A second service started on a port something already listens on, with its store up: it says the port is taken
 * and how to choose another, not that PostgreSQL cannot be reached (a bind failure is an IOException too).
 */
class PortInUseTest {
    @TempDir
    Path dataDir;

    @Test
    void givenThePortIsTaken_whenTheServiceStarts_thenItNamesThePortNotTheStore() throws Exception {
        Path rules = SeedStory.seedCustomerFile().getParent().getParent();
        String database = TestDatabase.get().newDatabase();
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> ChorusServer.start(new ChorusServer.Options(port, database, dataDir, rules,
                    rules.getParent())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("port " + port + " is already in use (another chorus serve?): stop what listens on"
                            + " it, or give another with --port")
                    .hasMessageNotContaining("PostgreSQL");
        }
        // Nothing of the failed start is left behind holding the store: a service starts on it at once.
        try (ChorusServer server = ChorusServer.start(new ChorusServer.Options(-1, database, dataDir, rules,
                rules.getParent()))) {
            assertThat(server.url()).startsWith("http://");
        }
    }
}
