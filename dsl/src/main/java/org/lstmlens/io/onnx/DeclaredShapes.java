package org.lstmlens.io.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lstmlens.io.onnx.proto.Onnx.GraphProto;
import org.lstmlens.io.onnx.proto.Onnx.NodeProto;
import org.lstmlens.io.onnx.proto.Onnx.TensorShapeProto;
import org.lstmlens.io.onnx.proto.Onnx.ValueInfoProto;

/**
 * The output shapes a model summary shows for an ONNX graph's nodes, in ONNX's own order (no batch axis is assumed
 * first: an LSTM's Y is [seq, directions, batch, hidden]): what the graph declares (its inputs, outputs and
 * value_info), and for a recurrent node what its operator defines from its X, its direction and hidden_size. A
 * dimension is its number, its symbolic name (dim_param, e.g. {@code batch}), or {@code None} where neither the file
 * nor the operator says (as Keras prints an unknown batch).
 */
final class DeclaredShapes {
    private final Map<String, List<String>> declared = new HashMap<>();

    DeclaredShapes(GraphProto g) {
        for (List<ValueInfoProto> vs : List.of(g.getInputList(), g.getOutputList(), g.getValueInfoList())) {
            for (ValueInfoProto v : vs) {
                if (v.hasType() && v.getType().hasTensorType() && v.getType().getTensorType().hasShape()) {
                    declared.put(v.getName(), dims(v.getType().getTensorType().getShape()));
                }
            }
        }
    }

    private static List<String> dims(TensorShapeProto s) {
        List<String> out = new ArrayList<>();
        for (TensorShapeProto.Dimension d : s.getDimList()) {
            out.add(d.hasDimValue() ? Long.toString(d.getDimValue())
                    : d.hasDimParam() && !d.getDimParam().isEmpty() ? d.getDimParam() : "None");
        }
        return out;
    }

    /** A recurrent node's outputs (Y, Y_h, Y_c as the node has them) from its X's declared shape and its attributes. */
    String recurrent(NodeProto n, RecurrentSpec spec) {
        List<String> x = declared.get(n.getInput(0));
        boolean known = x != null && x.size() == 3;
        String seq = known ? x.get(spec.batchFirst() ? 1 : 0) : "None";
        String batch = known ? x.get(spec.batchFirst() ? 0 : 1) : "None";
        String dirs = Integer.toString(spec.directions());
        String h = Integer.toString(spec.hidden());
        List<List<String>> outs = new ArrayList<>();
        outs.add(spec.batchFirst() ? List.of(batch, seq, dirs, h) : List.of(seq, dirs, batch, h));
        List<String> state = spec.batchFirst() ? List.of(batch, dirs, h) : List.of(dirs, batch, h);
        outs.add(state);
        outs.add(state);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n.getOutputCount() && i < (spec.op().equals("LSTM") ? 3 : 2); i++) {
            if (!n.getOutput(i).isEmpty()) {
                List<String> d = declared.get(n.getOutput(i));
                texts.add(text(d != null && d.size() == outs.get(i).size() ? merge(d, outs.get(i)) : outs.get(i)));
            }
        }
        return join(texts);
    }

    /** Another node's outputs as the graph declares them, or null when it declares none of them. */
    String declared(NodeProto n) {
        List<String> texts = new ArrayList<>();
        for (String o : n.getOutputList()) {
            List<String> d = declared.get(o);
            if (d == null) {
                return null;
            }
            texts.add(text(d));
        }
        return texts.isEmpty() ? null : join(texts);
    }

    /** The file's dimension where it gives one, the operator's where the file's is unknown. */
    private static List<String> merge(List<String> file, List<String> op) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < file.size(); i++) {
            out.add(file.get(i).equals("None") ? op.get(i) : file.get(i));
        }
        return out;
    }

    private static String text(List<String> dims) {
        return "(" + String.join(", ", dims) + ")";
    }

    private static String join(List<String> texts) {
        return texts.size() == 1 ? texts.get(0) : "[" + String.join(", ", texts) + "]";
    }
}
