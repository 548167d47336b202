package org.lstmlens.io.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.io.onnx.proto.Onnx.GraphProto;
import org.lstmlens.io.onnx.proto.Onnx.NodeProto;
import org.lstmlens.io.onnx.proto.Onnx.TensorProto;
import org.lstmlens.io.onnx.proto.Onnx.ValueInfoProto;
import org.lstmlens.model.Call;
import org.lstmlens.model.Layer;
import org.lstmlens.model.Tensor;
import org.lstmlens.model.TensorRef;

/**
 * Walks an ONNX graph in its (topological) node order and makes our model's layers and calls. Stored tensors
 * (initializers, Constant nodes) are bound into the nodes that read them; a node whose inputs are all stored is
 * computed once, here. A node we do not run, and every node that reads its outputs, is left out and listed; a
 * recurrent node that reads such an output takes it as an input of the model instead, so it still opens and runs.
 */
final class GraphBuilder {
    /** The operators whose stored float inputs are weights, as a summary counts parameters (a recurrent node counts its own). */
    private static final Set<String> AFFINE = Set.of("MatMul", "Gemm", "Add", "Sub", "Mul", "Div");

    private final String file;
    private final TensorReader tensors;
    private final int opset;
    private final Map<String, Stored> constants = new HashMap<>();
    private final Set<String> weights = new HashSet<>(); // stored tensors of a float type: what counts as parameters
    private final Map<String, TensorRef> computed = new HashMap<>();
    private final Map<String, String> cut = new LinkedHashMap<>(); // value -> the node left out that it comes from
    private final Set<String> names = new HashSet<>();
    private final Set<TensorRef> read = new HashSet<>();
    private final List<Layer> layers = new ArrayList<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<String> notRun = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<TensorRef> promoted = new ArrayList<>();
    private final List<RecurrentNode> recurrent = new ArrayList<>();
    private final Map<String, Integer> ops = new LinkedHashMap<>();
    private final Map<String, String> shapes = new LinkedHashMap<>(); // layer name -> output shapes, for the summary
    private DeclaredShapes declared;

    GraphBuilder(String file, TensorReader tensors, int opset) {
        this.file = file;
        this.tensors = tensors;
        this.opset = opset;
    }

    OnnxGraph build(GraphProto g) {
        declared = new DeclaredShapes(g);
        for (TensorProto t : g.getInitializerList()) {
            constants.put(t.getName(), tensors.read(t));
            if (isFloat(t.getDataType())) {
                weights.add(t.getName());
            }
        }
        List<TensorRef> inputs = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (!constants.containsKey(v.getName())) { // before IR 4 initializers are listed as inputs too
                TensorRef r = new TensorRef(v.getName(), 0, 0);
                computed.put(v.getName(), r);
                names.add(v.getName());
                inputs.add(r);
            }
        }
        for (int i = 0; i < g.getNodeCount(); i++) {
            node(g.getNode(i), i);
        }
        if (recurrent.isEmpty()) {
            throw new ModelFileException(file + ": holds no LSTM, GRU or RNN node, so nothing LSTM Lens explains; its "
                    + g.getNodeCount() + " node" + (g.getNodeCount() == 1 ? "" : "s") + ": " + opCounts());
        }
        List<TensorRef> outputs = outputs(g);
        List<TensorRef> used = new ArrayList<>();
        inputs.stream().filter(read::contains).forEach(used::add);
        used.addAll(promoted);
        List<String> assumptions = new ArrayList<>(notes);
        if (!notRun.isEmpty()) {
            assumptions.add(0, "nodes not run (LSTM Lens does not run their operator, or they read the output of one "
                    + "that is not run): " + String.join(", ", notRun));
        }
        return new OnnxGraph(layers, calls, used, outputs, assumptions, shapes);
    }

    private void node(NodeProto n, int index) {
        String type = n.getOpType();
        ops.merge(type, 1, Integer::sum);
        String name = layerName(n, index);
        String where = file + ": " + type + " \"" + name + "\"";
        boolean standard = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
        if (standard && type.equals("Constant")) {
            Attrs a = new Attrs(n, where);
            constants.put(n.getOutput(0), Ops.constant(a, tensors, where));
            if (a.find("value") != null && isFloat(a.find("value").getT().getDataType()) || a.has("value_float")
                    || a.has("value_floats")) {
                weights.add(n.getOutput(0));
            }
            return;
        }
        Stored[] stored = new Stored[n.getInputCount()];
        int[] dynamic = new int[n.getInputCount()];
        List<TensorRef> callInputs = new ArrayList<>();
        List<String> cutInputs = new ArrayList<>();
        long params = 0;
        for (int s = 0; s < n.getInputCount(); s++) {
            String v = n.getInput(s);
            dynamic[s] = -1;
            if (v.isEmpty()) {
                continue;
            }
            if (constants.containsKey(v)) {
                stored[s] = constants.get(v);
                params += weights.contains(v) && AFFINE.contains(type) ? stored[s].size() : 0;
            } else if (computed.containsKey(v)) {
                dynamic[s] = callInputs.size();
                callInputs.add(computed.get(v));
            } else if (cut.containsKey(v)) {
                dynamic[s] = callInputs.size();
                callInputs.add(null);
                cutInputs.add(v);
            } else {
                throw new ModelFileException(where + " reads \"" + v + "\", which is no graph input, no initializer "
                        + "and no output of an earlier node (ONNX lists nodes so that each reads only earlier ones)");
            }
        }
        Slots slots = new Slots(stored, dynamic);
        if (standard && RecurrentNodes.OPS.contains(type)) {
            RecurrentNode node = RecurrentNodes.of(n, name, new Attrs(n, where), slots, where);
            for (String v : cutInputs) {
                TensorRef as = new TensorRef(v, 0, 0);
                callInputs.set(callInputs.indexOf(null), as);
                computed.put(v, as);
                promoted.add(as);
                notes.add(type + " \"" + name + "\" reads \"" + v + "\" from " + cut.get(v) + ", which is not run: it is"
                        + " an input of this model instead");
            }
            recurrent.add(node);
            shapes.put(name, declared.recurrent(n, node.spec()));
            add(n, node, callInputs, slots);
            return;
        }
        Op op = standard ? Ops.of(type, new Attrs(n, where), opset, tensors, where) : null;
        if (op == null || !cutInputs.isEmpty()) {
            String label = type + " \"" + name + "\"";
            notRun.add(op == null ? label : label + " (reads " + cut.get(cutInputs.get(0)) + ")");
            for (String out : n.getOutputList()) {
                cut.put(out, label);
            }
            return;
        }
        String shape = declared.declared(n);
        if (shape != null) {
            shapes.put(name, shape);
        }
        add(n, new OpNode(name, type, op, slots, params), callInputs, slots);
    }

    /** Adds a node's call, or computes it now when it reads only stored tensors. */
    private void add(NodeProto n, Layer layer, List<TensorRef> callInputs, Slots slots) {
        if (callInputs.isEmpty()) {
            List<Tensor> out = layer.forward(List.of());
            for (int i = 0; i < n.getOutputCount() && i < out.size(); i++) {
                constants.put(n.getOutput(i), Stored.of(out.get(i)));
            }
            return;
        }
        Call call = new Call(layer, 0, callInputs);
        layers.add(layer);
        calls.add(call);
        read.addAll(callInputs);
        for (int i = 0; i < n.getOutputCount(); i++) {
            if (!n.getOutput(i).isEmpty()) {
                computed.put(n.getOutput(i), call.output(i));
            }
        }
    }

    /** The graph's outputs that are computed; when some are not, also each recurrent node's own outputs. */
    private List<TensorRef> outputs(GraphProto g) {
        List<TensorRef> out = new ArrayList<>();
        boolean missing = false;
        for (ValueInfoProto v : g.getOutputList()) {
            TensorRef r = computed.get(v.getName());
            if (r != null) {
                out.add(r);
            } else {
                missing = true;
                notes.add("graph output \"" + v.getName() + "\" is " + (cut.containsKey(v.getName())
                        ? "computed by " + cut.get(v.getName()) + ", which is not run" : "a stored tensor"));
            }
        }
        if (missing) {
            for (Call c : calls) {
                if (c.layer() instanceof RecurrentNode) {
                    int count = ((RecurrentNode) c.layer()).spec().op().equals("LSTM") ? 3 : 2;
                    for (int i = 0; i < count; i++) {
                        if (!out.contains(c.output(i)) && computed.containsValue(c.output(i))) {
                            out.add(c.output(i));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The node's name, or its type and place when it has none; unique among layers and graph inputs. */
    private String layerName(NodeProto n, int index) {
        String base = n.getName().isEmpty() ? n.getOpType() + "_" + index : n.getName();
        String name = base;
        for (int k = 1; names.contains(name); k++) {
            name = base + "_" + k;
        }
        names.add(name);
        return name;
    }

    private String opCounts() {
        List<String> parts = new ArrayList<>();
        ops.forEach((op, count) -> parts.add(op + (count == 1 ? "" : " x" + count)));
        return parts.isEmpty() ? "(none)" : String.join(", ", parts);
    }

    private static boolean isFloat(int dataType) {
        return dataType == 1 || dataType == 10 || dataType == 11 || dataType == 16;
    }
}
