package io.chorus.simulator.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chorus.engine.context.Channel;
import io.chorus.engine.json.Json;
import io.chorus.engine.learning.FrozenModel;
import io.chorus.engine.learning.ModelId;
import io.chorus.engine.learning.ModelSet;
import io.chorus.engine.learning.OnlineModel;
import io.chorus.engine.learning.Predictors;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A frozen copy of the propensity models the service's store holds (table {@code model}, as last saved by the
 * service, a few seconds behind what it learns): what-ifs and outbound runs rank with what the service has learned,
 * and the run's answer does not move while it runs. Only models learned under the rule set's own predictors count.
 */
public final class StoredModels {
    private StoredModels() {
    }

    public static ModelSet read(String url, Predictors predictors) throws SQLException {
        if (!predictors.learns()) {
            return ModelSet.EMPTY;
        }
        Map<ModelId, FrozenModel> models = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement query = connection.prepareStatement(
                     "select model_id, action_key, channel, state::text from model where predictors_version = ?")) {
            query.setString(1, predictors.version());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String channel = rows.getString(3);
                    ModelId id = new ModelId(rows.getString(2), channel == null ? null : Channel.valueOf(channel));
                    OnlineModel.State state = Json.mapper().readValue(rows.getString(4), OnlineModel.State.class);
                    models.put(id, OnlineModel.of(id, predictors.forgetting(), state).freeze());
                }
            }
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored model's state is not readable: " + e.getOriginalMessage(), e);
        }
        return new ModelSet(predictors, models);
    }
}
