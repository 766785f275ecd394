package io.chorus.api.support;

import io.chorus.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;

/**
 * For tests that take the database away: the class's fresh database is reached through a {@link TcpProxy} the test
 * stops, starts, freezes and thaws.
 */
public abstract class ProxiedStoreTestBase extends ApiTestBase {
    protected TcpProxy proxy;

    @Override
    protected String databaseUrl() {
        TcpProxy.InFront inFront = TcpProxy.inFrontOf(TestDatabase.get().newDatabase());
        proxy = inFront.proxy();
        return inFront.jdbcUrl();
    }

    @AfterAll
    void closeProxy() {
        proxy.close();
    }
}
