package org.lstmlens.dsl;

import java.util.List;
import org.lstmlens.core.Band;
import org.lstmlens.core.CellStep;
import org.lstmlens.core.Gate;
import org.lstmlens.core.LstmCell;
import org.lstmlens.model.Framework;
import org.lstmlens.render.Num;

/** An LSTM's math in words: {@code z_f = x.W_f + h_prev.U_f + b_f}, the candidate's value g, then c and h. */
final class LstmText extends CellText {
    private final LstmCell lstm;

    LstmText(LstmCell cell, Framework names) {
        super(cell, names);
        this.lstm = cell;
    }

    @Override
    String valueName(Band band) {
        return band == Gate.C ? "g" : band.symbol();
    }

    @Override
    String unitEquation(Band band, int k) {
        String s = symbol(band);
        return "z_" + s + "[" + k + "] = x.W_" + s + "[:," + k + "] + h_prev.U_" + s + "[:," + k + "] + b_" + s + "["
                + k + "]";
    }

    @Override
    String gateEquation(Band band) {
        String s = symbol(band);
        return "z_" + s + " = x.W_" + s + " + h_prev.U_" + s + " + b_" + s + ";  " + valueName(band) + " = "
                + cell.activationOf(band).kerasName() + "(z_" + s + ")" + formulaNote(band) + kerasBeside(band);
    }

    @Override
    String gateLine(CellStep step, Band band, int k) {
        String s = symbol(band);
        String idx = "[" + k + "]";
        String col = "[:," + k + "]";
        boolean rb = cell.weights().hasRecurrentBias(); // PyTorch's and ONNX's second bias adds to z as b does
        return "z_" + s + idx + " = x.W_" + s + col + " + h_prev.U_" + s + col + " + b_" + s + idx
                + (rb ? " + b'_" + s + idx : "") + " = " + Num.format(step.inputPart(band, k)) + " + "
                + Num.format(step.recurrentPart(band, k)) + " + " + Num.format(step.biasPart(band, k))
                + (rb ? " + " + Num.format(step.recurrentBiasPart(band, k)) : "") + " = " + Num.format(step.z(band, k))
                + activated(step, band, k);
    }

    private boolean projects() {
        return lstm.weights().hasProjection();
    }

    /** A unit's o * act(c): h itself, or, where the LSTM projects, what P maps to h. */
    static double outputOf(CellStep step, int k) {
        return step.gate(Gate.O, k) * step.activationOf(Gate.C).apply(step.c(k));
    }

    /** {@code c[k] = f*c_prev + i*g = ...; h[k] = o*tanh(c) = ...} ({@code (o*tanh(c))[k]} where it projects). */
    @Override
    String stateLine(CellStep step, int k) {
        String act = step.activationOf(Gate.C).kerasName();
        if (projects()) {
            return "c[" + k + "] = f*c_prev + i*g = " + Num.factor(step.gate(Gate.F, k)) + "*"
                    + Num.factor(step.cPrev(k)) + " + " + Num.factor(step.gate(Gate.I, k)) + "*"
                    + Num.factor(step.gate(Gate.C, k)) + " = " + Num.format(step.c(k)) + "; (o*" + act + "(c))[" + k
                    + "] = " + Num.factor(step.gate(Gate.O, k)) + "*" + act + "(" + Num.format(step.c(k)) + ") = "
                    + Num.format(outputOf(step, k));
        }
        return "c[" + k + "] = f*c_prev + i*g = " + Num.factor(step.gate(Gate.F, k)) + "*" + Num.factor(step.cPrev(k))
                + " + " + Num.factor(step.gate(Gate.I, k)) + "*" + Num.factor(step.gate(Gate.C, k)) + " = "
                + Num.format(step.c(k)) + "; h[" + k + "] = o*" + act + "(c) = " + Num.factor(step.gate(Gate.O, k))
                + "*" + act + "(" + Num.format(step.c(k)) + ") = " + Num.format(step.h(k));
    }

    /** Where the LSTM projects: {@code h = (o*tanh(c)).P = [...]}, P = weight_hr^T, p values. */
    @Override
    String outputLine(CellStep step) {
        if (!projects()) {
            return "";
        }
        String act = step.activationOf(Gate.C).kerasName();
        int p = lstm.outputSize();
        return "h = (o*" + act + "(c)).P = " + Num.format(step.h()) + "   (the projection P, " + lstm.units() + "x" + p
                + (names == org.lstmlens.model.Framework.PYTORCH ? ", weight_hr^T" : "") + ": h and h_prev have " + p
                + " values)";
    }

    @Override
    String unitOutputName() {
        return projects() ? "o*" + lstm.activation().kerasName() + "(c)" : "h";
    }

    @Override
    List<List<String>> activationRows() {
        return List.of(List.of("activation (g and c)", lstm.activation().label()),
                List.of("recurrent_activation (i, f, o)", lstm.recurrentActivation().label()));
    }

    @Override
    String packing(int units) {
        return "gates packed in W, U and b as " + packedBands() + ", " + units + " columns each";
    }
}
