package org.lstmlens.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lstmlens.core.HardSigmoid;

/**
 * Where a model came from and what was assumed to run it: the file, its format and Keras version, the hard-sigmoid
 * formula of that era, and every assumption made where the file said nothing (e.g. activations of a weights-only
 * file).
 *
 * @param file the path as given
 * @param format e.g. {@code Keras 2 HDF5 (model.save)}, {@code Keras 3 .keras zip}
 * @param kerasVersion as stored, or null when the file has none
 * @param hardSigmoid the formula {@code hard_sigmoid} means for this file
 * @param weightsOnly whether the file holds no architecture
 * @param assumptions plain sentences, empty when nothing was assumed
 * @param outputShapes by layer name, the output shapes a reader knows from the file where the layers' own shape
 *        rules do not apply (an ONNX graph's, in ONNX's order), as a summary prints them; empty for Keras
 */
public record ModelInfo(String file, String format, String kerasVersion, HardSigmoid hardSigmoid,
                        boolean weightsOnly, List<String> assumptions, Map<String, String> outputShapes) {
    public ModelInfo {
        assumptions = List.copyOf(assumptions);
        outputShapes = Map.copyOf(outputShapes);
    }

    /** The output shapes of a layer as the file gives them, e.g. {@code [(6, 1, batch, 4), (1, batch, 4)]}. */
    public Optional<String> outputShape(String layer) {
        return Optional.ofNullable(outputShapes.get(layer));
    }

    public static Builder builder(String file) {
        return new Builder(file);
    }

    /** Collects the fields while a file is being read. */
    public static final class Builder {
        private final String file;
        private String format = "unknown";
        private String kerasVersion;
        private HardSigmoid hardSigmoid = HardSigmoid.KERAS_2;
        private boolean weightsOnly;
        private List<String> assumptions = List.of();
        private Map<String, String> outputShapes = Map.of();

        private Builder(String file) {
            this.file = file;
        }

        public Builder format(String value) {
            format = value;
            return this;
        }

        public Builder kerasVersion(String value) {
            kerasVersion = value;
            return this;
        }

        public Builder hardSigmoid(HardSigmoid value) {
            hardSigmoid = value;
            return this;
        }

        public Builder weightsOnly(boolean value) {
            weightsOnly = value;
            return this;
        }

        public Builder assumptions(List<String> value) {
            assumptions = value;
            return this;
        }

        public Builder outputShapes(Map<String, String> value) {
            outputShapes = value;
            return this;
        }

        public ModelInfo build() {
            return new ModelInfo(file, format, kerasVersion, hardSigmoid, weightsOnly, assumptions, outputShapes);
        }
    }
}
