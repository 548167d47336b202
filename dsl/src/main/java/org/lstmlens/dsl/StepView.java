package org.lstmlens.dsl;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.core.Band;
import org.lstmlens.core.CellStep;
import org.lstmlens.core.Trace;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;

/**
 * One step of one sample of a run: the input x, the previous state (h_prev, and an LSTM's c_prev), z split per gate,
 * the gate values (LSTM i, f, g, o; GRU z, r, hh; SimpleRNN h), and the new state with its arithmetic. A masked step
 * shows what the cell computed and says that Keras discarded it (the state is carried over). Immutable.
 */
public final class StepView implements Displayable {
    private static final int MAX_UNITS_SPELLED = 16;
    private static final int MAX_UNITS_TABLED = 64;
    private final RunView run;
    private final int sample;
    private final int step;
    private final CellStep cell;
    private final CellText text;

    StepView(RunView run, int sample, int step) {
        this.run = run;
        this.sample = sample;
        this.step = step;
        this.cell = run.trace().cellStep(sample, step);
        this.text = run.text();
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

    /** Whether the mask let this step through (false: Keras carried the state over): {@code run.step(0).active()}. */
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

    /**
     * The cell state before the step (an LSTM's): {@code run.step(1).cPrev()}.
     *
     * @throws org.lstmlens.error.LstmException for a GRU or SimpleRNN, which keep h only
     */
    public double[] cPrev() {
        run.checkCellState(path(), "cPrev()");
        return cell.cPrev();
    }

    /**
     * All bands*u pre-activations in Keras's packed order (LSTM i, f, c, o; GRU z, r, h): {@code run.step(0).z()}.
     * A GRU's candidate has r already applied.
     */
    public double[] z() {
        return cell.z();
    }

    /**
     * The cell state after the step (an LSTM's; carried over where masked): {@code run.step(0).c()}.
     *
     * @throws org.lstmlens.error.LstmException for a GRU or SimpleRNN, which keep h only
     */
    public double[] c() {
        run.checkCellState(path(), "c()");
        double[] r = new double[cell.units()];
        for (int k = 0; k < r.length; k++) {
            r[k] = trace().c(sample, step, k);
        }
        return r;
    }

    /** The hidden state after the step (carried over where masked): {@code run.step(0).h()}. */
    public double[] h() {
        double[] r = new double[trace().outputSize()]; // p values where an LSTM projects
        for (int k = 0; k < r.length; k++) {
            r[k] = trace().h(sample, step, k);
        }
        return r;
    }

    /**
     * One gate at this step, each unit's z and value with its arithmetic: {@code run.step(0).gate("f")},
     * {@code gruRun.step(0).gate("r")}.
     *
     * @throws org.lstmlens.error.NameException if {@code name} is not one of the cell's gate names
     */
    public GateStepView gate(String name) {
        return new GateStepView(this, cell.cell().band(name, path()));
    }

    /**
     * One unit of the cell at this step, all its gates and its new state spelled out: {@code run.step(0).unit(2)}.
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

    /** The gate the hints name: an LSTM's f, a GRU's r, a SimpleRNN's h (the second band, when there is one). */
    private Band example() {
        List<Band> bands = cell.cell().bands();
        return bands.get(Math.min(1, bands.size() - 1));
    }

    /** The wording of this layer's cell. */
    CellText text() {
        return text;
    }

    /**
     * The unit's new state with the numbers: LSTM {@code c[k] = f*c_prev + i*g = ...; h[k] = o*tanh(c) = ...}, GRU
     * {@code h[k] = z[k] * h_prev[k] + (1 - z[k]) * hh[k] = ...}; empty for a SimpleRNN (its one band is h).
     */
    String stateArithmetic(int k) {
        return text.stateLine(cell, k);
    }

    /** Whether h is the projection of the units' o*tanh(c) (PyTorch's proj_size), not one value per unit. */
    private boolean projects() {
        return trace().outputSize() != cell.units();
    }

    /** Whether a band's value is shown in a column of its own (a SimpleRNN's h is the state column). */
    private boolean valueColumn(Band b) {
        return !text.valueName(b).equals("h");
    }

    private List<String> head() {
        List<String> head = new ArrayList<>();
        head.add("");
        for (Band b : cell.cell().bands()) {
            head.add("z" + text.sub(b));
            if (valueColumn(b)) {
                head.add(text.valueName(b));
            }
        }
        head.addAll(cell.cell().hasCellState() ? List.of("c_prev", "c", text.unitOutputName()) : List.of("h_prev", "h"));
        return head;
    }

    private List<List<String>> rows() {
        boolean hasC = cell.cell().hasCellState();
        List<List<String>> rows = new ArrayList<>();
        for (int k = 0; k < Math.min(cell.units(), MAX_UNITS_TABLED); k++) {
            List<String> r = new ArrayList<>();
            r.add("unit " + k);
            for (Band g : cell.cell().bands()) {
                r.add(Num.format(cell.z(g, k)));
                if (valueColumn(g)) {
                    r.add(Num.format(cell.gate(g, k)));
                }
            }
            r.add(Num.format(hasC ? cell.cPrev(k) : cell.hPrev(k)));
            if (hasC) {
                r.add(Num.format(trace().c(sample, step, k)));
            }
            r.add(Num.format(projects() ? LstmText.outputOf(cell, k) : trace().h(sample, step, k)));
            rows.add(r);
        }
        return rows;
    }

    private String header() {
        return "x = " + Num.format(cell.x()) + "\nh_prev = " + Num.format(cell.hPrev())
                + (cell.cell().hasCellState() ? "\nc_prev = " + Num.format(cell.cPrev()) : "")
                + (active() ? "" : "\nmasked: Keras discarded this step's result; " + text.stateNames() + " "
                + (cell.cell().hasCellState() ? "are" : "is") + " carried over and the output repeats the previous one");
    }

    private String arithmetic() {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(cell.units(), MAX_UNITS_SPELLED);
        for (int k = 0; k < n; k++) {
            String line = stateArithmetic(k);
            // a SimpleRNN has no update beyond its one band: its lines are the band's
            sb.append(line.isEmpty() ? text.gateLine(cell, cell.cell().bands().get(0), k) : line).append('\n');
        }
        if (n < cell.units()) {
            sb.append("... (").append(cell.units() - n).append(" more units)\n");
        }
        sb.append(text.outputLine(cell));
        return sb.toString().stripTrailing();
    }

    @Override
    public MimeBundle toMimeBundle() {
        List<String> head = head();
        StringBuilder plain = new StringBuilder(toString()).append('\n').append(header()).append('\n');
        plain.append(String.join("\t", head)).append('\n');
        for (List<String> r : rows()) {
            plain.append(String.join("\t", r)).append('\n');
        }
        plain.append(arithmetic());
        String more = cell.units() > MAX_UNITS_TABLED ? Html.element("div", "showing the first " + MAX_UNITS_TABLED
                + " of " + cell.units() + " units; run.step(t).gate(\"" + example().symbol()
                + "\").unit(k) reads any of them") : "";
        String html = Html.view(toString(), Html.pre(header()) + HtmlTable.table(head, rows()) + more
                + Html.pre(arithmetic()));
        return MimeBundle.builder(plain.toString()).html(html).build();
    }

    @Override
    public String toString() {
        return path() + " (timestep " + timestep() + (active() ? "" : ", masked") + "): z "
                + cell.cell().bands().size() + "x" + cell.units()
                + ", h = " + Num.format(h());
    }
}
