package org.lstmlens.io.onnx;

import java.util.List;
import org.lstmlens.core.Activation;
import org.lstmlens.error.ModelFileException;

/**
 * A direction's ONNX activations as the core's: f squashes the gates (Keras's recurrent_activation), g the candidate
 * (Keras's activation), and an LSTM's h the cell state on output. An ONNX activation with parameters becomes the
 * core's activation of exactly those parameters; one the core lacks is refused, never approximated.
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

    private Activation core(OnnxActivation a) {
        double al = a.alpha();
        double be = a.beta();
        switch (a.name()) {
            case "Sigmoid": return Activation.SIGMOID;
            case "Tanh": return Activation.TANH;
            case "Relu": return Activation.RELU;
            case "Softsign": return Activation.SOFTSIGN;
            case "Softplus": return Activation.SOFTPLUS;
            case "HardSigmoid":
                if (al == 0.2f && be == 0.5f) {
                    return Activation.HARD_SIGMOID_KERAS2;
                }
                if ((float) al == (float) (1.0 / 6) && be == 0.5f) {
                    return Activation.HARD_SIGMOID_KERAS3;
                }
                break;
            case "Elu":
                if (al == 1) {
                    return Activation.ELU;
                }
                break;
            case "Affine":
                if (al == 1 && be == 0) {
                    return Activation.LINEAR;
                }
                break;
            default:
                break;
        }
        throw new ModelFileException(where + ": activation " + a.label() + " is not computed by this version of "
                + "LSTM Lens (it computes Sigmoid, Tanh, Relu, Softsign, Softplus, HardSigmoid(0.2, 0.5), Elu(1.0), "
                + "Affine(1.0, 0.0))");
    }
}
