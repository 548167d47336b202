package org.lstmlens.data;

import java.io.Serializable;
import java.util.Objects;

/**
 * What each sequence's attribution explains, serialisable with the {@link DatasetJob}: the model's default (each
 * sequence's predicted class for a softmax or sigmoid output, else the sum of the outputs), the sequence's given
 * label, its predicted class, one output index, the sum, or a gate or the cell state of one unit of a recurrent layer.
 *
 * @param kind which of these
 * @param unit the output index, or the gate's unit (-1 where unused)
 * @param gate the gate name for {@link Kind#GATE} (LSTM i, f, c, o; GRU z, r, h), else null
 * @param layer the recurrent layer of a gate or cell target (null: the first recurrent layer), else null
 */
public record JobTarget(Kind kind, int unit, String gate, String layer) implements Serializable {
    /** The kinds of target. */
    public enum Kind {
        DEFAULT, LABEL, PREDICTED, OUTPUT, SUM, GATE, CELL
    }

    public JobTarget {
        Objects.requireNonNull(kind, "kind");
    }

    /** The model's default: the predicted class for softmax and sigmoid outputs, else the sum of the outputs. */
    public static JobTarget defaults() {
        return new JobTarget(Kind.DEFAULT, -1, null, null);
    }

    /** Each sequence's given label (a sequence without one is a {@link Problem.Kind#BAD_LABEL}). */
    public static JobTarget labels() {
        return new JobTarget(Kind.LABEL, -1, null, null);
    }

    /** Each sequence's predicted class (the output unit ranked first). */
    public static JobTarget predicted() {
        return new JobTarget(Kind.PREDICTED, -1, null, null);
    }

    /** Output unit {@code index} for every sequence. */
    public static JobTarget output(int index) {
        return new JobTarget(Kind.OUTPUT, index, null, null);
    }

    /** The sum of the outputs. */
    public static JobTarget sum() {
        return new JobTarget(Kind.SUM, -1, null, null);
    }

    /** Gate {@code gate} of unit {@code unit} of recurrent layer {@code layer} (null: the first recurrent layer). */
    public static JobTarget gate(String layer, String gate, int unit) {
        return new JobTarget(Kind.GATE, unit, Objects.requireNonNull(gate, "gate"), layer);
    }

    /** The cell state of unit {@code unit} of LSTM layer {@code layer} (null: the first recurrent layer). */
    public static JobTarget cell(String layer, int unit) {
        return new JobTarget(Kind.CELL, unit, null, layer);
    }

    /** e.g. {@code given label}, {@code output 2}, {@code gate f unit 3 of "lstm"}. */
    public String describe() {
        switch (kind) {
            case DEFAULT: return "the model's default target";
            case LABEL: return "given label";
            case PREDICTED: return "predicted class";
            case OUTPUT: return "output " + unit;
            case SUM: return "sum of outputs";
            case GATE: return "gate " + gate + " unit " + unit + (layer == null ? "" : " of \"" + layer + "\"");
            default: return "cell state unit " + unit + (layer == null ? "" : " of \"" + layer + "\"");
        }
    }
}
