package io.chorus.simulator.run;

import io.chorus.engine.context.Account;
import io.chorus.engine.context.Charge;
import io.chorus.engine.context.CustomerCase;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.context.Subscription;

/**
 * Turns an action key into the play it stands for across customers. Keys are {@code play:detail}; where a detail
 * is one of this customer's own lines, cases, accounts or charges ({@code correct-billing:S-4}) it is replaced by
 * what it is ({@code correct-billing:{line}}), so a population's worth of ids adds up to one row. Catalogue
 * details such as offer codes and promotion ids are kept: they are the same for everyone.
 */
final class KeyNames {
    private final CustomerContext context;

    KeyNames(CustomerContext context) {
        this.context = context;
    }

    String general(String key) {
        if (key == null || key.indexOf(':') < 0) {
            return key;
        }
        String[] parts = key.split(":", -1);
        StringBuilder general = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            general.append(':').append(kindOf(parts[i]));
        }
        return general.toString();
    }

    private String kindOf(String detail) {
        for (Subscription s : context.subscriptions()) {
            if (detail.equals(s.subscriptionId())) {
                return "{line}";
            }
        }
        for (CustomerCase c : context.cases()) {
            if (detail.equals(c.caseId())) {
                return "{case}";
            }
        }
        for (Account a : context.accounts()) {
            if (detail.equals(a.accountId())) {
                return "{account}";
            }
        }
        for (Charge c : context.charges()) {
            if (detail.equals(c.chargeId())) {
                return "{charge}";
            }
        }
        return detail;
    }
}
