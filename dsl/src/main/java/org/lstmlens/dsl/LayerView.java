package org.lstmlens.dsl;

import java.util.List;
import java.util.Objects;
import org.lstmlens.core.Activation;
import org.lstmlens.core.Gate;
import org.lstmlens.core.LayerOutput;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.RnnState;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.influence.Influence;
import org.lstmlens.influence.Memory;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;

/**
 * One LSTM layer (one direction) as the notebook sees it: its gates, units, parameters, runs and traces.
 * Built from numbers ({@code lstm.layer(...)}) or taken from a loaded model ({@code model.layer("lstm_1")}).
 * Immutable: the settings ({@link #activations}, {@link #returnSequences(boolean)}, ...) return a new view.
 */
public final class LayerView implements Displayable {
    private final LstmLayer layer;

    private LayerView(LstmLayer layer) {
        this.layer = Objects.requireNonNull(layer, "layer");
    }

    /** The view of a core layer; how loaded models hand out their LSTM layers. */
    public static LayerView of(LstmLayer layer) {
        return new LayerView(layer);
    }

    /** The core layer behind this view. */
    public LstmLayer layer() {
        return layer;
    }

    /** The layer's name: {@code lstm.layer(w, u, b).name()} is {@code "lstm"}. */
    public String name() {
        return layer.name();
    }

    /** Units (the size of h and c): {@code layer.units()}. */
    public int units() {
        return layer.units();
    }

    /** Input features per timestep (the kernel's rows): {@code layer.inputDim()}. */
    public int inputDim() {
        return layer.inputDim();
    }

    /** The activation of the candidate and of c (Keras {@code activation}): {@code layer.activation()}. */
    public Activation activation() {
        return layer.cell().activation();
    }

    /** The activation of the gates i, f, o (Keras {@code recurrent_activation}): {@code layer.recurrentActivation()}. */
    public Activation recurrentActivation() {
        return layer.cell().recurrentActivation();
    }

    /** Whether a run returns every step's output: {@code layer.returnSequences()}. */
    public boolean returnSequences() {
        return layer.returnSequences();
    }

    /** Whether the layer reads its input from the last timestep to the first: {@code layer.goBackwards()}. */
    public boolean goBackwards() {
        return layer.goBackwards();
    }

    /**
     * The same layer with other activations, named as in a Keras config:
     * {@code layer.activations("tanh", "hard_sigmoid_keras2")}.
     *
     * @throws org.lstmlens.error.NameException for an unknown name, or a bare "hard_sigmoid" (say keras2 or keras3)
     */
    public LayerView activations(String activation, String recurrentActivation) {
        Activation a = Activation.parse(activation);
        Activation r = Activation.parse(recurrentActivation);
        return new LayerView(layer.withCell(layer.cell().withActivations(a, r)));
    }

    /**
     * The same layer with another activation for the candidate and c: {@code layer.activation(Activation.RELU)}.
     *
     * @throws org.lstmlens.error.LstmException if {@code activation} is null
     */
    public LayerView activation(Activation activation) {
        Check.notNull(activation, "activation", path(), "an Activation, e.g. Activation.TANH");
        return new LayerView(layer.withCell(layer.cell().withActivations(activation, recurrentActivation())));
    }

    /**
     * The same layer with another activation for the gates i, f, o:
     * {@code layer.recurrentActivation(Activation.HARD_SIGMOID_KERAS2)}.
     *
     * @throws org.lstmlens.error.LstmException if {@code recurrentActivation} is null
     */
    public LayerView recurrentActivation(Activation recurrentActivation) {
        Check.notNull(recurrentActivation, "recurrentActivation", path(), "an Activation, e.g. Activation.SIGMOID");
        return new LayerView(layer.withCell(layer.cell().withActivations(activation(), recurrentActivation)));
    }

    /** The same layer returning every step's output ({@code true}) or the last one: {@code layer.returnSequences(true)}. */
    public LayerView returnSequences(boolean value) {
        return new LayerView(layer.withReturnSequences(value));
    }

    /** The same layer reading its input backwards: {@code layer.goBackwards(true)}. */
    public LayerView goBackwards(boolean value) {
        return new LayerView(layer.withGoBackwards(value));
    }

    /**
     * The same layer under another name: {@code layer.named("encoder")}.
     *
     * @throws org.lstmlens.error.LstmException if {@code name} is null
     */
    public LayerView named(String name) {
        Check.notNull(name, "name", path(), "a layer name");
        return new LayerView(layer.withName(name));
    }

    /** The parameters Keras counts for this layer, with the formula: {@code layer.params()}. */
    public ParamsView params() {
        return new ParamsView(layer.weights().params(), path() + " params");
    }

    /** The kernel W (inputDim x 4u), gate blocks marked: {@code layer.kernel()}. */
    public MatrixView kernel() {
        return new MatrixView(path() + " kernel", "W", GateView.rows(layer.weights().kernel()), units(), "x", null);
    }

    /** The recurrent kernel U (u x 4u), gate blocks marked: {@code layer.recurrentKernel()}. */
    public MatrixView recurrentKernel() {
        return new MatrixView(path() + " recurrent kernel", "U", GateView.rows(layer.weights().recurrentKernel()),
                units(), "h", null);
    }

    /** The bias b as one row of 4u values (zeros without a bias), gate blocks marked: {@code layer.bias()}. */
    public MatrixView bias() {
        double[] b = layer.weights().bias().orElse(new double[4 * units()]);
        return new MatrixView(path() + " bias", "b", new double[][] {b}, units(), "b",
                layer.weights().hasBias() ? null : "the layer has no bias (use_bias=False): nothing is added");
    }

    /**
     * One gate's blocks of W, U and b: {@code layer.gate("f")}; names i/input, f/forget, c/g/cell/candidate, o/output.
     *
     * @throws org.lstmlens.error.NameException if {@code name} is not a gate name
     */
    public GateView gate(String name) {
        return new GateView(layer, Gate.parse(name, path()));
    }

    /**
     * One gate's blocks of W, U and b: {@code layer.gate(Gate.F)}.
     *
     * @throws org.lstmlens.error.LstmException if {@code gate} is null
     */
    public GateView gate(Gate gate) {
        return new GateView(layer, Check.notNull(gate, "gate", path(), "Gate.I, Gate.F, Gate.C or Gate.O"));
    }

    /**
     * A traced run over one sequence of one feature per timestep: {@code layer.run(new double[] {0.83, 0.1})}.
     *
     * @throws org.lstmlens.error.ShapeException if the layer expects more than one feature, or x is empty
     */
    public RunView run(double[] x) {
        Check.notNull(x, "x", path() + " run", "one value per timestep");
        if (inputDim() != 1) {
            throw new org.lstmlens.error.ShapeException("run(double[]) reads one feature per timestep but the kernel"
                    + " of " + path() + " expects " + inputDim() + "; pass double[timesteps][" + inputDim() + "]");
        }
        return trace(SequenceBatch.ofValues(x), null, null);
    }

    /**
     * A traced run over one sequence, {@code x[timestep][feature]}: {@code layer.run(new double[][] {{1, 2}, {3, 4}})}.
     *
     * @throws org.lstmlens.error.ShapeException if the features do not match the kernel, or rows are ragged
     */
    public RunView run(double[][] x) {
        Check.notNull(x, "x", path() + " run", "double[timesteps][features]");
        return trace(SequenceBatch.of(x), null, null);
    }

    /**
     * A traced run over one sequence with a mask ({@code false} = skip that timestep, as Keras's masking does):
     * {@code layer.run(x, new boolean[] {true, true, false})}.
     *
     * @throws org.lstmlens.error.ShapeException if the mask's length differs from the timesteps
     */
    public RunView run(double[][] x, boolean[] mask) {
        Check.notNull(x, "x", path() + " run", "double[timesteps][features]");
        return trace(SequenceBatch.of(x), mask == null ? null : new boolean[][] {mask}, null);
    }

    /**
     * A traced run over a batch, {@code x[sample][timestep][feature]}: {@code layer.run(new double[][][] {x0, x1})}.
     *
     * @throws org.lstmlens.error.ShapeException if samples differ in length or features do not match the kernel
     */
    public RunView run(double[][][] batch) {
        return run(batch, null);
    }

    /**
     * A traced run over a batch with a mask {@code mask[sample][timestep]} (null: every step):
     * {@code layer.run(batch, mask)}.
     *
     * @throws org.lstmlens.error.ShapeException if the mask does not have one row per sample, one value per timestep
     */
    public RunView run(double[][][] batch, boolean[][] mask) {
        Check.notNull(batch, "batch", path() + " run", "double[samples][timesteps][features]");
        return trace(SequenceBatch.of(batch), mask, null);
    }

    /**
     * A traced run from a given initial state ({@code h0[sample][unit]}, {@code c0[sample][unit]}) instead of zeros:
     * {@code layer.run(batch, null, h0, c0)}.
     *
     * @throws org.lstmlens.error.ShapeException if the state is not samples x units
     */
    public RunView run(double[][][] batch, boolean[][] mask, double[][] h0, double[][] c0) {
        Check.notNull(batch, "batch", path() + " run", "double[samples][timesteps][features]");
        Check.notNull(h0, "h0", path() + " run", "the initial h, double[samples][units]");
        Check.notNull(c0, "c0", path() + " run", "the initial c, double[samples][units]");
        return trace(SequenceBatch.of(batch), mask, RnnState.of(h0, c0));
    }

    /**
     * How much each timestep of one sequence ({@code x[timestep][feature]}) moved this layer's output h, with the
     * method, target and baseline chosen fluently (integrated gradients, 64 steps, zero baseline, the sum of the units
     * at the last step unless told): {@code layer.influence(x).gradient().unit(2).byTimestep()}.
     *
     * @throws org.lstmlens.error.ShapeException if the features do not match the kernel, or rows are ragged
     */
    public Influence influence(double[][] x) {
        Check.notNull(x, "x", path() + " influence", "double[timesteps][features]");
        return Influence.of(layer).on(x);
    }

    /**
     * Influence over one sequence of one feature per timestep: {@code layer.influence(new double[] {0.83, 0.1, 0.5})}.
     *
     * @throws org.lstmlens.error.ShapeException if the layer expects more than one feature, or x is empty
     */
    public Influence influence(double[] x) {
        Check.notNull(x, "x", path() + " influence", "one value per timestep");
        return Influence.of(layer).onValues(x);
    }

    /**
     * Influence over a batch {@code x[sample][timestep][feature]}, results giving the mean and spread over the
     * samples: {@code layer.influence(batch).occlusion(1).byTimestep()}.
     *
     * @throws org.lstmlens.error.ShapeException if samples differ in length or features do not match the kernel
     */
    public Influence influence(double[][][] x) {
        Check.notNull(x, "x", path() + " influence", "double[samples][timesteps][features]");
        return Influence.of(layer).on(x);
    }

    /**
     * The forget-gate memory over one sequence {@code x[timestep][feature]}: how much of what each step wrote into the
     * cell state survives to the last step, and the horizon: {@code layer.memory(x).threshold(0.1).horizon()}.
     *
     * @throws org.lstmlens.error.ShapeException if the features do not match the kernel, or rows are ragged
     */
    public Memory memory(double[][] x) {
        Check.notNull(x, "x", path() + " memory", "double[timesteps][features]");
        return Memory.of(layer, SequenceBatch.of(x));
    }

    /**
     * The forget-gate memory over a batch {@code x[sample][timestep][feature]} (summaries are means over samples):
     * {@code layer.memory(batch).unit(3).horizon()}.
     *
     * @throws org.lstmlens.error.ShapeException if samples differ in length or features do not match the kernel
     */
    public Memory memory(double[][][] x) {
        Check.notNull(x, "x", path() + " memory", "double[samples][timesteps][features]");
        return Memory.of(layer, SequenceBatch.of(x));
    }

    private RunView trace(SequenceBatch x, boolean[][] mask, RnnState initial) {
        // every step is kept so the view can show all outputs; what Keras returns is read from the layer's setting
        LayerOutput out = layer.withReturnSequences(true).run(x, mask, initial, true);
        return new RunView(layer, out, 0);
    }

    String path() {
        return Check.layerPath(layer.name());
    }

    private List<List<String>> summary() {
        return List.of(
                List.of("input features", String.valueOf(inputDim())),
                List.of("units", String.valueOf(units())),
                List.of("activation (g and c)", activation().label()),
                List.of("recurrent_activation (i, f, o)", recurrentActivation().label()),
                List.of("return_sequences", String.valueOf(returnSequences())),
                List.of("go_backwards", String.valueOf(goBackwards())),
                List.of("bias", layer.weights().hasBias() ? "yes, " + 4 * units() : "none (use_bias=False)"),
                List.of("parameters", params().formula()));
    }

    @Override
    public MimeBundle toMimeBundle() {
        StringBuilder plain = new StringBuilder(toString()).append('\n');
        for (List<String> r : summary()) {
            plain.append("  ").append(r.get(0)).append(": ").append(r.get(1)).append('\n');
        }
        plain.append("gates packed in W, U and b as i | f | c | o, ").append(units()).append(" columns each");
        String html = Html.view(toString(), HtmlTable.table(List.of(), summary()) + kernel().svg()
                + recurrentKernel().svg() + bias().svg());
        return MimeBundle.builder(plain.toString()).html(html).build();
    }

    @Override
    public String toString() {
        return "LSTM \"" + layer.name() + "\": " + layer.inputDim() + " feature" + (layer.inputDim() == 1 ? "" : "s")
                + " -> " + layer.units() + " unit" + (layer.units() == 1 ? "" : "s") + (returnSequences()
                ? ", return_sequences" : "") + (goBackwards() ? ", go_backwards" : "");
    }
}
