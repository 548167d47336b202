package org.lstmlens.dsl;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.core.CellStep;
import org.lstmlens.core.Gate;
import org.lstmlens.core.Trace;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;

/**
 * One step of one sample of a run: the input x, the previous state (h_prev, c_prev), z split per gate, the gate
 * values i, f, g, o, and the new c and h with their arithmetic. A masked step shows what the cell computed and says
 * that Keras discarded it (the state is carried over). Immutable.
 */
public final class StepView implements Displayable {
    private static final int MAX_UNITS_SPELLED = 16;
    private static final int MAX_UNITS_TABLED = 64;
    private final RunView run;
    private final int sample;
    private final int step;
    private final CellStep cell;

    StepView(RunView run, int sample, int step) {
        this.run = run;
        this.sample = sample;
        this.step = step;
        this.cell = run.trace().cellStep(sample, step);
    }

    /**
     * The same step of another sample of the batch: {@code run.step(0).sample(1)}.
     *
     * @throws org.lstmlens.error.ShapeException if {@code b} is not in 0..samples-1
     */
    public StepView sample(int b) {
        Check.index("sample", b, run.samples(), path());
        return new StepView(run, b, step);
    }

    /** The processing step: {@code run.step(2).step()} is 2. */
    public int step() {
        return step;
    }

    /** The input timestep this step read (differs from the step for go_backwards): {@code run.step(0).timestep()}. */
    public int timestep() {
        return trace().timestep(step);
    }

    /** Whether the mask let this step through (false: Keras carried h and c over): {@code run.step(0).active()}. */
    public boolean active() {
        return trace().active(sample, step);
    }

    /** The input of this step: {@code run.step(0).x()}. */
    public double[] x() {
        return cell.x();
    }

    /** The hidden state before the step (the initial state at step 0): {@code run.step(1).hPrev()}. */
    public double[] hPrev() {
        return cell.hPrev();
    }

    /** The cell state before the step: {@code run.step(1).cPrev()}. */
    public double[] cPrev() {
        return cell.cPrev();
    }

    /** All 4u pre-activations in Keras's packed order i, f, c, o: {@code run.step(0).z()}. */
    public double[] z() {
        return cell.z();
    }

    /** The cell state after the step (carried over where masked): {@code run.step(0).c()}. */
    public double[] c() {
        double[] r = new double[cell.units()];
        for (int k = 0; k < r.length; k++) {
            r[k] = trace().c(sample, step, k);
        }
        return r;
    }

    /** The hidden state after the step (carried over where masked): {@code run.step(0).h()}. */
    public double[] h() {
        double[] r = new double[cell.units()];
        for (int k = 0; k < r.length; k++) {
            r[k] = trace().h(sample, step, k);
        }
        return r;
    }

    /**
     * One gate at this step, each unit's z and value with its arithmetic: {@code run.step(0).gate("f")}.
     *
     * @throws org.lstmlens.error.NameException if {@code name} is not a gate name (i, f, c, o, ...)
     */
    public GateStepView gate(String name) {
        return new GateStepView(this, Gate.parse(name, path()));
    }

    /**
     * One unit of the cell at this step, its four gates and its new c and h spelled out: {@code run.step(0).unit(2)}.
     *
     * @throws org.lstmlens.error.ShapeException if {@code k} is not in 0..units-1
     */
    public CellUnitStepView unit(int k) {
        Check.index("unit", k, cell.units(), path());
        return new CellUnitStepView(this, k);
    }

    /** The step spelled out term by term, as the core computes it. */
    public CellStep cellStep() {
        return cell;
    }

    int sampleIndex() {
        return sample;
    }

    Trace trace() {
        return run.trace();
    }

    String path() {
        return run.path() + " step " + step + (run.samples() > 1 ? " sample " + sample : "");
    }

    /** {@code c[k] = f*c_prev + i*g = ...; h[k] = o*tanh(c) = ...} for one unit. */
    String stateArithmetic(int k) {
        Gate[] g = {Gate.I, Gate.F, Gate.C, Gate.O};
        double i = cell.gate(g[0], k);
        double f = cell.gate(g[1], k);
        double gg = cell.gate(g[2], k);
        double o = cell.gate(g[3], k);
        String act = cell.activationOf(Gate.C).kerasName();
        return "c[" + k + "] = f*c_prev + i*g = " + Num.factor(f) + "*" + Num.factor(cell.cPrev(k)) + " + "
                + Num.factor(i) + "*" + Num.factor(gg) + " = " + Num.format(cell.c(k)) + "; h[" + k + "] = o*" + act
                + "(c) = " + Num.factor(o) + "*" + act + "(" + Num.format(cell.c(k)) + ") = " + Num.format(cell.h(k));
    }

    private List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        for (int k = 0; k < Math.min(cell.units(), MAX_UNITS_TABLED); k++) {
            List<String> r = new ArrayList<>();
            r.add("unit " + k);
            for (Gate g : Gate.values()) {
                r.add(Num.format(cell.z(g, k)));
                r.add(Num.format(cell.gate(g, k)));
            }
            r.add(Num.format(cell.cPrev(k)));
            r.add(Num.format(trace().c(sample, step, k)));
            r.add(Num.format(trace().h(sample, step, k)));
            rows.add(r);
        }
        return rows;
    }

    private String header() {
        return "x = " + Num.format(cell.x()) + "\nh_prev = " + Num.format(cell.hPrev()) + "\nc_prev = "
                + Num.format(cell.cPrev()) + (active() ? "" : "\nmasked: Keras discarded this step's result; h and c "
                + "are carried over and the output repeats the previous one");
    }

    private String arithmetic() {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(cell.units(), MAX_UNITS_SPELLED);
        for (int k = 0; k < n; k++) {
            sb.append(stateArithmetic(k)).append('\n');
        }
        if (n < cell.units()) {
            sb.append("... (").append(cell.units() - n).append(" more units)\n");
        }
        return sb.toString().stripTrailing();
    }

    @Override
    public MimeBundle toMimeBundle() {
        List<String> head = List.of("", "z_i", "i", "z_f", "f", "z_c", "g", "z_o", "o", "c_prev", "c", "h");
        StringBuilder plain = new StringBuilder(toString()).append('\n').append(header()).append('\n');
        plain.append(String.join("\t", head)).append('\n');
        for (List<String> r : rows()) {
            plain.append(String.join("\t", r)).append('\n');
        }
        plain.append(arithmetic());
        String more = cell.units() > MAX_UNITS_TABLED ? Html.element("div", "showing the first " + MAX_UNITS_TABLED
                + " of " + cell.units() + " units; run.step(t).gate(\"f\").unit(k) reads any of them") : "";
        String html = Html.view(toString(), Html.pre(header()) + HtmlTable.table(head, rows()) + more
                + Html.pre(arithmetic()));
        return MimeBundle.builder(plain.toString()).html(html).build();
    }

    @Override
    public String toString() {
        return path() + " (timestep " + timestep() + (active() ? "" : ", masked") + "): z 4x" + cell.units()
                + ", h = " + Num.format(h());
    }
}
