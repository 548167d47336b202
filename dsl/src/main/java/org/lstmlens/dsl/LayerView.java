package org.lstmlens.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.lstmlens.core.Activation;
import org.lstmlens.core.Band;
import org.lstmlens.core.CellWeights;
import org.lstmlens.core.GruCell;
import org.lstmlens.core.LayerOutput;
import org.lstmlens.core.RecurrentCell;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.RnnState;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.influence.Influence;
import org.lstmlens.influence.LayerInfluence;
import org.lstmlens.influence.Memory;
import org.lstmlens.model.Framework;
import org.lstmlens.model.InputConvention;
import org.lstmlens.model.Provenance;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;

/**
 * One recurrent layer (one direction: LSTM, GRU or SimpleRNN) as the notebook sees it: its gates, units, parameters,
 * runs and traces, in its cell's own terms (LSTM i, f, c, o; GRU z, r, h; SimpleRNN one block h). Built from numbers
 * ({@code lstm.layer(...)}, {@code lstm.gru(...)}, {@code lstm.simpleRnn(...)}) or taken from a loaded model
 * ({@code model.layer("lstm_1")}). One view for every cell, because a model's layers are known only when the file is
 * read; a call that needs what a cell lacks (c, gates) says so and names what it has instead.
 * Immutable: the settings ({@link #activations}, {@link #returnSequences(boolean)}, ...) return a new view.
 */
public final class LayerView implements Displayable {
    private final Rnn layer;
    private final Provenance provenance;
    private final CellText text;

    private LayerView(Rnn layer, Provenance provenance) {
        this.layer = Objects.requireNonNull(layer, "layer");
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        this.text = CellText.of(layer.cell(), provenance.framework());
    }

    /** The view of a core layer of any cell, its weights in Keras's form and names. */
    public static LayerView of(Rnn layer) {
        return new LayerView(layer, Provenance.keras());
    }

    /**
     * The view of a layer read from a file of {@code provenance}'s framework: the summary says how the file orders
     * and names the gates beside the core's (Keras's) order, and how its arrays were mapped.
     */
    public static LayerView of(Rnn layer, Provenance provenance) {
        return new LayerView(layer, provenance);
    }


    /**
     * The view of a model's recurrent layer, worded as the framework that wrote it (a PyTorch layer's gates i, f, g, o
     * or r, z, n with Keras's beside, its two biases bias_ih and bias_hh): how loaded models hand out their layers.
     */
    public static LayerView of(RecurrentLayer layer) {
        return new LayerView(layer.rnn(), layer.provenance());
    }

    /** Which framework wrote the weights, the file's names for them and how they were mapped: {@code layer.provenance()}. */
    public Provenance provenance() {
        return provenance;
    }

    /** The core layer behind this view. */
    public Rnn layer() {
        return layer;
    }

    /** The layer's cell: weights, bands, activations, equations: {@code layer.cell().equations()}. */
    public RecurrentCell cell() {
        return layer.cell();
    }

    /** The Keras class of the layer: {@code LSTM}, {@code GRU} or {@code SimpleRNN}. */
    public String kind() {
        return layer.cell().kind();
    }

    /** The blocks of W, U and b in the order they are packed: {@code [i, f, c, o]}, {@code [z, r, h]}, {@code [h]}. */
    public List<Band> bands() {
        return layer.cell().bands();
    }

    /** The step as equations, one line each, with this layer's activations: {@code layer.equations()}. */
    public List<String> equations() {
        return layer.cell().equations();
    }

    /** The layer's name: {@code lstm.layer(w, u, b).name()} is {@code "lstm"}. */
    public String name() {
        return layer.name();
    }

    /** Units (the size of h, and of an LSTM's c): {@code layer.units()}. */
    public int units() {
        return layer.units();
    }

    /** Input features per timestep (the kernel's rows): {@code layer.inputDim()}. */
    public int inputDim() {
        return layer.inputDim();
    }

    /**
     * The activation of the candidate (and of an LSTM's c; a SimpleRNN's h) (Keras {@code activation}):
     * {@code layer.activation()}.
     */
    public Activation activation() {
        return layer.cell().activation();
    }

    /**
     * The activation of the gates (LSTM i, f, o; GRU z, r) (Keras {@code recurrent_activation}):
     * {@code layer.recurrentActivation()}.
     *
     * @throws org.lstmlens.error.LstmException for a SimpleRNN, which has no gates
     */
    public Activation recurrentActivation() {
        return Cells.recurrentActivation(layer.cell()).orElseThrow(() -> Cells.noGates(path()));
    }

    /**
     * Whether a GRU's reset gate multiplies after the recurrent product ({@code r * (h_prev.U_h + b'_h)}, tf.keras 2
     * and Keras 3, bias (2, 3u)) or before it ({@code (r * h_prev).U_h}, Keras 1 and 2, bias (3u,)).
     *
     * @throws org.lstmlens.error.LstmException for an LSTM or a SimpleRNN, which have no reset gate
     */
    public boolean resetAfter() {
        if (layer.cell() instanceof GruCell) {
            return ((GruCell) layer.cell()).resetAfter();
        }
        throw new org.lstmlens.error.LstmException(path() + " is " + (kind().equals("LSTM") ? "an " : "a ") + kind()
                + ": reset_after belongs to a GRU's reset gate");
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
        return withCell(Cells.withActivations(layer.cell(), a, r, path()));
    }

    /**
     * The same layer with another activation for the candidate (and c; a SimpleRNN's h):
     * {@code layer.activation(Activation.RELU)}.
     *
     * @throws org.lstmlens.error.LstmException if {@code activation} is null
     */
    public LayerView activation(Activation activation) {
        Check.notNull(activation, "activation", path(), "an Activation, e.g. Activation.TANH");
        return withCell(Cells.withActivations(layer.cell(), activation,
                Cells.recurrentActivation(layer.cell()).orElse(null), path()));
    }

    /**
     * The same layer with another activation for the gates (LSTM i, f, o; GRU z, r):
     * {@code layer.recurrentActivation(Activation.HARD_SIGMOID_KERAS2)}.
     *
     * @throws org.lstmlens.error.LstmException if {@code recurrentActivation} is null, or for a SimpleRNN
     */
    public LayerView recurrentActivation(Activation recurrentActivation) {
        Check.notNull(recurrentActivation, "recurrentActivation", path(), "an Activation, e.g. Activation.SIGMOID");
        return withCell(Cells.withActivations(layer.cell(), activation(), recurrentActivation, path()));
    }

    private LayerView withCell(RecurrentCell cell) {
        return new LayerView(Cells.withCell(layer, cell), provenance);
    }

    /** The same layer returning every step's output ({@code true}) or the last one: {@code layer.returnSequences(true)}. */
    public LayerView returnSequences(boolean value) {
        return new LayerView(layer.withReturnSequences(value), provenance);
    }

    /** The same layer reading its input backwards: {@code layer.goBackwards(true)}. */
    public LayerView goBackwards(boolean value) {
        return new LayerView(layer.withGoBackwards(value), provenance);
    }

    /**
     * The same layer under another name: {@code layer.named("encoder")}.
     *
     * @throws org.lstmlens.error.LstmException if {@code name} is null
     */
    public LayerView named(String name) {
        Check.notNull(name, "name", path(), "a layer name");
        return new LayerView(layer.withName(name), provenance);
    }

    /** The parameters Keras counts for this layer, with the formula: {@code layer.params()}. */
    public ParamsView params() {
        return new ParamsView(layer.weights().params(), path() + " params", bands(), names());
    }

    /** The kernel W (inputDim x bands*u), the cell's blocks marked: {@code layer.kernel()}. */
    public MatrixView kernel() {
        return MatrixView.blocks(path() + " kernel", "W", GateView.rows(weights().kernel()), layer.cell(), names(), "x",
                null);
    }

    /** The recurrent kernel U (u x bands*u), the cell's blocks marked: {@code layer.recurrentKernel()}. */
    public MatrixView recurrentKernel() {
        return MatrixView.blocks(path() + " recurrent kernel", "U", GateView.rows(weights().recurrentKernel()),
                layer.cell(), names(), "h", null);
    }

    /**
     * The bias as Keras stores it, the cell's blocks marked: one row b of bands*u values (zeros without a bias), or
     * for a GRU with reset_after=True the two rows of its (2, 3u) array, bias[0] = b (added to x.W) and
     * bias[1] = b' (added to h_prev.U). A layer from PyTorch shows its two biases apart and their sum: row 0
     * {@code bias_ih} (b), row 1 {@code bias_hh} (b'), row 2 b + b': {@code layer.bias()}.
     */
    public MatrixView bias() {
        CellWeights w = weights();
        int n = bands().size() * units();
        double[] b = w.bias().orElse(new double[n]);
        if (w.hasRecurrentBias() && names() != Framework.KERAS) {
            double[] r = w.recurrentBias().orElseThrow();
            double[] sum = new double[n];
            for (int j = 0; j < n; j++) {
                sum[j] = b[j] + r[j];
            }
            return MatrixView.blocks(path() + " bias", "bias", new double[][] {b, r, sum}, layer.cell(), names(),
                    "bias", "row 0 = b = " + fileName("bias_ih", "the input bias") + ", added to x.W; row 1 = b' = "
                    + fileName("bias_hh", "the recurrent bias") + ", added to h_prev.U; row 2 = b + b', " + (layer
                    .cell() instanceof GruCell ? "what z and r add (n adds b_n + r * (h_prev.U_n + b'_n), so it has no"
                    + " single bias)" : "what every " + (bands().size() == 1 ? "step" : "gate") + " adds: the one bias "
                    + "Keras would hold"));
        }
        if (w.hasRecurrentBias()) {
            return MatrixView.blocks(path() + " bias", "bias", new double[][] {b, w.recurrentBias().orElseThrow()},
                    layer.cell(), names(), "bias", "bias[0] = b, the input bias, added to x.W; bias[1] = b', the "
                    + "recurrent bias, added to h_prev.U" + (layer.cell() instanceof GruCell ? " (for h inside r * "
                    + "(h_prev.U_h + b'_h)); z and r see b + b'" : "; z sees b + b'"));
        }
        return MatrixView.blocks(path() + " bias", "b", new double[][] {b}, layer.cell(), names(), "b",
                w.hasBias() ? null : "the layer has no bias (use_bias=False): nothing is added");
    }

    /** The file's name of the array this layer's {@code stem} came from ({@code bias_hh_l0}), or {@code what}. */
    private String fileName(String stem, String what) {
        for (String a : provenance.arrays()) {
            String leaf = a.substring(a.lastIndexOf('.') + 1);
            if (leaf.startsWith(stem)) {
                return leaf;
            }
        }
        return what;
    }

    /**
     * The recurrent bias b', added to h_prev.U (a GRU's second bias row with reset_after=True; PyTorch's bias_hh),
     * blocks marked: {@code gru.recurrentBias()}.
     *
     * @throws org.lstmlens.error.LstmException for a layer that keeps no recurrent bias apart, saying where its bias goes
     */
    public MatrixView recurrentBias() {
        double[] b = weights().recurrentBias().orElseThrow(() -> new org.lstmlens.error.LstmException(path() + " ("
                + kind() + ") keeps no recurrent bias apart: only a Keras GRU with reset_after=True (its bias is"
                + " (2, 3*units)) and layers from PyTorch (bias_hh) have one; here " + (weights().hasBias()
                ? "the one bias b is added to x.W" : "there is no bias") + "; see bias()"));
        return MatrixView.blocks(path() + " recurrent bias", "b'", new double[][] {b}, layer.cell(), names(), "b'",
                null);
    }

    /**
     * One gate's blocks of W, U and b: {@code layer.gate("f")}. Names as the cell knows them: LSTM i/input,
     * f/forget, c/g/cell/candidate, o/output; GRU z/update, r/reset, h/candidate/n (PyTorch's name)/hh; SimpleRNN
     * h (its one block).
     *
     * @throws org.lstmlens.error.NameException if {@code name} is not one of the cell's names
     */
    public GateView gate(String name) {
        return new GateView(layer, layer.cell().band(name, path()), names());
    }

    /**
     * One gate's blocks of W, U and b: {@code layer.gate(Gate.F)}, {@code gru.gate(GruGate.R)}.
     *
     * @throws org.lstmlens.error.LstmException if {@code gate} is null or not one of this cell's
     */
    public GateView gate(Band gate) {
        return new GateView(layer, Check.band(layer.cell(), gate, path()), names());
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
        return trace(sequences(x, "run"), null, null);
    }

    /**
     * A traced run over one sequence with a mask ({@code false} = skip that timestep, as Keras's masking does):
     * {@code layer.run(x, new boolean[] {true, true, false})}.
     *
     * @throws org.lstmlens.error.ShapeException if the mask's length differs from the timesteps
     */
    public RunView run(double[][] x, boolean[] mask) {
        return trace(sequences(x, "run"), mask == null ? null : new boolean[][] {mask}, null);
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
        return trace(sequences(batch, "run"), mask, null);
    }

    /**
     * A traced run of an LSTM from a given initial state ({@code h0[sample][unit]}, {@code c0[sample][unit]}) instead
     * of zeros: {@code layer.run(batch, null, h0, c0)}.
     *
     * @throws org.lstmlens.error.ShapeException if the state is not samples x units, or the layer keeps no c
     */
    public RunView run(double[][][] batch, boolean[][] mask, double[][] h0, double[][] c0) {
        Check.notNull(h0, "h0", path() + " run", "the initial h, double[samples][units]");
        if (!layer.cell().hasCellState()) {
            throw new org.lstmlens.error.ShapeException(path() + " run: a " + kind() + " keeps h only, so it starts"
                    + " from h0 alone; call run(batch, mask, h0)");
        }
        Check.notNull(c0, "c0", path() + " run", "the initial c, double[samples][units]");
        return trace(sequences(batch, "run"), mask, RnnState.of(h0, c0));
    }

    /**
     * A traced run of a GRU or SimpleRNN from a given initial state {@code h0[sample][unit]} instead of zeros:
     * {@code gru.run(batch, null, h0)}.
     *
     * @throws org.lstmlens.error.ShapeException if the state is not samples x units, or the layer is an LSTM (which
     *     needs c0 too)
     */
    public RunView run(double[][][] batch, boolean[][] mask, double[][] h0) {
        Check.notNull(h0, "h0", path() + " run", "the initial h, double[samples][units]");
        if (layer.cell().hasCellState()) {
            throw new org.lstmlens.error.ShapeException(path() + " run: an LSTM starts from h0 and c0; call run(batch,"
                    + " mask, h0, c0)");
        }
        return trace(sequences(batch, "run"), mask, RnnState.of(h0));
    }

    /**
     * How much each timestep of one sequence ({@code x[timestep][feature]}) moved this layer's output h, with the
     * method, target and baseline chosen fluently (integrated gradients, 64 steps, zero baseline, the sum of the units
     * at the last step unless told): {@code layer.influence(x).gradient().unit(2).byTimestep()}; inside the layer,
     * {@code .gate("f", 2)} (a GRU's {@code "z"}, ...) or an LSTM's {@code .cell(2)}.
     *
     * @throws org.lstmlens.error.ShapeException if the features do not match the kernel, or rows are ragged
     */
    public LayerInfluence influence(double[][] x) {
        return Influence.of(layer).on(x);
    }

    /**
     * Influence over one sequence of one feature per timestep: {@code layer.influence(new double[] {0.83, 0.1, 0.5})}.
     *
     * @throws org.lstmlens.error.ShapeException if the layer expects more than one feature, or x is empty
     */
    public LayerInfluence influence(double[] x) {
        Check.notNull(x, "x", path() + " influence", "one value per timestep");
        return Influence.of(layer).onValues(x);
    }

    /**
     * Influence over a batch {@code x[sample][timestep][feature]}, results giving the mean and spread over the
     * samples: {@code layer.influence(batch).occlusion(1).byTimestep()}.
     *
     * @throws org.lstmlens.error.ShapeException if samples differ in length or features do not match the kernel
     */
    public LayerInfluence influence(double[][][] x) {
        return Influence.of(layer).on(x);
    }

    /**
     * The gate memory over one sequence {@code x[timestep][feature]}: how much of what each step wrote into the state
     * (an LSTM's cell state, kept by its forget gate; a GRU's h, kept by its update gate) survives to the last step,
     * and the horizon: {@code layer.memory(x).threshold(0.1).horizon()}. A SimpleRNN has no such gate and says so.
     *
     * @throws org.lstmlens.error.ShapeException if the features do not match the kernel, or rows are ragged
     */
    public Memory memory(double[][] x) {
        return Memory.of(layer, sequences(x, "memory"));
    }

    /**
     * The gate memory over a batch {@code x[sample][timestep][feature]} (summaries are means over samples):
     * {@code layer.memory(batch).unit(3).horizon()}.
     *
     * @throws org.lstmlens.error.ShapeException if samples differ in length or features do not match the kernel
     */
    public Memory memory(double[][][] x) {
        return Memory.of(layer, sequences(x, "memory"));
    }

    /** One sequence, read as {@link InputConvention} reads arrays everywhere (run, influence, memory, predict). */
    private SequenceBatch sequences(double[][] x, String call) {
        return SequenceBatch.of(InputConvention.sequences(path(), inputDim()).sequences(x, call));
    }

    private SequenceBatch sequences(double[][][] x, String call) {
        return SequenceBatch.of(InputConvention.sequences(path(), inputDim()).sequences(x, call));
    }

    private CellWeights weights() {
        return layer.weights();
    }

    private Framework names() {
        return provenance.framework();
    }

    private RunView trace(SequenceBatch x, boolean[][] mask, RnnState initial) {
        // every step is kept so the view can show all outputs; what Keras returns is read from the layer's setting
        LayerOutput out = layer.withReturnSequences(true).run(x, mask, initial, true);
        return new RunView(layer, out, 0, names());
    }

    String path() {
        return Check.layerPath(layer.name());
    }

    private List<List<String>> summary() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("input features", String.valueOf(inputDim())));
        rows.add(List.of("units", String.valueOf(units())));
        if (layer.outputSize() != units()) {
            rows.add(List.of("projection", "P " + units() + "x" + layer.outputSize() + ": h = (o*tanh(c)).P has "
                    + layer.outputSize() + " values, fed back through U (" + layer.outputSize() + "x" + bands().size()
                    * units() + ")"));
        }
        rows.addAll(text.activationRows());
        rows.add(List.of("return_sequences", String.valueOf(returnSequences())));
        rows.add(List.of("go_backwards", String.valueOf(goBackwards())));
        int n = bands().size() * units();
        rows.add(List.of("bias", !weights().hasBias() ? "none (use_bias=False)" : weights().hasRecurrentBias()
                ? "yes, 2 x " + n + ": b" + fileBeside("bias_ih") + " added to x.W, b'" + fileBeside("bias_hh")
                + " added to h_prev.U" : "yes, " + n));
        rows.add(List.of("parameters", params().formula() + (names() == Framework.KERAS ? "" : " (as " + names().title()
                + " counts them)")));
        if (names() != Framework.KERAS) {
            rows.add(List.of("written by", names().title() + ": " + String.join(", ", provenance.arrays())));
            String kind = kind();
            rows.add(List.of("gates in the file", names().title() + " stores " + String.join(", ",
                    names().storedOrder(kind)) + "; shown here in Keras's order " + String.join(", ",
                    keras(kind, names()))));
            rows.add(List.of("read from the file", String.join("; ", provenance.mapping())));
        }
        return rows;
    }

    /** Keras's band names, each with the file's own name beside it where they differ: {@code c (ONNX c)}. */
    private static List<String> keras(String kind, Framework f) {
        List<String> out = new ArrayList<>();
        for (String k : Framework.KERAS.storedOrder(kind)) {
            String theirs = f.nameOf(kind, k);
            out.add(theirs.equals(k) ? k : k + " (" + f.title() + " " + theirs + ")");
        }
        return out;
    }

    /** {@code " (bias_ih_l0)"}: the file's name beside ours, for a layer from another framework. */
    private String fileBeside(String stem) {
        String f = fileName(stem, null);
        return f == null ? "" : " (" + f + ")";
    }

    @Override
    public MimeBundle toMimeBundle() {
        StringBuilder plain = new StringBuilder(toString()).append('\n');
        for (List<String> r : summary()) {
            plain.append("  ").append(r.get(0)).append(": ").append(r.get(1)).append('\n');
        }
        plain.append(text.packing(units()));
        String html = Html.view(toString(), HtmlTable.table(List.of(), summary()) + kernel().svg()
                + recurrentKernel().svg() + bias().svg());
        return MimeBundle.builder(plain.toString()).html(html).build();
    }

    @Override
    public String toString() {
        return kind() + " \"" + layer.name() + "\": " + layer.inputDim() + " feature" + (layer.inputDim() == 1 ? "" : "s")
                + " -> " + layer.units() + " unit" + (layer.units() == 1 ? "" : "s") + (returnSequences()
                ? ", return_sequences" : "") + (goBackwards() ? ", go_backwards" : "");
    }
}
