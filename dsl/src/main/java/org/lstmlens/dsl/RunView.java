package org.lstmlens.dsl;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.core.LayerOutput;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.Trace;
import org.lstmlens.model.Framework;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.LineChart;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;
import org.lstmlens.render.Picker;

/**
 * A traced run of a layer over a sequence (or a batch): every step's output, the final h (and an LSTM's c), and each
 * step's gates, readable step by step. Shows one sample at a time (sample 0 unless {@link #sample(int)} picks another).
 * Steps are in processing order, as Keras returns them (for go_backwards, step 0 read the last timestep). Immutable.
 */
public final class RunView implements Displayable {
    private final Rnn layer;
    private final LayerOutput out;
    private final int sample;
    private final Framework names;

    RunView(Rnn layer, LayerOutput out, int sample, Framework names) {
        this.layer = layer;
        this.out = out;
        this.sample = sample;
        this.names = names;
    }

    /** The wording of the layer's math, in the names of the framework that wrote it. */
    CellText text() {
        return CellText.of(layer.cell(), names);
    }

    /**
     * The same run showing another sample of the batch: {@code run.sample(1)}.
     *
     * @throws org.lstmlens.error.ShapeException if {@code b} is not in 0..samples-1
     */
    public RunView sample(int b) {
        Check.index("sample", b, out.batch(), path());
        return new RunView(layer, out, b, names);
    }

    /** The sample shown: {@code run.sample(1).sampleIndex()} is 1. */
    public int sampleIndex() {
        return sample;
    }

    /** Samples in the batch: {@code lstm.random(1, 3, 7).run(new double[] {1, 2}).samples()} is 1. */
    public int samples() {
        return out.batch();
    }

    /** Timesteps processed: {@code run.steps()}. */
    public int steps() {
        return out.steps();
    }

    /** Units of the layer: {@code run.units()}. */
    public int units() {
        return out.units();
    }

    /**
     * The output Keras returns last for this sample (with masks: the last unmasked step's): {@code run.output()}.
     */
    public double[] output() {
        double[] r = new double[units()];
        for (int k = 0; k < r.length; k++) {
            r[k] = out.output(sample, k);
        }
        return r;
    }

    /**
     * Every step's output of this sample, {@code [step][unit]}, in processing order (what return_sequences=True
     * returns; masked steps repeat the previous output): {@code run.outputs()[0]}.
     */
    public double[][] outputs() {
        double[][] r = new double[steps()][units()];
        for (int s = 0; s < steps(); s++) {
            for (int k = 0; k < units(); k++) {
                r[s][k] = out.output(sample, s, k);
            }
        }
        return r;
    }

    /** The final hidden state h of this sample: {@code run.h()}. */
    public double[] h() {
        return out.state().h(sample);
    }

    /**
     * The final cell state c of this sample (an LSTM's): {@code run.c()}.
     *
     * @throws org.lstmlens.error.LstmException for a GRU or SimpleRNN, which keep h only
     */
    public double[] c() {
        checkCellState(path(), "c()");
        return out.state().c(sample);
    }

    /** An LstmException for a call about c on a layer that keeps h only, naming what it has instead. */
    void checkCellState(String where, String call) {
        if (!layer.cell().hasCellState()) {
            throw new org.lstmlens.error.LstmException(where + ": " + call + " is an LSTM's cell state; a "
                    + layer.cell().kind() + " keeps h only: read h()" + (layer.cell().bands().size() > 1
                    ? " or its gates, gate(\"" + layer.cell().bands().get(0).symbol() + "\")" : ""));
        }
    }

    /**
     * One step of this sample with every gate's arithmetic: {@code run.step(0)}.
     *
     * @throws org.lstmlens.error.ShapeException if {@code t} is not in 0..steps-1
     */
    public StepView step(int t) {
        Check.index("step", t, steps(), path());
        return new StepView(this, sample, t);
    }

    /**
     * One gate's activations over time x units for this sample: {@code run.gate("f")}, {@code gruRun.gate("update")}.
     *
     * @throws org.lstmlens.error.NameException if {@code name} is not one of the cell's gate names
     */
    public GateRunView gate(String name) {
        return new GateRunView(this, sample, layer.cell().band(name, path()));
    }

    /** The core trace behind this view (z, gates, h, an LSTM's c, for every sample, step, gate and unit). */
    public Trace trace() {
        return out.trace().orElseThrow();
    }

    /** The layer as configured for this run. */
    public Rnn layer() {
        return layer;
    }

    String path() {
        return Check.layerPath(layer.name()) + " run";
    }

    /** The output of one step, mask-aware (zeros before the first unmasked step). */
    double outputAt(int b, int step, int unit) {
        return out.output(b, step, unit);
    }

    private double[][] hOverTime() {
        double[][] r = new double[units()][steps()];
        for (int s = 0; s < steps(); s++) {
            for (int k = 0; k < units(); k++) {
                r[k][s] = out.output(sample, s, k);
            }
        }
        return r;
    }

    String chart() {
        LineChart chart = LineChart.create().title(path() + ": output h over steps, sample " + sample).x("step");
        double[][] h = hOverTime();
        for (int k = 0; k < h.length; k++) {
            chart.series("h[" + k + "]", h[k]);
        }
        return chart.svg();
    }

    private boolean hasC() {
        return layer.cell().hasCellState();
    }

    private List<List<String>> rows() {
        Trace tr = trace();
        List<List<String>> rows = new ArrayList<>();
        int shown = Math.min(steps(), HtmlTable.MAX_ROWS * 4);
        for (int s = 0; s < shown; s++) {
            double[] hs = new double[units()];
            double[] cs = new double[layer.units()]; // an LSTM that projects keeps c of units, h of p values
            for (int k = 0; k < hs.length; k++) {
                hs[k] = out.output(sample, s, k);
            }
            for (int k = 0; hasC() && k < cs.length; k++) {
                cs[k] = tr.c(sample, s, k);
            }
            // a masked step says so in its step cell: no column that is empty on every other row
            List<String> row = new ArrayList<>(List.of(s + (tr.active(sample, s) ? "" : " (masked)"),
                    String.valueOf(tr.timestep(s)), Num.format(tr.x(sample, s)), Num.format(hs)));
            if (hasC()) {
                row.add(Num.format(cs));
            }
            rows.add(row);
        }
        return rows;
    }

    private String finalState() {
        return "final h = " + Num.format(h()) + (hasC() ? "\nfinal c = " + Num.format(c()) : "");
    }

    @Override
    public MimeBundle toMimeBundle() {
        StringBuilder plain = new StringBuilder(toString()).append('\n');
        for (List<String> r : rows()) {
            String step = r.get(0);
            boolean masked = step.endsWith(" (masked)");
            plain.append("step ").append(masked ? step.substring(0, step.indexOf(' ')) : step).append(" (t=")
                    .append(r.get(1)).append(") x=").append(r.get(2)).append(masked ? " masked" : "")
                    .append("  output=").append(r.get(3)).append(hasC() ? "  c=" + r.get(4) : "").append('\n');
        }
        plain.append(finalState());
        String note = (layer.goBackwards() ? "go_backwards: step s reads timestep " + (steps() - 1) + "-s; outputs are "
                + "in processing order. " : "") + (layer.returnSequences() ? "Keras returns every step's output."
                : "Keras returns the last output only (return_sequences=False); every step is shown here.");
        String chart = chart();
        double[][] h = hOverTime();
        double[][] bySteps = new double[steps()][units()];
        for (int k = 0; k < units(); k++) {
            for (int st = 0; st < steps(); st++) {
                bySteps[st][k] = h[k][st];
            }
        }
        String picker = Picker.of(bySteps).rows("step", "s").cols("unit").value("h").html();
        String html = Html.view(toString(), chart + picker + Html.element("div", note)
                + HtmlTable.table(hasC() ? List.of("step", "timestep", "x", "output h", "c")
                        : List.of("step", "timestep", "x", "output h"), rows())
                + Html.pre(finalState()));
        return MimeBundle.builder(plain.toString()).html(html).svg(chart).build();
    }

    @Override
    public String toString() {
        return path() + ": " + samples() + " sample" + (samples() == 1 ? "" : "s") + " x " + steps() + " step"
                + (steps() == 1 ? "" : "s") + " -> " + units() + " units" + (samples() > 1 ? ", showing sample "
                + sample : "");
    }
}
