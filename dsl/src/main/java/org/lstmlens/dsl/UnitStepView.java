package org.lstmlens.dsl;

import org.lstmlens.core.Activation;
import org.lstmlens.core.CellStep;
import org.lstmlens.core.Gate;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;

/**
 * One unit of one gate at one step, its arithmetic written out with the numbers:
 * {@code z_f[2] = x.W_f[:,2] + h_prev.U_f[:,2] + b_f[2] = 0.118 + -0.031 + 1 = 1.087; f = hard_sigmoid(1.087) = 0.717},
 * then the dot products term by term and the unit's new c and h. Immutable.
 */
public final class UnitStepView implements Displayable {
    private static final int MAX_TERMS = 8;
    private final StepView step;
    private final Gate gate;
    private final int unit;

    UnitStepView(StepView step, Gate gate, int unit) {
        this.step = step;
        this.gate = gate;
        this.unit = unit;
    }

    /** {@code x . W[:,col]}: {@code run.step(0).gate("f").unit(2).inputPart()}. */
    public double inputPart() {
        return cell().inputPart(gate, unit);
    }

    /** {@code h_prev . U[:,col]}: {@code run.step(0).gate("f").unit(2).recurrentPart()}. */
    public double recurrentPart() {
        return cell().recurrentPart(gate, unit);
    }

    /** {@code b[col]} (0 without a bias): {@code run.step(0).gate("f").unit(2).biasPart()}. */
    public double biasPart() {
        return cell().biasPart(gate, unit);
    }

    /** The pre-activation, the sum of the three parts: {@code run.step(0).gate("f").unit(2).z()}. */
    public double z() {
        return cell().z(gate, unit);
    }

    /** The activated value (f here; g for the candidate): {@code run.step(0).gate("f").unit(2).value()}. */
    public double value() {
        return cell().gate(gate, unit);
    }

    /** The activation applied: {@code run.step(0).gate("f").unit(2).activation()}. */
    public Activation activation() {
        return cell().activationOf(gate);
    }

    /** The one-line arithmetic, e.g. {@code z_f[2] = ... = 1.087; f = hard_sigmoid(1.087) = 0.717}. */
    public String arithmetic() {
        return gateLine(cell(), gate, unit);
    }

    private CellStep cell() {
        return step.cellStep();
    }

    /** i, f, o by their symbol; the candidate's value is g. */
    static String valueName(Gate gate) {
        return gate == Gate.C ? "g" : gate.symbol();
    }

    static String gateLine(CellStep cell, Gate gate, int k) {
        String s = gate.symbol();
        String idx = "[" + k + "]";
        String col = "[:," + k + "]";
        return "z_" + s + idx + " = x.W_" + s + col + " + h_prev.U_" + s + col + " + b_" + s + idx + " = "
                + Num.format(cell.inputPart(gate, k)) + " + " + Num.format(cell.recurrentPart(gate, k)) + " + "
                + Num.format(cell.biasPart(gate, k)) + " = " + Num.format(cell.z(gate, k)) + "; " + valueName(gate)
                + " = " + cell.activationOf(gate).kerasName() + "(" + Num.format(cell.z(gate, k)) + ") = "
                + Num.format(cell.gate(gate, k));
    }

    private String dot(String v, double[] vec, String w, java.util.function.IntToDoubleFunction weight, double sum) {
        StringBuilder sb = new StringBuilder(v + "." + w + "[:," + unit + "] = ");
        int n = Math.min(vec.length, MAX_TERMS);
        for (int j = 0; j < n; j++) {
            sb.append(j == 0 ? "" : " + ").append(Num.factor(vec[j])).append("*").append(
                    Num.factor(weight.applyAsDouble(j)));
        }
        if (n < vec.length) {
            sb.append(" + ... (").append(vec.length - n).append(" more terms)");
        }
        return sb.append(" = ").append(Num.format(sum)).toString();
    }

    private String details() {
        var weights = cell().cell().weights();
        String s = gate.symbol();
        StringBuilder sb = new StringBuilder();
        sb.append(dot("x", cell().x(), "W_" + s, j -> weights.kernel(j, gate, unit), inputPart())).append('\n');
        sb.append(dot("h_prev", cell().hPrev(), "U_" + s, j -> weights.recurrent(j, gate, unit), recurrentPart()))
                .append('\n');
        Activation a = activation();
        if (a == Activation.HARD_SIGMOID_KERAS2) {
            sb.append("hard_sigmoid(z) = clip(0.2z + 0.5, 0, 1)   (Keras 1/2, tf.keras <= 2.15)\n");
        } else if (a == Activation.HARD_SIGMOID_KERAS3) {
            sb.append("hard_sigmoid(z) = clip(z/6 + 0.5, 0, 1)   (Keras 3)\n");
        }
        sb.append("then: ").append(step.stateArithmetic(unit));
        if (!step.active()) {
            sb.append("\nmasked step: Keras discarded this result and carried h and c over");
        }
        return sb.toString();
    }

    @Override
    public MimeBundle toMimeBundle() {
        String plain = toString() + "\n" + arithmetic() + "\n" + details();
        String html = Html.view(toString(), Html.pre(arithmetic()) + Html.pre(details()));
        return MimeBundle.builder(plain).html(html).build();
    }

    @Override
    public String toString() {
        return step.path() + " gate " + gate.symbol() + " unit " + unit + ": z = " + Num.format(z()) + ", "
                + valueName(gate) + " = " + Num.format(value());
    }
}
