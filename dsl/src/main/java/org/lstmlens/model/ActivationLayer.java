package org.lstmlens.model;

/** Keras {@code Activation}: applies a function (softmax on the last axis); the mask passes through. */
public final class ActivationLayer extends SingleLayer implements DifferentiableLayer {
    private final ActivationFunction function;

    public ActivationLayer(String name, ActivationFunction function) {
        super(name);
        this.function = function;
    }

    @Override
    public String type() {
        return "Activation";
    }

    public ActivationFunction function() {
        return function;
    }

    @Override
    Shape outputShape(Shape input) {
        return input;
    }

    @Override
    Tensor forward(Tensor x) {
        double[] out = x.data().clone();
        function.apply(out, x.lastDim());
        return Tensor.wrap(x.shape(), out, x.maskData());
    }

    @Override
    public LayerPass trace(Tensor x) {
        Tensor y = forward(x);
        return LayerPass.of(y, dy -> Tensor.wrap(x.shape(), function.backward(x.data(), y.data(), dy.data(),
                x.lastDim()), x.maskData()));
    }
}
