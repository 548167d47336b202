package org.lstmlens.dsl;

import org.lstmlens.core.Activation;
import org.lstmlens.core.Band;
import org.lstmlens.core.CellStep;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;

/**
 * One unit of one gate at one step, its arithmetic written out with the numbers:
 * {@code z_f[2] = x.W_f[:,2] + h_prev.U_f[:,2] + b_f[2] = 0.118 + -0.031 + 1 = 1.087; f = hard_sigmoid(1.087) = 0.717},
 * then the dot products term by term and the unit's new state. A GRU's gates work together, so its arithmetic goes
 * on to where the value is used: r into the candidate (before or after the recurrent product, as the layer's
 * reset_after says), z and hh into {@code h = z * h_prev + (1 - z) * hh}. Immutable.
 */
public final class UnitStepView implements Displayable {
    private static final int MAX_TERMS = 8;
    private final StepView step;
    private final Band gate;
    private final int unit;

    UnitStepView(StepView step, Band gate, int unit) {
        this.step = step;
        this.gate = gate;
        this.unit = unit;
    }

    /** {@code x . W[:,col]}: {@code run.step(0).gate("f").unit(2).inputPart()}. */
    public double inputPart() {
        return cell().inputPart(gate, unit);
    }

    /**
     * {@code h_prev . U[:,col]}: {@code run.step(0).gate("f").unit(2).recurrentPart()}. For a GRU's candidate this is
     * the plain product; what the candidate adds is {@link #recurrentCandidate()}.
     */
    public double recurrentPart() {
        return cell().recurrentPart(gate, unit);
    }

    /** {@code b[col]}, the input bias (0 without a bias): {@code run.step(0).gate("f").unit(2).biasPart()}. */
    public double biasPart() {
        return cell().biasPart(gate, unit);
    }

    /**
     * {@code b'[col]}, a GRU's recurrent bias (reset_after=True), 0 for layers that keep none apart:
     * {@code gruRun.step(0).gate("z").unit(2).recurrentBiasPart()}.
     */
    public double recurrentBiasPart() {
        return cell().recurrentBiasPart(gate, unit);
    }

    /**
     * A GRU's recurrent candidate term for this unit: {@code h_prev.U_h[:,k] + b'_h[k]}, which r multiplies
     * (reset_after=True), or {@code (r * h_prev).U_h[:,k]} (reset_after=False).
     *
     * @throws org.lstmlens.error.LstmException for an LSTM or SimpleRNN, which have no such term
     */
    public double recurrentCandidate() {
        return cell().recurrentCandidate(unit);
    }

    /** The pre-activation, the sum of its parts: {@code run.step(0).gate("f").unit(2).z()}. */
    public double z() {
        return cell().z(gate, unit);
    }

    /** The activated value (f here; an LSTM's candidate g, a GRU's hh): {@code run.step(0).gate("f").unit(2).value()}. */
    public double value() {
        return cell().gate(gate, unit);
    }

    /** The activation applied: {@code run.step(0).gate("f").unit(2).activation()}. */
    public Activation activation() {
        return cell().activationOf(gate);
    }

    /**
     * The arithmetic with the numbers: for an LSTM or SimpleRNN one line, e.g.
     * {@code z_f[2] = ... = 1.087; f = hard_sigmoid(1.087) = 0.717}; for a GRU the gate's line, then the lines that
     * use its value (r: the candidate's, then h's; z and h: h's).
     */
    public String arithmetic() {
        CellText text = step.text();
        StringBuilder sb = new StringBuilder(text.gateLine(cell(), gate, unit));
        for (Band user : text.usedBy(gate)) {
            sb.append('\n').append(text.gateLine(cell(), user, unit));
        }
        String state = text.stateLine(cell(), unit);
        if (text.showsState(gate) && !state.isEmpty()) {
            sb.append('\n').append(state);
        }
        return sb.toString();
    }

    private CellStep cell() {
        return step.cellStep();
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
        CellText text = step.text();
        String s = text.sub(gate);
        CellText.Dot recurrent = text.recurrentDot(cell(), gate, unit);
        StringBuilder sb = new StringBuilder();
        sb.append(dot("x", cell().x(), "W" + s, j -> weights.kernel(j, gate, unit), inputPart())).append('\n');
        sb.append(dot(recurrent.name, recurrent.vector, "U" + s, j -> weights.recurrent(j, gate, unit),
                recurrent.value)).append('\n');
        Activation a = activation();
        if (a == Activation.HARD_SIGMOID_KERAS2) {
            sb.append("hard_sigmoid(z) = clip(0.2z + 0.5, 0, 1)   (Keras 1/2, tf.keras <= 2.15)\n");
        } else if (a == Activation.HARD_SIGMOID_KERAS3) {
            sb.append("hard_sigmoid(z) = clip(z/6 + 0.5, 0, 1)   (Keras 3)\n");
        }
        String state = step.stateArithmetic(unit);
        if (!state.isEmpty() && !text.showsState(gate)) {
            sb.append("then: ").append(state);
        }
        if (!step.active()) {
            sb.append(sb.charAt(sb.length() - 1) == '\n' ? "" : "\n").append("masked step: Keras discarded this"
                    + " result and carried ").append(text.stateNames()).append(" over");
        }
        return sb.toString().stripTrailing();
    }

    @Override
    public MimeBundle toMimeBundle() {
        String plain = toString() + "\n" + arithmetic() + "\n" + details();
        String html = Html.view(toString(), Html.pre(arithmetic()) + Html.pre(details()));
        return MimeBundle.builder(plain).html(html).build();
    }

    @Override
    public String toString() {
        return step.path() + " " + step.text().bandNoun() + " " + gate.symbol() + " unit " + unit + ": "
                + step.text().preName(gate) + " = " + Num.format(z()) + ", " + step.text().valueName(gate) + " = " + Num.format(value());
    }
}
