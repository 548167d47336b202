package org.lstmlens.io.onnx;

import java.util.List;
import org.lstmlens.core.Activation;

/**
 * A direction's ONNX activations as the core's: f squashes the gates (Keras's recurrent_activation), g the candidate
 * (Keras's activation), and an LSTM's h the cell state on output. An ONNX activation with parameters becomes the
 * core's activation of exactly those parameters; the attributes are float32, and the core computes with exactly those values.
 */
final class CellActivations {
    private final RecurrentSpec spec;
    private final List<OnnxActivation> dir;

    CellActivations(RecurrentSpec spec, int d) {
        this.spec = spec;
        this.dir = spec.activations().get(d);
    }

    /** f: the gates' activation (LSTM i, f, o; GRU z, r). */
    Activation gates() {
        return core(dir.get(0));
    }

    /** g: the candidate's (an RNN's only activation). */
    Activation candidate() {
        return core(dir.get(spec.op().equals("RNN") ? 0 : 1));
    }

    /** h: what an LSTM's output squashes its cell state with. */
    Activation output() {
        return core(dir.get(2));
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
