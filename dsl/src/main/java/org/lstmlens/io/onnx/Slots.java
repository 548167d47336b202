package org.lstmlens.io.onnx;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.model.Tensor;

/**
 * Where each input of a node comes from: a tensor stored in the file (an initializer or a Constant's value, bound
 * when the model is read), the k-th input of its call in the model graph (a value computed at run time), or nowhere
 * (an absent optional input).
 */
final class Slots {
    private final Stored[] constants;
    private final int[] dynamic;

    Slots(Stored[] constants, int[] dynamic) {
        this.constants = constants.clone();
        this.dynamic = dynamic.clone();
    }

    int size() {
        return constants.length;
    }

    /** The stored tensor at {@code slot}, or null. */
    Stored constant(int slot) {
        return slot < constants.length ? constants[slot] : null;
    }

    boolean isDynamic(int slot) {
        return slot < dynamic.length && dynamic[slot] >= 0;
    }

    /** Every slot's tensor for one call: stored ones, then the call's inputs in their places (null where absent). */
    List<Tensor> fill(List<Tensor> callInputs) {
        List<Tensor> all = new ArrayList<>();
        for (int s = 0; s < constants.length; s++) {
            all.add(dynamic[s] >= 0 ? callInputs.get(dynamic[s]) : constants[s] == null ? null : constants[s].tensor());
        }
        return all;
    }
}
