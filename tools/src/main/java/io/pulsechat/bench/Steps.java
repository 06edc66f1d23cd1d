package io.pulsechat.bench;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the steps of one scenario's JSON result (as `bench --json` writes it), for both reports. */
final class Steps {
    private Steps() {}

    /** The last step that passed (steps run in rising rate), or null. */
    static JsonNode bestPassing(JsonNode result) {
        JsonNode best = null;
        if (result != null) {
            for (JsonNode step : result.get("steps")) {
                if (step.get("passed").asBoolean()) {
                    best = step;
                }
            }
        }
        return best;
    }

    /** The step run at this target rate, or null. */
    static JsonNode at(JsonNode result, int rate) {
        if (result != null) {
            for (JsonNode step : result.get("steps")) {
                if (step.get("targetRate").asInt() == rate) {
                    return step;
                }
            }
        }
        return null;
    }
}
