package org.lstmlens.dsl;

import org.lstmlens.core.Activation;
import org.lstmlens.core.Band;
import org.lstmlens.core.Trace;
import org.lstmlens.render.ColorScale;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Heatmap;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Picker;
import org.lstmlens.render.TextMatrix;

/**
 * One gate's activations over a run, steps x units, for one sample: how open the forget (or update) gate was at each
 * step, or what the candidate (an LSTM's g, a GRU's hh) proposed. Masked steps show what the cell computed there (Keras discarded it). Immutable.
 */
public final class GateRunView implements Displayable {
    private final RunView run;
    private final int sample;
    private final Band gate;
    private final CellText text;

    GateRunView(RunView run, int sample, Band gate) {
        this.run = run;
        this.sample = sample;
        this.gate = gate;
        this.text = run.text();
    }

    /** Which gate this is: {@code run.gate("f").gate()} is {@code Gate.F}. */
    public Band gate() {
        return gate;
    }

    /** The gate's activated values, {@code [step][unit]}: {@code run.gate("f").values()[0][2]}. */
    public double[][] values() {
        return collect(false);
    }

    /** The gate's pre-activations z, {@code [step][unit]}: {@code run.gate("f").z()}. */
    public double[][] z() {
        return collect(true);
    }

    /**
     * One unit of this gate over the steps, as bars: {@code run.gate("f").unit(2)}.
     *
     * @throws org.lstmlens.error.ShapeException if {@code k} is not in 0..units-1
     */
    public UnitRunView unit(int k) {
        Check.index("unit", k, run.units(), path());
        double[][] v = values();
        double[] series = new double[v.length];
        for (int s = 0; s < v.length; s++) {
            series[s] = v[s][k];
        }
        return new UnitRunView(path() + " unit " + k, text.valueName(gate) + "[" + k + "]", series);
    }

    private double[][] collect(boolean pre) {
        Trace tr = run.trace();
        double[][] r = new double[tr.steps()][tr.units()];
        for (int s = 0; s < tr.steps(); s++) {
            // a masked step's gate values are not kept by the layer loop; recompute them from the recorded state
            org.lstmlens.core.CellStep masked = tr.active(sample, s) ? null : tr.cellStep(sample, s);
            for (int k = 0; k < tr.units(); k++) {
                if (pre) {
                    r[s][k] = masked == null ? tr.z(sample, s, gate, k) : masked.z(gate, k);
                } else {
                    r[s][k] = masked == null ? tr.gate(sample, s, gate, k) : masked.gate(gate, k);
                }
            }
        }
        return r;
    }

    private Activation activation() {
        return run.layer().cell().activationOf(gate);
    }

    private ColorScale scale(double[][] v) {
        Activation a = activation();
        boolean unitInterval = a == Activation.SIGMOID || a == Activation.HARD_SIGMOID_KERAS2
                || a == Activation.HARD_SIGMOID_KERAS3;
        return unitInterval ? ColorScale.sequential(0, 1) : ColorScale.divergingFor(v);
    }

    String path() {
        return run.path() + " " + text.bandNoun() + " " + gate.symbol() + (run.samples() > 1 ? " sample " + sample : "");
    }

    private String svg(double[][] v) {
        return Heatmap.of(v).title(path() + ": " + text.valueName(gate) + " = " + activation().kerasName()
                + "(z" + text.sub(gate) + "), steps x units").rows("step").cols("unit")
                .value(text.valueName(gate)).scale(scale(v)).svg();
    }

    @Override
    public MimeBundle toMimeBundle() {
        double[][] v = values();
        String plain = toString() + "\n" + TextMatrix.of(v, "step");
        String svg = svg(v);
        String picker = Picker.of(v).rows("step", "s").cols("unit").value(text.valueName(gate)).html();
        String html = Html.view(toString(), svg + picker + HtmlTable.matrix(v, "step", "unit", scale(v)));
        return MimeBundle.builder(plain).html(html).svg(svg).build();
    }

    @Override
    public String toString() {
        return path() + " (" + gate.title() + ", " + activation().label() + "): " + run.steps() + " steps x "
                + run.units() + " units";
    }
}
