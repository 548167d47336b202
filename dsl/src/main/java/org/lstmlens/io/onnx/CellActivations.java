package org.lstmlens.io.onnx;

import java.util.List;
import org.lstmlens.core.Activation;
import org.lstmlens.error.ModelFileException;

/**
 * A direction's ONNX activations as the core's: f squashes the gates (Keras's recurrent_activation), g the candidate
 * (Keras's activation), and an LSTM's h the cell state on output. An ONNX activation with parameters becomes the
 * core's activation of exactly those parameters; the attributes are float32, and the core computes with exactly those values.
 */
final class CellActivations {
    private final RecurrentSpec spec;
    private final List<OnnxActivation> dir;
    private final String where;

    CellActivations(RecurrentSpec spec, int d, String where) {
        this.spec = spec;
        this.dir = spec.activations().get(d);
        this.where = where;
    }

    /** f: the gates' activation (LSTM i, f, o; GRU z, r). */
    Activation gates() {
        return core(dir.get(0));
    }

    /** g: the candidate's (an RNN's only activation); for an LSTM also h, which must equal it. */
    Activation candidate() {
        if (spec.op().equals("RNN")) {
            return core(dir.get(0));
        }
        Activation g = core(dir.get(1));
        if (spec.op().equals("LSTM") && !dir.get(2).equals(dir.get(1))) {
            throw new ModelFileException(where + ": an output activation h = " + dir.get(2).label() + " apart from the "
                    + "candidate's g = " + dir.get(1).label() + " is not computed by this version of LSTM Lens");
        }
        return g;
    }

    private static Activation core(OnnxActivation a) {
        double al = a.alpha();
        double be = a.beta();
        switch (a.name()) {
            case "Sigmoid": return Activation.SIGMOID;
            case "Tanh": return Activation.TANH;
            case "Relu": return Activation.RELU;
            case "Softsign": return Activation.SOFTSIGN;
            case "Softplus": return Activation.SOFTPLUS;
            case "HardSigmoid": return Activation.hardSigmoid(al, be);
            case "Elu": return Activation.elu(al);
            case "Affine": return Activation.affine(al, be);
            case "LeakyRelu": return Activation.leakyRelu(al);
            case "ThresholdedRelu": return Activation.thresholdedRelu(al);
            default: return Activation.scaledTanh(al, be); // the names are checked when read: ScaledTanh is the last
        }
    }
}
