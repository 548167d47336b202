package org.lstmlens.dsl;

import org.lstmlens.core.CellStep;
import org.lstmlens.core.Gate;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;

/**
 * One unit of the cell at one step, all four gates together: z and value of i, f, g, o with their arithmetic, then
 * the unit's new c and h. Immutable.
 */
public final class CellUnitStepView implements Displayable {
    private final StepView step;
    private final int unit;

    CellUnitStepView(StepView step, int unit) {
        this.step = step;
        this.unit = unit;
    }

    /**
     * One gate of this unit with its arithmetic: {@code run.step(0).unit(2).gate("f")}.
     *
     * @throws org.lstmlens.error.NameException if {@code name} is not a gate name (i, f, c, o, ...)
     */
    public UnitStepView gate(String name) {
        return new UnitStepView(step, Gate.parse(name, path()), unit);
    }

    /** The unit's cell state after the step (carried over where masked): {@code run.step(0).unit(2).c()}. */
    public double c() {
        return step.c()[unit];
    }

    /** The unit's output after the step (carried over where masked): {@code run.step(0).unit(2).h()}. */
    public double h() {
        return step.h()[unit];
    }

    private String path() {
        return step.path() + " unit " + unit;
    }

    private String arithmetic() {
        CellStep cell = step.cellStep();
        StringBuilder sb = new StringBuilder();
        for (Gate g : Gate.values()) {
            sb.append(UnitStepView.gateLine(cell, g, unit)).append('\n');
        }
        sb.append(step.stateArithmetic(unit));
        if (!step.active()) {
            sb.append("\nmasked step: Keras discarded this result and carried h and c over");
        }
        return sb.toString();
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.builder(toString() + "\n" + arithmetic())
                .html(Html.view(toString(), Html.pre(arithmetic()))).build();
    }

    @Override
    public String toString() {
        return path() + ": c = " + Num.format(c()) + ", h = " + Num.format(h());
    }
}
