package org.lstmlens.data;

import java.io.Serializable;
import java.util.Objects;
import org.lstmlens.core.Precision;
import org.lstmlens.error.LstmException;
import org.lstmlens.influence.Method;

/**
 * Everything a run over a dataset needs to know, as a serialisable value (it travels to a cluster's executors):
 * which model file, which attribution method with its parameters, which target, which statistics, how many sequences
 * per pass and what to do with bad input. Built fluently, each call a new value:
 * <pre>
 *   DatasetJob.of("lag5.keras").integratedGradients(64).target(JobTarget.labels()).states(true)
 * </pre>
 * Defaults: integrated gradients with 64 steps, baseline 0, the model's default target, 64 sequences per pass, bad
 * input refused, no state statistics, no unit selection, gradients in double.
 *
 * @param model the model file (any Keras file the loader reads); null when a loaded model is handed over instead
 * @param architecture the architecture file of a weights-only model, or null
 * @param method the attribution method
 * @param igSteps integrated gradients' steps
 * @param baseline the constant baseline of integrated gradients and occlusion
 * @param window occlusion's window, in timesteps
 * @param target what each attribution explains
 * @param steps the timesteps every sequence must have (0: the model's input length, else the first sequence's)
 * @param batchSize sequences per forward and backward pass
 * @param badInput what to do with a bad sequence
 * @param states whether to gather state statistics (activation distributions, gate memory)
 * @param stateLayer the recurrent layer of the state statistics and selection (null: the first one)
 * @param select the unit pattern sequences are ranked by, or null
 * @param keepMatches how many best-matching sequences the summary keeps
 * @param nextStep lags read as a forecast (the output at a step predicts the next)
 * @param precision of the gradients from the output ({@link #float32()}); values and gate targets stay double
 */
public record DatasetJob(String model, String architecture, Method method, int igSteps, double baseline, int window,
        JobTarget target, int steps, int batchSize, BadInput badInput, boolean states, String stateLayer,
        UnitPattern select, int keepMatches, boolean nextStep, Precision precision) implements Serializable {
    /** Sequences per pass unless chosen. */
    public static final int DEFAULT_BATCH = 64;

    public DatasetJob {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(badInput, "badInput");
        Objects.requireNonNull(precision, "precision");
        if (igSteps < 1) {
            throw new LstmException("integratedGradients(" + igSteps + "): the number of steps must be at least 1");
        }
        if (window < 1) {
            throw new LstmException("occlusion(" + window + "): the window must cover at least 1 timestep");
        }
        if (batchSize < 1) {
            throw new LstmException("batchSize(" + batchSize + "): needs at least 1 sequence per pass");
        }
        if (steps < 0) {
            throw new LstmException("steps(" + steps + "): must be 0 (from the model or the first sequence) or more");
        }
        if (keepMatches < 0) {
            throw new LstmException("keepMatches(" + keepMatches + "): must be 0 or more");
        }
    }

    /** A job on the model in file {@code model}, with the defaults. */
    public static DatasetJob of(String model) {
        return new DatasetJob(Objects.requireNonNull(model, "model"), null, Method.INTEGRATED_GRADIENTS, 64, 0, 1,
                JobTarget.defaults(), 0, DEFAULT_BATCH, BadInput.REFUSE, false, null, null, 20, false,
                Precision.DOUBLE);
    }

    /** A job for a model handed over already loaded ({@link SequenceExplainer#of(DatasetJob, org.lstmlens.model.Model)}). */
    public static DatasetJob forLoadedModel() {
        return new DatasetJob(null, null, Method.INTEGRATED_GRADIENTS, 64, 0, 1, JobTarget.defaults(), 0,
                DEFAULT_BATCH, BadInput.REFUSE, false, null, null, 20, false, Precision.DOUBLE);
    }

    /** The same job with the architecture of a weights-only model from file {@code path}. */
    public DatasetJob architecture(String path) {
        return new DatasetJob(model, path, method, igSteps, baseline, window, target, steps, batchSize, badInput,
                states, stateLayer, select, keepMatches, nextStep, precision);
    }

    /** Saliency, dF/dx. */
    public DatasetJob gradient() {
        return method(Method.GRADIENT);
    }

    /** x * dF/dx. */
    public DatasetJob gradientTimesInput() {
        return method(Method.GRADIENT_X_INPUT);
    }

    /** Integrated gradients with {@code n} points along the straight path from the baseline. */
    public DatasetJob integratedGradients(int n) {
        return new DatasetJob(model, architecture, Method.INTEGRATED_GRADIENTS, n, baseline, window, target, steps,
                batchSize, badInput, states, stateLayer, select, keepMatches, nextStep, precision);
    }

    /** Occlusion of windows of {@code timesteps} consecutive timesteps (all features at once). */
    public DatasetJob occlusion(int timesteps) {
        return new DatasetJob(model, architecture, Method.OCCLUSION, igSteps, baseline, timesteps, target, steps,
                batchSize, badInput, states, stateLayer, select, keepMatches, nextStep, precision);
    }

    private DatasetJob method(Method m) {
        return new DatasetJob(model, architecture, m, igSteps, baseline, window, target, steps, batchSize, badInput,
                states, stateLayer, select, keepMatches, nextStep, precision);
    }

    /** The constant baseline of integrated gradients and occlusion. */
    public DatasetJob baseline(double value) {
        return new DatasetJob(model, architecture, method, igSteps, value, window, target, steps, batchSize, badInput,
                states, stateLayer, select, keepMatches, nextStep, precision);
    }

    /** What each attribution explains. */
    public DatasetJob target(JobTarget value) {
        return new DatasetJob(model, architecture, method, igSteps, baseline, window, Objects.requireNonNull(value,
                "target"), steps, batchSize, badInput, states, stateLayer, select, keepMatches, nextStep, precision);
    }

    /** The timesteps every sequence must have; a sequence of another length is {@link Problem.Kind#RAGGED}. */
    public DatasetJob steps(int value) {
        return new DatasetJob(model, architecture, method, igSteps, baseline, window, target, value, batchSize,
                badInput, states, stateLayer, select, keepMatches, nextStep, precision);
    }

    /** Sequences per forward and backward pass. */
    public DatasetJob batchSize(int value) {
        return new DatasetJob(model, architecture, method, igSteps, baseline, window, target, steps, value, badInput,
                states, stateLayer, select, keepMatches, nextStep, precision);
    }

    /** What to do with a bad sequence. */
    public DatasetJob badInput(BadInput value) {
        return new DatasetJob(model, architecture, method, igSteps, baseline, window, target, steps, batchSize,
                Objects.requireNonNull(value, "badInput"), states, stateLayer, select, keepMatches, nextStep,
                precision);
    }

    /** Whether to gather state statistics of the first recurrent layer. */
    public DatasetJob states(boolean value) {
        return new DatasetJob(model, architecture, method, igSteps, baseline, window, target, steps, batchSize,
                badInput, value, stateLayer, select, keepMatches, nextStep, precision);
    }

    /** State statistics (and the selection's default layer) of recurrent layer {@code name}. */
    public DatasetJob statesOf(String name) {
        return new DatasetJob(model, architecture, method, igSteps, baseline, window, target, steps, batchSize,
                badInput, true, Objects.requireNonNull(name, "name"), select, keepMatches, nextStep, precision);
    }

    /** Ranks sequences by how well {@code pattern} matches, keeping the best {@link #keepMatches()}. */
    public DatasetJob select(UnitPattern pattern) {
        return new DatasetJob(model, architecture, method, igSteps, baseline, window, target, steps, batchSize,
                badInput, states, stateLayer, pattern, keepMatches, nextStep, precision);
    }

    /** How many best-matching sequences the summary keeps. */
    public DatasetJob keepMatches(int value) {
        return new DatasetJob(model, architecture, method, igSteps, baseline, window, target, steps, batchSize,
                badInput, states, stateLayer, select, value, nextStep, precision);
    }

    /** Reads lags as a forecast: the output at a step predicts the next one, so the last input is t-1. */
    public DatasetJob predictsNextStep() {
        return new DatasetJob(model, architecture, method, igSteps, baseline, window, target, steps, batchSize,
                badInput, states, stateLayer, select, keepMatches, true, precision);
    }

    /**
     * Float32, as the frameworks compute ({@link org.lstmlens.influence.Influence#float32()}): for a target at the
     * output the recurrent layers' forward passes run in float32, and their gradients too where the core has a float32
     * backward (sigmoid gates and tanh: Keras's LSTM, a GRU with reset_after=True; a SimpleRNN with tanh; other
     * cells' run in double); gate and cell-state targets run in double.
     */
    public DatasetJob float32() {
        return new DatasetJob(model, architecture, method, igSteps, baseline, window, target, steps, batchSize,
                badInput, states, stateLayer, select, keepMatches, nextStep, Precision.FLOAT32);
    }

    /**
     * The batch a sequence belongs to: {@code index / batchSize}. A sequence's results are bit-for-bit the same
     * wherever its batch is computed, but may differ in the last bits (float noise, 1e-16 relative) when the batch's
     * members differ (the product kernels sum rows in blocks); so every runner forms batches by this key, locally or
     * on a cluster, with the bad sequences left out.
     */
    public long batchOf(long index) {
        return index / batchSize;
    }

    /** The precision the passes run in: the one asked, but double for a gate or cell-state target. */
    Precision passPrecision() {
        boolean inside = target.kind() == JobTarget.Kind.GATE || target.kind() == JobTarget.Kind.CELL;
        return inside ? Precision.DOUBLE : precision;
    }

    /** e.g. {@code integrated gradients (64 steps, baseline 0.0, float32) of given label}. */
    public String describe() {
        String f32 = passPrecision() == Precision.FLOAT32 ? ", float32" : "";
        String m = method == Method.INTEGRATED_GRADIENTS ? method.label() + " (" + igSteps + " steps, baseline "
                + baseline + f32 + ")" : method == Method.OCCLUSION ? method.label() + " (window " + window
                + ", baseline " + baseline + f32 + ")" : method.label() + (f32.isEmpty() ? "" : " (float32)");
        return m + " of " + target.describe();
    }
}
