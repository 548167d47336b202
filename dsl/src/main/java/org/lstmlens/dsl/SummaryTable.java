package org.lstmlens.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.Framework;
import org.lstmlens.model.Layer;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.Model;
import org.lstmlens.model.Shape;

/**
 * The rows of Keras's {@code model.summary()}: layer (type), output shape, params; and the totals. Text in Keras's
 * own layout, and an HTML table.
 */
final class SummaryTable {
    private static final int W_LAYER = 34;
    private static final int W_SHAPE = 26;
    private static final int W_PARAMS = 12;

    private final Model model;

    SummaryTable(Model model) {
        this.model = model;
    }

    /** One row per layer: {@code {"lstm_1 (LSTM)", "(None, 10, 32)", "5248"}}. */
    List<String[]> rows() {
        Map<String, List<Shape>> shapes = shapes();
        List<String[]> rows = new ArrayList<>();
        for (Layer l : model.layers()) {
            List<Shape> s = shapes.get(l.name());
            String shape = s != null ? (s.size() == 1 ? s.get(0).toString() : s.toString())
                    : model.info().outputShape(l.name()).orElse("?");
            rows.add(new String[] {l.name() + " (" + l.type() + ")", shape, Long.toString(l.params())});
        }
        return rows;
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        String rule = "_".repeat(W_LAYER + W_SHAPE + W_PARAMS);
        sb.append("Model: \"").append(model.name()).append("\"\n").append(rule).append('\n');
        sb.append(pad("Layer (type)", W_LAYER)).append(pad("Output Shape", W_SHAPE)).append("Param #\n");
        sb.append("=".repeat(W_LAYER + W_SHAPE + W_PARAMS)).append('\n');
        for (String[] r : rows()) {
            sb.append(pad(r[0], W_LAYER)).append(pad(r[1], W_SHAPE)).append(r[2]).append('\n');
        }
        sb.append("=".repeat(W_LAYER + W_SHAPE + W_PARAMS)).append('\n');
        sb.append("Total params: ").append(model.params()).append('\n');
        sb.append("Trainable params: ").append(model.params()).append('\n');
        sb.append("Non-trainable params: 0\n").append(rule).append('\n');
        sb.append(provenance());
        return sb.toString();
    }

    String html() {
        StringBuilder sb = new StringBuilder();
        sb.append("<div class=\"lstmlens-model\"><b>Model: \"").append(esc(model.name())).append("\"</b>");
        sb.append("<table><thead><tr><th style=\"text-align:left\">Layer (type)</th><th style=\"text-align:left\">"
                + "Output Shape</th><th style=\"text-align:right\">Param #</th></tr></thead><tbody>");
        for (String[] r : rows()) {
            sb.append("<tr><td style=\"text-align:left\">").append(esc(r[0])).append("</td><td style=\"text-align:left\">")
                    .append(esc(r[1])).append("</td><td style=\"text-align:right\">").append(r[2]).append("</td></tr>");
        }
        sb.append("</tbody><tfoot><tr><td colspan=\"2\">Total params</td><td style=\"text-align:right\">")
                .append(model.params()).append("</td></tr></tfoot></table>");
        sb.append("<pre>").append(esc(provenance())).append("</pre></div>");
        return sb.toString();
    }

    private String provenance() {
        StringBuilder sb = new StringBuilder();
        sb.append("From ").append(model.info().file()).append(": ").append(model.info().format());
        // an ONNX graph or a PyTorch file has no Keras era: each activation is stored with its parameters
        Framework writer = "ONNX".equals(model.kind()) ? Framework.ONNX : writer();
        if (writer != Framework.KERAS) {
            sb.append(", written by ").append(writer.title()).append('\n');
        } else {
            sb.append(model.info().kerasVersion() == null ? ", no Keras version stored"
                    : ", Keras " + model.info().kerasVersion());
            sb.append("; hard_sigmoid = ").append(model.info().hardSigmoid().formula()).append('\n');
        }
        for (String a : model.info().assumptions()) {
            sb.append("Assumed: ").append(a).append('\n');
        }
        return sb.toString();
    }

    /** The framework that wrote the recurrent layers (their provenance), Keras when none says otherwise. */
    private Framework writer() {
        for (Layer l : model.layers()) {
            RecurrentLayer r = l instanceof RecurrentLayer ? (RecurrentLayer) l : l instanceof BidirectionalLayer
                    ? ((BidirectionalLayer) l).forwardLayer() : null;
            if (r != null && r.provenance().framework() != Framework.KERAS) {
                return r.provenance().framework();
            }
        }
        return Framework.KERAS;
    }

    private Map<String, List<Shape>> shapes() {
        try {
            return model.outputShapes();
        } catch (RuntimeException e) {
            // a summary must show even when a layer's shape cannot be worked out
            return Map.of();
        }
    }

    private static String pad(String s, int w) {
        return s.length() >= w - 1 ? s + " " : s + " ".repeat(w - s.length());
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
