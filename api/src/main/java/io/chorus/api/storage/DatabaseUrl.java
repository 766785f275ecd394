package io.chorus.api.storage;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Accepts a database URL as JDBC ({@code jdbc:postgresql://host:5432/db?user=u}) or as libpq writes it
 * ({@code postgresql://u:p@host:5432/db}), and gives the JDBC form. PostgreSQL is the only dialect.
 */
public final class DatabaseUrl {
    private DatabaseUrl() {
    }

    public static String toJdbc(String url) {
        String trimmed = url.strip();
        if (trimmed.startsWith("jdbc:postgresql:")) {
            return trimmed;
        }
        if (trimmed.startsWith("postgres://") || trimmed.startsWith("postgresql://")) {
            URI uri = URI.create(trimmed);
            StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
            if (uri.getPort() > 0) {
                jdbc.append(':').append(uri.getPort());
            }
            jdbc.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath());
            StringBuilder query = new StringBuilder(uri.getRawQuery() == null ? "" : uri.getRawQuery());
            if (uri.getRawUserInfo() != null) {
                String[] userInfo = uri.getRawUserInfo().split(":", 2);
                append(query, "user=" + userInfo[0]);
                if (userInfo.length > 1) {
                    append(query, "password=" + userInfo[1]);
                }
            }
            if (!query.isEmpty()) {
                jdbc.append('?').append(query);
            }
            return jdbc.toString();
        }
        throw new IllegalArgumentException("not a PostgreSQL URL: " + URLDecoder.decode(
                trimmed.replaceAll("password=[^&]*", "password=…"), StandardCharsets.UTF_8)
                + " (expected jdbc:postgresql://HOST:PORT/DB?user=… or postgresql://USER@HOST:PORT/DB)");
    }

    /** The URL with any password replaced by an ellipsis, for messages and logs. */
    public static String redacted(String url) {
        return url.replaceAll("password=[^&]*", "password=…").replaceAll("//([^:/@]+):[^@]*@", "//$1:…@");
    }

    private static void append(StringBuilder query, String parameter) {
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append(parameter);
    }
}
