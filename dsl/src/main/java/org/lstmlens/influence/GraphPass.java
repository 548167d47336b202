package org.lstmlens.influence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lstmlens.core.Band;
import org.lstmlens.core.Trace;
import org.lstmlens.model.Call;
import org.lstmlens.model.CallPass;
import org.lstmlens.model.RecurrentPass;
import org.lstmlens.model.Tensor;
import org.lstmlens.model.TensorRef;

/**
 * One traced forward pass of a {@link ModelGraph}, ready for backward passes from the explained output or from a
 * gate or cell state inside a recurrent layer: each call's {@link CallPass} run backwards in graph order, the
 * gradients of a tensor read by several calls added. Immutable.
 */
final class GraphPass {
    private final List<Call> calls;
    private final List<CallPass> passes;  // one per call
    private final Tensor x;
    private final TensorRef start;        // the tensor gradients are taken with respect to
    private final TensorRef outputRef;
    private final Tensor out;

    GraphPass(List<Call> calls, List<CallPass> passes, Tensor x, TensorRef start, TensorRef outputRef, Tensor out) {
        this.calls = calls;
        this.passes = passes;
        this.x = x;
        this.start = start;
        this.outputRef = outputRef;
        this.out = out;
    }

    /** The explained output. */
    Tensor output() {
        return out;
    }

    /** The forward run of a recurrent layer: its gates and states. */
    Trace trace(GraphSite site) {
        return site.of(passes.get(site.call())).trace();
    }

    /** dL/dx for {@code L = sum(dOutput * output)}. */
    Tensor backward(Tensor dOutput) {
        Map<TensorRef, Tensor> grads = new HashMap<>();
        grads.put(outputRef, dOutput);
        return propagate(grads, calls.size());
    }

    /**
     * dL/dx for {@code L = sum(d * value)}, the value being gate {@code gate}'s activation (or, for a null gate, the
     * LSTM cell state) of the layer at {@code site} at its processing step {@code step}: that layer's backward pass
     * from the gate, then every layer below it.
     */
    Tensor backwardFrom(GraphSite site, Band gate, int step, double[][] d) {
        RecurrentPass p = site.of(passes.get(site.call()));
        List<Tensor> dIn = gate == null ? p.cellBackward(step, d) : p.gateBackward(gate, step, d);
        Call c = calls.get(site.call());
        Map<TensorRef, Tensor> grads = new HashMap<>();
        for (int k = 0; k < dIn.size(); k++) {
            grads.merge(c.inputs().get(k), dIn.get(k), Tensor::plus);
        }
        return propagate(grads, site.call());
    }

    /** Runs the calls before {@code end} backwards, from the gradients already known. */
    private Tensor propagate(Map<TensorRef, Tensor> grads, int end) {
        for (int i = end - 1; i >= 0; i--) {
            Call c = calls.get(i);
            if (c.inputs().isEmpty()) {
                continue; // an InputLayer: the identity on the model's input
            }
            CallPass p = passes.get(i);
            List<Tensor> dOut = new ArrayList<>();
            boolean any = false;
            for (int k = 0; k < p.outputs().size(); k++) {
                Tensor d = grads.remove(c.output(k));
                dOut.add(d);
                any |= d != null;
            }
            if (!any) {
                continue; // no output of this call reaches the target
            }
            List<Tensor> dIn = p.backward(dOut);
            for (int k = 0; k < dIn.size(); k++) {
                grads.merge(c.inputs().get(k), dIn.get(k), Tensor::plus); // read by several calls: add
            }
        }
        Tensor dx = grads.get(start);
        return dx != null ? dx : Tensor.of(new double[x.dim(0)][x.dim(1)][x.dim(2)]);
    }
}
