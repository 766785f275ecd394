package io.chorus.api.operations;

import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.SeedStory;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the service does with connections, whoever is on the other end: compression only in an encoding the client
 * named; a request that trickles in, or a connection left open, does not hold the server forever.
 */
@MicronautTest
class HttpConnectionsTest extends ApiTestBase {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Override
    protected Map<String, String> moreProperties() {
        return Map.of("chorus.server.request-read-timeout", "2s", "micronaut.server.idle-timeout", "3s");
    }

    @Test
    void aResponseIsCompressedOnlyInAnEncodingTheClientNamed() throws Exception {
        assertThat(encodingFor("gzip")).isEqualTo("gzip");
        assertThat(encodingFor("deflate")).isEqualTo("deflate");
        assertThat(encodingFor("br;q=1.0, gzip;q=0.5")).isEqualTo("gzip");
        for (String unnamed : List.of("*", "snappy", "br", "zstd", "identity", "snappy, *;q=0.9")) {
            assertThat(encodingFor(unnamed)).as("Accept-Encoding: " + unnamed).isEqualTo("none");
        }
    }

    @Test
    void aRequestThatTricklesInIsCutOffAfterTheReadTimeout() throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + Api.RECORDER
                    + "\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"eventId\":").getBytes(StandardCharsets.UTF_8));
            out.flush();
            long started = System.nanoTime();

            int read = readUntilClosed(socket.getInputStream());

            assertThat(read).as("the connection was closed, not answered").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void headersSentAByteAtATimeAreCutOffToo() throws Exception {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            long started = System.nanoTime();
            boolean closed = false;
            for (byte b : "GET /health HTTP/1.1\r\nX-Slow: ".concat("a".repeat(100)).getBytes(StandardCharsets.UTF_8)) {
                try {
                    out.write(b);
                    out.flush();
                } catch (IOException e) {
                    closed = true;
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(closed || readUntilClosed(socket.getInputStream()) == -1).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(9));
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            long started = System.nanoTime();

            assertThat(readUntilClosed(socket.getInputStream())).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        }
    }

    private static int readUntilClosed(InputStream in) throws IOException {
        try {
            int b;
            do {
                b = in.read();
            } while (b >= 0);
            return b;
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (IOException e) {
            return -1; // reset by the server: closed as well
        }
    }

    private String encodingFor(String acceptEncoding) throws Exception {
        String context = Files.readString(SeedStory.seedCustomerFile());
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/decisions"))
                .header("Authorization", "Bearer " + Api.CHANNEL).header("Content-Type", "application/json")
                .header("Accept-Encoding", acceptEncoding)
                .POST(HttpRequest.BodyPublishers.ofString("{\"context\": " + context
                        + ", \"channel\": \"CALL_CENTER\", \"asOf\": \"" + SeedStory.DECIDE_AT + "\", \"preview\": true}"))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().length).as("large enough to be worth compressing").isGreaterThan(100);
        return response.headers().firstValue("Content-Encoding").orElse("none");
    }
}
