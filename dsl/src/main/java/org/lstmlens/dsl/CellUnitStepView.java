package org.lstmlens.dsl;

import org.lstmlens.core.Band;
import org.lstmlens.core.CellStep;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;

/**
 * One unit of the cell at one step, all its gates together: z and value of each (LSTM i, f, g, o; GRU z, r, hh;
 * SimpleRNN h) with their arithmetic, then the unit's new state (an LSTM's c and h, a GRU's h). Immutable.
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
     * @throws org.lstmlens.error.NameException if {@code name} is not one of the cell's gate names
     */
    public UnitStepView gate(String name) {
        return new UnitStepView(step, step.cellStep().cell().band(name, path()), unit);
    }

    /**
     * The unit's cell state after the step (an LSTM's; carried over where masked): {@code run.step(0).unit(2).c()}.
     *
     * @throws org.lstmlens.error.LstmException for a GRU or SimpleRNN, which keep h only
     */
    public double c() {
        return step.c()[unit];
    }

    /**
     * The unit's output after the step (carried over where masked): {@code run.step(0).unit(2).h()}; for an LSTM that
     * projects (PyTorch's proj_size), the unit's o*tanh(c), which the projection maps to h.
     */
    public double h() {
        CellStep c = step.cellStep();
        return c.h().length == c.units() ? step.h()[unit] : LstmText.outputOf(c, unit);
    }

    private String path() {
        return step.path() + " unit " + unit;
    }

    private String arithmetic() {
        CellStep cell = step.cellStep();
        StringBuilder sb = new StringBuilder();
        for (Band g : cell.cell().bands()) {
            sb.append(step.text().gateLine(cell, g, unit)).append('\n');
        }
        sb.append(step.stateArithmetic(unit));
        String out = step.text().outputLine(cell);
        if (!out.isEmpty()) {
            sb.append('\n').append(out);
        }
        if (!step.active()) {
            sb.append("\nmasked step: Keras discarded this result and carried ").append(step.text().stateNames())
                    .append(" over");
        }
        return sb.toString().stripTrailing();
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.builder(toString() + "\n" + arithmetic())
                .html(Html.view(toString(), Html.pre(arithmetic()))).build();
    }

    @Override
    public String toString() {
        return path() + ": " + (step.cellStep().cell().hasCellState() ? "c = " + Num.format(c()) + ", " : "") + "h = "
                + Num.format(h());
    }
}
