package io.chorus.simulator.source;

import io.chorus.engine.context.Channel;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.decision.Action;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.DecisionRequest;
import io.chorus.engine.decision.PropensitySource;
import io.chorus.engine.json.Json;
import io.chorus.engine.learning.Features;
import io.chorus.engine.learning.ModelId;
import io.chorus.engine.learning.ModelSet;
import io.chorus.engine.learning.OnlineModel;
import io.chorus.engine.rules.RuleSet;
import io.chorus.simulator.Fixtures;
import io.chorus.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What-ifs and outbound runs rank with a frozen copy of the models the service saved in its store: Nadia's
 * detractor call-back is ranked by what the call-back's model learned, not by the rule's 0.7.
 */
class StoredModelsTest {
    private final RuleSet rules = Fixtures.defaultRuleSet();
    private String url;

    @BeforeEach
    void storeWithTheServicesModelTable() throws Exception {
        url = TestDatabase.get().newDatabase();
        try (Connection connection = DriverManager.getConnection(url); Statement sql = connection.createStatement()) {
            // The columns the service's migration gives the table (api module, V5__learned_propensities.sql).
            sql.execute("create table model (model_id text primary key, action_key text not null, channel text,"
                    + " predictors_version text not null, state jsonb not null, last_seq bigint not null,"
                    + " saved_at timestamptz not null default now())");
        }
    }

    private void save(OnlineModel model, String predictorsVersion) throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement insert = connection.prepareStatement("insert into model (model_id, action_key, channel,"
                     + " predictors_version, state, last_seq) values (?, ?, null, ?, cast(? as jsonb), 300)")) {
            insert.setString(1, model.id().toString());
            insert.setString(2, model.id().key());
            insert.setString(3, predictorsVersion);
            insert.setString(4, Json.mapper().writeValueAsString(model.state()));
            insert.executeUpdate();
        }
    }

    private Action callBack(ModelSet models) throws Exception {
        CustomerContext nadia = ContextJson.parse(Files.readAllBytes(Fixtures.defaultRules()
                .resolve("customers/nadia-kowalski.json")));
        Decision decision = rules.decide(new DecisionRequest(nadia, Channel.CALL_CENTER, Fixtures.AS_OF,
                DecisionRequest.DEFAULT_MAX_ACTIONS, models.outsideFor(rules.predictors(), "C-nadia", Channel.CALL_CENTER)));
        return decision.actions().stream().filter(a -> "detractor-callback".equals(a.key())).findFirst().orElseThrow();
    }

    @Test
    void aModelLearnedUnderTheRuleSetsPredictorsRanksTheCallBack() throws Exception {
        OnlineModel callBacks = new OnlineModel(new ModelId("detractor-callback", null), 0.0005);
        SplittableRandom random = new SplittableRandom(5);
        Features unhappy = new Features(java.util.List.of("segment=CONSUMER", "open-cases=1-2", "channel=CALL_CENTER"));
        for (int i = 0; i < 300; i++) {
            callBacks.learn(unhappy, random.nextInt(5) == 0);
        }
        save(callBacks, rules.predictors().version());

        ModelSet models = StoredModels.read(url, rules.predictors());
        Action action = callBack(models);

        assertThat(models.models()).hasSize(1);
        assertThat(action.propensitySource()).isEqualTo(PropensitySource.MODEL);
        assertThat(action.propensity()).isBetween(0.05, 0.45);
        assertThat(callBack(models).priority()).as("the same customer draws the same").isEqualTo(action.priority());
    }

    @Test
    void modelsLearnedUnderOtherPredictorsAreLeftAlone() throws Exception {
        OnlineModel callBacks = new OnlineModel(new ModelId("detractor-callback", null), 0.0005);
        for (int i = 0; i < 300; i++) {
            callBacks.learn(Features.NONE, i % 3 == 0);
        }
        save(callBacks, "another-predictors-file");

        ModelSet models = StoredModels.read(url, rules.predictors());

        assertThat(models.models()).isEmpty();
        assertThat(callBack(models).propensitySource()).isEqualTo(PropensitySource.RULE);
    }
}
