package dev.atelier.engine.sched;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The keys of a diffusers {@code scheduler_config.json} that Atelier's schedulers read. A key absent from the
 * file is {@code null} here, and each scheduler then uses the default of its own diffusers class (the classes'
 * defaults differ: e.g. {@code beta_schedule} is {@code linear} for DDIM but {@code scaled_linear} for LCM).
 * This is how diffusers' {@code from_config} builds one scheduler class from another's config: the keys the
 * target class accepts carry over, the rest are ignored. Keys listed in {@code _use_default_values} (those the
 * saving class had defaulted) are dropped on parsing, as diffusers does. Unknown keys are ignored.
 *
 * <p>Key names are those of the file, e.g. {@link #betaSchedule} is {@code beta_schedule}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SchedulerConfig(
        @JsonProperty("_class_name") String className,
        Integer numTrainTimesteps, Double betaStart, Double betaEnd, String betaSchedule, double[] trainedBetas,
        Boolean rescaleBetasZeroSnr, String predictionType,
        String timestepSpacing, Integer stepsOffset, Boolean setAlphaToOne,
        Boolean clipSample, Double clipSampleRange, Boolean thresholding,
        Boolean skipPrkSteps,
        Boolean useKarrasSigmas, Boolean useExponentialSigmas, Boolean useBetaSigmas,
        String interpolationType, String timestepType, String finalSigmasType, Double sigmaMin, Double sigmaMax,
        Integer solverOrder, String algorithmType, String solverType, Boolean lowerOrderFinal, Boolean eulerAtFinal,
        Double lambdaMinClipped, String varianceType, Boolean useLuLambdas, Boolean useFlowSigmas,
        @JsonProperty("predict_x0") Boolean predictX0, int[] disableCorrector,
        Integer originalInferenceSteps, Double timestepScaling,
        Double shift, Boolean useDynamicShifting, Boolean invertSigmas, Double shiftTerminal,
        Boolean stochasticSampling) {

    public SchedulerConfig {
        positive("num_train_timesteps", numTrainTimesteps);
        positive("original_inference_steps", originalInferenceSteps);
        if (solverOrder != null && (solverOrder < 1 || solverOrder > 3)) {
            throw new IllegalArgumentException("solver_order must be 1, 2 or 3, got " + solverOrder);
        }
        if (stepsOffset != null && stepsOffset < 0) {
            throw new IllegalArgumentException("steps_offset must be >= 0, got " + stepsOffset);
        }
        if (shift != null && !(shift > 0)) throw new IllegalArgumentException("shift must be > 0, got " + shift);
        if (betaStart != null && betaEnd != null && !(betaStart >= 0 && betaEnd >= betaStart && betaEnd < 1)) {
            throw new IllegalArgumentException("need 0 <= beta_start <= beta_end < 1, got beta_start " + betaStart
                    + ", beta_end " + betaEnd);
        }
    }

    private static void positive(String key, Integer value) {
        if (value != null && value <= 0) throw new IllegalArgumentException(key + " must be > 0, got " + value);
    }

    // diffusers writes configs with Python's json module, which spells non-finite floats as bare words
    // ("lambda_min_clipped": -Infinity, NaN): accept them here, in this reader only.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();

    /** A config with no keys: every scheduler uses its diffusers class's defaults. */
    public static SchedulerConfig empty() {
        return of(Map.of());
    }

    /** Parses the text of a {@code scheduler_config.json}. */
    public static SchedulerConfig parse(String json) {
        try {
            return fromTree(JSON.readTree(json), "scheduler config");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("scheduler config is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a {@code scheduler_config.json}; errors name the file. */
    public static SchedulerConfig read(Path file) {
        try {
            return fromTree(JSON.readTree(Files.readString(file)), file.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Builds a config from key/value pairs named as in the file, e.g. {@code Map.of("shift", 3.0)}. */
    public static SchedulerConfig of(Map<String, ?> keys) {
        return fromTree(JSON.valueToTree(keys), "scheduler config");
    }

    /** This config with {@code use_karras_sigmas} set (the CLI's {@code --karras}). */
    public SchedulerConfig withUseKarrasSigmas(boolean karras) {
        return with("use_karras_sigmas", karras);
    }

    /** This config with one key replaced (named as in the file); {@code null} removes it. */
    public SchedulerConfig with(String key, Object value) {
        ObjectNode tree = JSON.valueToTree(this);
        if (value == null) tree.remove(key);
        else tree.set(key, JSON.valueToTree(value));
        return fromTree(tree, "scheduler config");
    }

    private static SchedulerConfig fromTree(JsonNode tree, String source) {
        if (!(tree instanceof ObjectNode object)) {
            throw new IllegalArgumentException(source + ": expected a JSON object, got " + tree.getNodeType());
        }
        ObjectNode copy = object.deepCopy();
        JsonNode defaulted = copy.remove("_use_default_values");
        if (defaulted != null) defaulted.forEach(k -> copy.remove(k.asText()));
        // JSON null means "not set" in diffusers configs as well (e.g. "trained_betas": null).
        copy.properties().removeIf(e -> e.getValue().isNull());
        try {
            return JSON.treeToValue(copy, SchedulerConfig.class);
        } catch (JsonMappingException e) {
            String key = e.getPath().isEmpty() ? "" : " key '" + e.getPath().getFirst().getFieldName() + "':";
            throw new IllegalArgumentException(source + ":" + key + " " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": " + e.getOriginalMessage(), e);
        }
    }
}
