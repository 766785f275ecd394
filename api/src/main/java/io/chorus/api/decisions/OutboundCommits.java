package io.chorus.api.decisions;

import io.chorus.api.constraints.ConstraintStore;
import io.chorus.api.constraints.VolumeLimits;
import io.chorus.engine.constraints.VolumeConstraint;
import io.chorus.engine.context.ContactRecord;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Commits an outbound run's sends to the store, a batch per transaction: each decision with its contacts
 * recorded as SENT (through {@link DecisionWriter}, as the service records its own outbound decisions), and the
 * units they use taken from the service's constraint counters, so the service and the run together never exceed
 * a limit. A decision id already recorded (the same run committed before) is left as it is, so committing a run
 * twice sends nothing twice.
 */
@Singleton
public class OutboundCommits {
    private final DecisionStore decisions;
    private final DecisionWriter writer;
    private final ConstraintStore usage;
    private final VolumeLimits limits;

    public OutboundCommits(DecisionStore decisions, DecisionWriter writer, ConstraintStore usage, VolumeLimits limits) {
        this.decisions = decisions;
        this.writer = writer;
        this.usage = usage;
        this.limits = limits;
    }

    /** What the period {@code asOf} falls in has used of each constraint already, by name. */
    public Map<String, BigDecimal> used(List<VolumeConstraint> constraints, Instant asOf) {
        return limits.used(constraints, asOf);
    }

    /** One batch's outcome: decisions written, already there, and left out because the room was taken meanwhile. */
    public record Outcome(int written, int alreadyCommitted, int notSent, int contacts) {
    }

    /**
     * Writes the batch in one transaction. The rows come best first: if the service took room meanwhile and the
     * batch no longer fits a constraint, rows are taken one by one in that order and those that do not fit are
     * left out (counted as not sent).
     */
    @Transactional
    public Outcome commit(List<DecisionRow> rows, List<VolumeConstraint> constraints) {
        Set<String> done = decisions.existing(rows.stream().map(DecisionRow::decisionId).toList());
        List<DecisionRow> fresh = rows.stream().filter(r -> !done.contains(r.decisionId())).toList();
        Map<String, BigDecimal> total = new LinkedHashMap<>();
        for (DecisionRow row : fresh) {
            units(row, constraints).forEach((name, units) -> total.merge(name, units, BigDecimal::add));
        }
        List<DecisionRow> kept;
        if (take(total, constraints, fresh)) {
            kept = fresh;
        } else {
            kept = new ArrayList<>();
            for (DecisionRow row : fresh) {
                if (take(units(row, constraints), constraints, List.of(row))) {
                    kept.add(row);
                }
            }
        }
        if (!kept.isEmpty()) {
            writer.write(kept);
        }
        int contacts = kept.stream().mapToInt(r -> r.contactsSent().size()).sum();
        return new Outcome(kept.size(), rows.size() - fresh.size(), fresh.size() - kept.size(), contacts);
    }

    /** Units of each constraint the row's contacts use. */
    private static Map<String, BigDecimal> units(DecisionRow row, List<VolumeConstraint> constraints) {
        Map<String, BigDecimal> units = new HashMap<>();
        for (ContactRecord contact : row.contactsSent()) {
            for (VolumeConstraint c : constraints) {
                if (c.counts(contact.channel(), contact.actionType(), contact.key())) {
                    units.merge(c.name(), c.units(), BigDecimal::add);
                }
            }
        }
        return units;
    }

    /** Takes all of these units, or none of them. */
    private boolean take(Map<String, BigDecimal> units, List<VolumeConstraint> constraints, List<DecisionRow> rows) {
        if (rows.isEmpty()) {
            return true;
        }
        Instant asOf = rows.get(0).asOf();
        List<VolumeConstraint> taken = new ArrayList<>();
        // In name order, as the service's decisions take them, so neither waits on a row the other holds.
        for (VolumeConstraint c : constraints.stream().sorted(Comparator.comparing(VolumeConstraint::name)).toList()) {
            BigDecimal amount = units.get(c.name());
            if (amount == null || amount.signum() == 0) {
                continue;
            }
            if (!usage.take(c.name(), limits.periodStart(c, asOf), amount, c.capacity())) {
                for (VolumeConstraint back : taken) {
                    usage.giveBack(back.name(), limits.periodStart(back, asOf), units.get(back.name()));
                }
                return false;
            }
            taken.add(c);
        }
        return true;
    }
}
