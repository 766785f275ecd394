package io.chorus.engine.context;

import java.math.BigDecimal;
import java.time.LocalDate;

public record Account(String accountId, AccountStatus status, LocalDate openedAt, LocalDate contractEnd,
                      BigDecimal monthlyCommitment) {
    public Account {
        monthlyCommitment = Money.normalise(monthlyCommitment);
    }
}
