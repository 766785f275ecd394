package io.chorus.api.storage;

import io.chorus.api.ChorusServer;
import io.chorus.api.support.Api;
import io.chorus.api.support.SeedStory;
import io.chorus.api.support.TcpProxy;
import io.chorus.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SIGTERM (ChorusServer.close, as the shutdown hook calls it) while decisions are in flight: the service stops
 * taking connections at once, answers every request it had taken, with its decision committed, and only then
 * stops its store.
 */
class ShutdownDrainTest {
    @TempDir
    Path dataDir;

    @Test
    void givenDecisionsInFlight_whenTheServiceIsStopped_thenEachIsAnsweredAndRecordedAndNoNewConnectionIsTaken()
            throws Exception {
        Path rules = SeedStory.seedCustomerFile().getParent().getParent();
        String direct = TestDatabase.get().newDatabase();
        TcpProxy.InFront inFront = TcpProxy.inFrontOf(direct);
        try (TcpProxy proxy = inFront.proxy()) {
            ChorusServer server = ChorusServer.start(new ChorusServer.Options(-1, inFront.jdbcUrl(), dataDir, rules,
                    rules.getParent()));
            String key = Files.readString(dataDir.resolve("admin.key")).strip();
            Api api = new Api(URI.create(server.url()));
            assertThat(api.put("/v1/customers/C-1001", key, SeedStory.PROFILE_BEFORE_RENEWAL).status()).isEqualTo(201);

            proxy.freeze();
            List<CompletableFuture<Api.Reply>> inFlight = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                inFlight.add(CompletableFuture.supplyAsync(() -> api.post("/v1/decisions", key,
                        SeedStory.recordedDecisionRequest("CALL_CENTER"))));
            }
            Thread.sleep(400);
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
            Thread.sleep(300);

            assertThatThrownBy(() -> connect(server.port())).as("no new connection once stopping")
                    .isInstanceOf(ConnectException.class);
            assertThat(stopping).as("still draining while the requests wait for the store").isNotDone();
            proxy.thaw();
            stopping.join();

            List<String> decisionIds = new ArrayList<>();
            for (CompletableFuture<Api.Reply> call : inFlight) {
                Api.Reply reply = call.join();
                assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
                decisionIds.add(reply.json().get("decisionId").asText());
            }
            assertThat(recorded(direct, decisionIds)).as("every answered decision was committed").isEqualTo(4);
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        }
    }

    private static int recorded(String url, List<String> decisionIds) throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement count = connection.prepareStatement(
                     "select count(*) from decision where decision_id = any (?)")) {
            count.setArray(1, connection.createArrayOf("text", decisionIds.toArray()));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
