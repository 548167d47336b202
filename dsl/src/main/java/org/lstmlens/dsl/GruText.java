package org.lstmlens.dsl;

import java.util.List;
import org.lstmlens.core.Band;
import org.lstmlens.core.CellStep;
import org.lstmlens.core.GruCell;
import org.lstmlens.core.GruGate;
import org.lstmlens.model.Framework;
import org.lstmlens.render.Num;

/**
 * A GRU's math in words (../shared/notes/KERAS_FORMATS.md Part 2 §2): z and r see x.W + b + h_prev.U (+ b', the
 * recurrent bias of reset_after=True); the candidate hh is where the two variants part, so its line says where r
 * multiplies: after the recurrent product, {@code r[k] * (h_prev.U_h[:,k] + b'_h[k])}, or before it,
 * {@code (r * h_prev).U_h[:,k]}. Then {@code h = z * h_prev + (1 - z) * hh}.
 */
final class GruText extends CellText {
    private final GruCell gru;

    GruText(GruCell cell, Framework names) {
        super(cell, names);
        this.gru = cell;
    }

    @Override
    String valueName(Band band) {
        // Keras's candidate is called hh here (h is the state); PyTorch's n needs no other name
        return band == GruGate.H && symbol(band).equals("h") ? "hh" : symbol(band);
    }

    private boolean recurrentBias() {
        return gru.weights().hasRecurrentBias();
    }

    @Override
    String unitEquation(Band band, int k) {
        String s = symbol(band);
        String idx = "[" + k + "]";
        String col = "[:," + k + "]";
        if (band != GruGate.H) {
            return "z_" + s + idx + " = x.W_" + s + col + " + h_prev.U_" + s + col + " + b_" + s + idx
                    + (recurrentBias() ? " + b'_" + s + idx : "");
        }
        return "z_" + s + idx + " = x.W_" + s + col + " + b_" + s + idx + " + " + (gru.resetAfter()
                ? "r" + idx + " * " + (recurrentBias() ? "(h_prev.U_" + s + col + " + b'_" + s + idx + ")" : "h_prev.U_"
                + s + col) : "(r * h_prev).U_" + s + col);
    }

    @Override
    String gateEquation(Band band) {
        String s = symbol(band);
        String pre = band != GruGate.H
                ? "z_" + s + " = x.W_" + s + " + h_prev.U_" + s + " + b_" + s + (recurrentBias() ? " + b'_" + s : "")
                : "z_" + s + " = x.W_" + s + " + b_" + s + " + " + (gru.resetAfter() ? "r * " + (recurrentBias()
                ? "(h_prev.U_" + s + " + b'_" + s + ")" : "h_prev.U_" + s) : "(r * h_prev).U_" + s);
        return pre + ";  " + valueName(band) + " = " + cell.activationOf(band).kerasName() + "(z_" + s + ")"
                + formulaNote(band) + kerasBeside(band) + (band == GruGate.H ? "   (" + where() + ")" : "");
    }

    /** Where r multiplies, in words. */
    String where() {
        return gru.resetAfter() ? "reset_after=True: r multiplies after the recurrent product"
                : "reset_after=False: r multiplies h_prev before the recurrent product";
    }

    @Override
    String gateLine(CellStep step, Band band, int k) {
        String head = unitEquation(band, k) + " = " + Num.format(step.inputPart(band, k)) + " + ";
        if (band != GruGate.H) {
            return head + Num.format(step.recurrentPart(band, k)) + " + " + Num.format(step.biasPart(band, k))
                    + (recurrentBias() ? " + " + Num.format(step.recurrentBiasPart(band, k)) : "") + " = "
                    + Num.format(step.z(band, k)) + activated(step, band, k);
        }
        String recurrent;
        if (gru.resetAfter()) {
            String inner = recurrentBias() ? "(" + Num.format(step.recurrentPart(band, k)) + " + "
                    + Num.format(step.recurrentBiasPart(band, k)) + ")" : Num.factor(step.recurrentPart(band, k));
            recurrent = Num.factor(step.gate(GruGate.R, k)) + " * " + inner;
        } else {
            recurrent = Num.format(step.recurrentCandidate(k));
        }
        return head + Num.format(step.biasPart(band, k)) + " + " + recurrent + " = " + Num.format(step.z(band, k))
                + activated(step, band, k);
    }

    /** {@code h[k] = z[k] * h_prev[k] + (1 - z[k]) * hh[k] = 0.6*0.1 + (1 - 0.6)*0.5 = 0.26}. */
    @Override
    String stateLine(CellStep step, int k) {
        String i = "[" + k + "]";
        double z = step.gate(GruGate.Z, k);
        return "h" + i + " = z" + i + " * h_prev" + i + " + (1 - z" + i + ") * " + valueName(GruGate.H) + i + " = "
                + Num.factor(z) + " * "
                + Num.factor(step.hPrev(k)) + " + (1 - " + Num.factor(z) + ") * " + Num.factor(step.gate(GruGate.H, k))
                + " = " + Num.format(step.h(k));
    }

    @Override
    Dot recurrentDot(CellStep step, Band band, int k) {
        if (band != GruGate.H || gru.resetAfter()) {
            return super.recurrentDot(step, band, k);
        }
        double[] rh = step.hPrev();
        for (int j = 0; j < rh.length; j++) {
            rh[j] *= step.gate(GruGate.R, j);
        }
        return new Dot("(r * h_prev)", rh, step.recurrentCandidate(k));
    }

    @Override
    List<Band> usedBy(Band band) {
        return band == GruGate.R ? List.of(GruGate.H) : List.of();
    }

    @Override
    boolean showsState(Band band) {
        return true;
    }

    @Override
    String recurrentInput(Band band, int j) {
        return band == GruGate.H && !gru.resetAfter() ? "r[" + j + "] * h_prev[" + j + "]" : super.recurrentInput(band, j);
    }

    @Override
    List<List<String>> activationRows() {
        return List.of(List.of("activation (" + valueName(GruGate.H) + ")", gru.activation().label()),
                List.of("recurrent_activation (z, r)", gru.recurrentActivation().label()),
                List.of("reset_after", gru.resetAfter() ? "True (r after h_prev.U" + sub(GruGate.H) + ")"
                        : "False (r before U" + sub(GruGate.H) + ")"));
    }

    @Override
    String packing(int units) {
        return "gates packed in W, U and b as " + packedBands() + ", " + units + " columns each";
    }
}
