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

    /** {@code c[k] = f*c_prev + i*g = ...; h[k] = o*tanh(c) = ...}. */
    @Override
    String stateLine(CellStep step, int k) {
        String act = step.activationOf(Gate.C).kerasName();
        return "c[" + k + "] = f*c_prev + i*g = " + Num.factor(step.gate(Gate.F, k)) + "*" + Num.factor(step.cPrev(k))
                + " + " + Num.factor(step.gate(Gate.I, k)) + "*" + Num.factor(step.gate(Gate.C, k)) + " = "
                + Num.format(step.c(k)) + "; h[" + k + "] = o*" + act + "(c) = " + Num.factor(step.gate(Gate.O, k))
                + "*" + act + "(" + Num.format(step.c(k)) + ") = " + Num.format(step.h(k));
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
