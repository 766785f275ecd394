package io.chorus.api.storage;

import io.chorus.api.customers.CustomerStore;
import io.chorus.api.operations.ChorusConfiguration;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.context.Identifier;
import io.chorus.engine.identity.IdentifierPolicy;
import io.chorus.engine.identity.InvalidIdentifierException;
import io.chorus.engine.json.InvalidDocumentException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads the demo customers ({@code rules/customers/*.json}) at start, so a newcomer's first curl has someone to
 * decide for. A customer already stored is left alone: its history since the last start is real.
 */
@Singleton
@Requires(property = "chorus.demo-customers-dir")
public class DemoCustomers implements ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCustomers.class);

    private final ChorusConfiguration configuration;
    private final CustomerStore store;
    private final IdentifierPolicy identifiers;

    public DemoCustomers(ChorusConfiguration configuration, CustomerStore store, IdentifierPolicy identifiers) {
        this.configuration = configuration;
        this.store = store;
        this.identifiers = identifiers;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        Path dir = configuration.demoCustomersDirectory();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            LOG.warn("Cannot list demo customers in {}: {}", dir, e.getMessage());
            return;
        }
        int loaded = 0;
        for (Path file : files) {
            try {
                if (load(ContextJson.parse(Files.readAllBytes(file)))) {
                    loaded++;
                }
            } catch (IOException | InvalidDocumentException | InvalidIdentifierException e) {
                LOG.warn("Demo customer {} skipped: {}", file, e.getMessage());
            }
        }
        LOG.info("Demo customers from {}: {} of {} loaded, the rest were already stored", dir, loaded, files.size());
    }

    /** Two statements, not one transaction: a crash between them leaves a customer findable by id only. */
    private boolean load(CustomerContext given) {
        List<Identifier> owned = given.identifiers().stream().map(identifiers::normalise).distinct().toList();
        CustomerContext context = given.withIdentifiers(owned);
        if (!store.insertIfAbsent(context.customerId(), ContextJson.write(context))) {
            return false;
        }
        if (!store.ownedByOthers(context.customerId(), owned).isEmpty()) {
            LOG.warn("Demo customer {}: some identifiers already belong to someone else; kept without them",
                    context.customerId());
            return true;
        }
        store.replaceIdentifiers(context.customerId(), owned);
        return true;
    }
}
