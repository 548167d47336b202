package org.lstmlens.io;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.error.ShapeException;
import org.lstmlens.model.Call;
import org.lstmlens.model.InputLayer;
import org.lstmlens.model.Layer;
import org.lstmlens.model.Model;
import org.lstmlens.model.ModelInfo;
import org.lstmlens.model.Shape;
import org.lstmlens.model.TensorRef;

/**
 * Joins a parsed config and a file's weights into a runnable {@link Model}: one layer per config entry with its
 * arrays (by name in legacy files, by save key in the Keras 3 layout), and the graph of calls.
 */
final class ModelAssembler {
    private final String file;
    private final LayerFactory factory;
    private final WeightSource weights;

    ModelAssembler(String file, LayerFactory factory, WeightSource weights) {
        this.file = file;
        this.factory = factory;
        this.weights = weights;
    }

    /**
     * @param info completed here, after the layers are built, so it carries what building them assumed
     */
    Model assemble(ModelSpec spec, ModelInfo.Builder info, Assumptions assumptions) {
        Model m = spec.sequential() ? sequential(spec, info, assumptions) : functional(spec, info, assumptions);
        try {
            m.outputShapes();
        } catch (ShapeException e) {
            throw new ModelFileException(file + ": the config disagrees with the weights: " + e.getMessage(), e);
        }
        return m;
    }

    private Model sequential(ModelSpec spec, ModelInfo.Builder info, Assumptions assumptions) {
        SaveKeys keys = new SaveKeys();
        List<Layer> layers = new ArrayList<>();
        Shape inputShape = null;
        String inputName = spec.name() + "_input";
        for (LayerSpec l : spec.layers()) {
            if (l.className().equals("InputLayer")) {
                inputShape = LayerFactory.inputShape(new Json(l.config(), file), "InputLayer");
                inputName = l.name();
                continue;
            }
            if (inputShape == null && layers.isEmpty()) {
                inputShape = LayerFactory.inputShape(new Json(l.config(), file), l.className());
            }
            layers.add(build(l, keys.next(l.className())));
        }
        if (inputShape == null) {
            // Keras 2.2 and later may save a Sequential never built with a shape; run whatever is given
            inputShape = Shape.of(Shape.UNKNOWN, Shape.UNKNOWN);
        }
        InputLayer input = new InputLayer(inputName, inputShape);
        List<Call> calls = new ArrayList<>();
        calls.add(new Call(input, 0, List.of()));
        TensorRef prev = calls.get(0).output(0);
        for (Layer l : layers) {
            Call c = new Call(l, 0, List.of(prev));
            calls.add(c);
            prev = c.output(0);
        }
        return new Model(spec.name(), "Sequential", layers, calls, List.of(new TensorRef(inputName, 0, 0)),
                List.of(prev), Map.of(inputName, inputShape), info.assumptions(assumptions.list()).build());
    }

    private Model functional(ModelSpec spec, ModelInfo.Builder info, Assumptions assumptions) {
        SaveKeys keys = new SaveKeys();
        Map<String, Layer> byName = new LinkedHashMap<>();
        Map<String, Shape> inputShapes = new LinkedHashMap<>();
        List<Call> pending = new ArrayList<>();
        for (LayerSpec l : spec.layers()) {
            Layer layer = build(l, keys.next(l.className()));
            byName.put(l.name(), layer);
            if (layer instanceof InputLayer) {
                Shape s = ((InputLayer) layer).shape();
                if (s == null) {
                    throw new ModelFileException(file + ", layer \"" + l.name() + "\": the input declares no shape");
                }
                inputShapes.put(l.name(), s);
                pending.add(new Call(layer, 0, List.of()));
            }
            for (int k = 0; k < l.inbound().size(); k++) {
                pending.add(new Call(layer, k, l.inbound().get(k)));
            }
        }
        return new Model(spec.name(), "Functional", new ArrayList<>(byName.values()), order(pending, spec.name()),
                spec.inputs(), spec.outputs(), inputShapes, info.assumptions(assumptions.list()).build());
    }

    /** Calls in an order where each reads only tensors made before it (configs are usually already so). */
    private List<Call> order(List<Call> calls, String model) {
        List<Call> out = new ArrayList<>();
        Set<String> made = new HashSet<>();
        List<Call> left = new ArrayList<>(calls);
        while (!left.isEmpty()) {
            boolean progress = false;
            for (int i = 0; i < left.size(); i++) {
                Call c = left.get(i);
                if (c.inputs().stream().allMatch(r -> made.contains(r.layer() + "#" + r.node()))) {
                    out.add(c);
                    made.add(c.layer().name() + "#" + c.node());
                    left.remove(i);
                    progress = true;
                    break;
                }
            }
            if (!progress) {
                throw new ModelFileException(file + ": model \"" + model + "\": layer \"" + left.get(0).layer().name()
                        + "\" reads " + left.get(0).inputs() + ", which no layer of the config produces");
            }
        }
        return out;
    }

    private Layer build(LayerSpec l, String saveKey) {
        List<NamedArray> w = weights.weights(l.name(), saveKey);
        return factory.create(l.className(), l.name(), l.config(), w);
    }
}
