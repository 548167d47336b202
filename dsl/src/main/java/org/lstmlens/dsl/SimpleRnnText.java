package org.lstmlens.dsl;

import java.util.List;
import org.lstmlens.core.Band;
import org.lstmlens.core.CellStep;
import org.lstmlens.core.SimpleRnnCell;
import org.lstmlens.model.Framework;
import org.lstmlens.render.Num;

/**
 * A SimpleRNN's math in words: one block and no gate, {@code z[k] = x.W[:,k] + h_prev.U[:,k] + b[k]; h = tanh(z)};
 * the weights carry no subscript because there is nothing to tell apart.
 */
final class SimpleRnnText extends CellText {

    SimpleRnnText(SimpleRnnCell cell, Framework names) {
        super(cell, names);
    }

    @Override
    String bandNoun() {
        return "block";
    }

    @Override
    String sub(Band band) {
        return "";
    }

    @Override
    String unitEquation(Band band, int k) {
        return "z[" + k + "] = x.W[:," + k + "] + h_prev.U[:," + k + "] + b[" + k + "];  h[" + k + "] = "
                + cell.activation().kerasName() + "(z[" + k + "])";
    }

    @Override
    String gateEquation(Band band) {
        return "h = " + cell.activation().kerasName() + "(x.W + h_prev.U + b)" + formulaNote(band)
                + "   (SimpleRNN has no gates: the new state is the activated sum itself)";
    }

    @Override
    String gateLine(CellStep step, Band band, int k) {
        boolean rb = cell.weights().hasRecurrentBias(); // PyTorch's and ONNX's second bias adds to z as b does
        return "z[" + k + "] = x.W[:," + k + "] + h_prev.U[:," + k + "] + b[" + k + "]" + (rb ? " + b'[" + k + "]" : "")
                + " = " + Num.format(step.inputPart(band, k)) + " + " + Num.format(step.recurrentPart(band, k)) + " + "
                + Num.format(step.biasPart(band, k)) + (rb ? " + " + Num.format(step.recurrentBiasPart(band, k)) : "")
                + " = " + Num.format(step.z(band, k)) + activated(step, band, k);
    }

    @Override
    String stateLine(CellStep step, int k) {
        return "";
    }

    @Override
    List<List<String>> activationRows() {
        return List.of(List.of("activation (h; no gates)", cell.activation().label()));
    }

    @Override
    String packing(int units) {
        return "one block: SimpleRNN has no gates; W, U and b all feed h, " + units + " columns";
    }
}
