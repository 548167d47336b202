package org.lstmlens.dsl;

import org.lstmlens.core.Band;
import org.lstmlens.core.CellStep;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;

/** One gate at one step: every unit's z and activated value with the arithmetic that made them. Immutable. */
public final class GateStepView implements Displayable {
    private static final int MAX_UNITS_SPELLED = 16;
    private final StepView step;
    private final Band gate;

    GateStepView(StepView step, Band gate) {
        this.step = step;
        this.gate = gate;
    }

    /** Which gate this is: {@code run.step(0).gate("f").gate()} is {@code Gate.F}. */
    public Band gate() {
        return gate;
    }

    /** The gate's pre-activations z, one per unit: {@code run.step(0).gate("f").z()}. */
    public double[] z() {
        double[] r = new double[cell().units()];
        for (int k = 0; k < r.length; k++) {
            r[k] = cell().z(gate, k);
        }
        return r;
    }

    /**
     * The gate's values after its activation (an LSTM's candidate g, a GRU's hh): {@code run.step(0).gate("f").values()}.
     */
    public double[] values() {
        double[] r = new double[cell().units()];
        for (int k = 0; k < r.length; k++) {
            r[k] = cell().gate(gate, k);
        }
        return r;
    }

    /**
     * One unit with its arithmetic spelled out: {@code run.step(0).gate("f").unit(2)}.
     *
     * @throws org.lstmlens.error.ShapeException if {@code k} is not in 0..units-1
     */
    public UnitStepView unit(int k) {
        Check.index("unit", k, cell().units(), path());
        return new UnitStepView(step, gate, k);
    }

    private CellStep cell() {
        return step.cellStep();
    }

    String path() {
        return step.path() + " " + step.text().bandNoun() + " " + gate.symbol();
    }

    private String arithmetic() {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(cell().units(), MAX_UNITS_SPELLED);
        for (int k = 0; k < n; k++) {
            sb.append(step.text().gateLine(cell(), gate, k)).append('\n');
        }
        if (n < cell().units()) {
            sb.append("... (").append(cell().units() - n).append(" more units)\n");
        }
        return sb.toString().stripTrailing();
    }

    @Override
    public MimeBundle toMimeBundle() {
        String plain = toString() + "\n" + arithmetic();
        return MimeBundle.builder(plain).html(Html.view(toString(), Html.pre(arithmetic()))).build();
    }

    @Override
    public String toString() {
        return path() + " (" + gate.title() + "): " + step.text().valueName(gate) + " = " + Num.format(values());
    }
}
