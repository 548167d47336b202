package org.lstmlens.dsl;

import java.util.Arrays;
import java.util.List;
import org.lstmlens.error.ShapeException;
import org.lstmlens.model.Tensor;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.MimeBundle;

/** What {@code model.predict(x)} returned: one tensor per model output, with its values. Immutable. */
public final class PredictionView implements Displayable {
    private final List<Tensor> outputs;

    PredictionView(List<Tensor> outputs) {
        this.outputs = List.copyOf(outputs);
    }

    /** How many outputs the model has. */
    public int outputs() {
        return outputs.size();
    }

    /** The first output's shape, batch first. */
    public int[] shape() {
        return outputs.get(0).shape();
    }

    /** The first output as {@code [sample][value]} (everything after the batch axis flattened). */
    public double[][] values() {
        return outputs.get(0).toArray2();
    }

    /** The first output as {@code [sample][timestep][feature]}; needs a sequence output. */
    public double[][][] sequences() {
        return outputs.get(0).toArray3();
    }

    /** One value of the first output, e.g. {@code get(0, 3)}. */
    public double get(int... index) {
        return outputs.get(0).get(index);
    }

    /**
     * The {@code i}-th output of a model with several.
     *
     * @throws ShapeException when there is no such output
     */
    public PredictionView output(int i) {
        if (i < 0 || i >= outputs.size()) {
            throw new ShapeException("output " + i + " is out of range; valid: 0.." + (outputs.size() - 1));
        }
        return new PredictionView(List.of(outputs.get(i)));
    }

    @Override
    public MimeBundle toMimeBundle() {
        StringBuilder sb = new StringBuilder(toString());
        double[][] v = values();
        for (int b = 0; b < Math.min(v.length, 8); b++) {
            sb.append("\n  sample ").append(b).append(": ").append(Arrays.toString(
                    Arrays.copyOf(v[b], Math.min(v[b].length, 12)))).append(v[b].length > 12 ? " ..." : "");
        }
        return MimeBundle.text(sb.toString());
    }

    @Override
    public String toString() {
        return "prediction " + Arrays.toString(shape()) + (outputs.size() > 1 ? " (+" + (outputs.size() - 1)
                + " more outputs)" : "");
    }
}
