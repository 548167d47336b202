package org.lstmlens.testing;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.core.Activation;
import org.lstmlens.core.Rnn;
import org.lstmlens.model.ActivationFunction;
import org.lstmlens.model.DenseLayer;
import org.lstmlens.model.Layer;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;

/** Models built in code from core layers, as Keras would chain them: what influence tests explain. */
public final class Built {
    private Built() {
    }

    /** A Keras {@code Dense} from its kernel ({@code inputs x outputs}), bias (or null) and element-wise activation. */
    public static DenseLayer dense(double[][] kernel, double[] bias, Activation activation) {
        return new DenseLayer("dense", kernel, bias, ActivationFunction.of(activation));
    }

    /** One recurrent layer followed by a Dense layer (applied at every step when the layer returns sequences). */
    public static Model withHead(Rnn layer, double[][] kernel, double[] bias, Activation activation) {
        return Model.sequential(layer.name() + " + Dense", RecurrentLayer.of(layer), dense(kernel, bias, activation));
    }

    /** Stacked recurrent layers, bottom first, then a Dense head (null kernel: none); named {@code a + b + Dense}. */
    public static Model stack(double[][] kernel, double[] bias, Activation activation, Rnn... layers) {
        List<Layer> all = new ArrayList<>();
        StringBuilder name = new StringBuilder();
        for (Rnn r : layers) {
            all.add(RecurrentLayer.of(r));
            name.append(name.length() == 0 ? "" : " + ").append(r.name());
        }
        if (kernel != null) {
            all.add(dense(kernel, bias, activation));
            name.append(" + Dense");
        }
        return Model.sequential(name.toString(), all.toArray(new Layer[0]));
    }
}
