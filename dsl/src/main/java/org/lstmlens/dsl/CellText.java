package org.lstmlens.dsl;

import java.util.List;
import org.lstmlens.core.Band;
import org.lstmlens.core.CellStep;
import org.lstmlens.core.GruCell;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.RecurrentCell;
import org.lstmlens.core.SimpleRnnCell;
import org.lstmlens.error.LstmException;
import org.lstmlens.model.Framework;
import org.lstmlens.render.Num;

/**
 * How the views write one cell's math: the names of its values (an LSTM's candidate is g, a GRU's hh), each band's
 * equation for one unit with and without the numbers, and the state update. One subclass per cell, so every view
 * (weights, steps, units) words a cell the same way and an LSTM's text stays as it always was. A layer read from
 * another framework's file is worded with that framework's band names (PyTorch's g for an LSTM's c, n for a GRU's h),
 * Keras's beside them where they differ.
 */
abstract class CellText {
    final RecurrentCell cell;
    final Framework names;

    CellText(RecurrentCell cell, Framework names) {
        this.cell = cell;
        this.names = names;
    }

    /** The wording of {@code cell}'s math in Keras's names. */
    static CellText of(RecurrentCell cell) {
        return of(cell, Framework.KERAS);
    }

    /** The wording of {@code cell}'s math in {@code names}' band names. */
    static CellText of(RecurrentCell cell, Framework names) {
        if (cell instanceof LstmCell) {
            return new LstmText((LstmCell) cell, names);
        }
        if (cell instanceof GruCell) {
            return new GruText((GruCell) cell, names);
        }
        if (cell instanceof SimpleRnnCell) {
            return new SimpleRnnText((SimpleRnnCell) cell, names);
        }
        throw new LstmException("no views for a " + cell.kind() + " cell yet; the views know LSTM, GRU and SimpleRNN");
    }

    /** The band's letter in the writer's names: Keras's {@code c}, PyTorch's {@code g}. */
    String symbol(Band band) {
        return names.nameOf(cell.kind(), band.symbol());
    }

    /** {@code " (Keras's c)"} where the writer's name differs from Keras's, else empty. */
    String kerasBeside(Band band) {
        return symbol(band).equals(band.symbol()) ? "" : " (Keras's " + band.symbol() + ")";
    }

    /**
     * The bands as packed, in the writer's names, and where those differ from Keras's or the writer's files order them
     * otherwise, a note: {@code z | r | n (PyTorch's names; Keras's z | r | h; its files store r | z | n, permuted
     * on reading)}.
     */
    String packedBands() {
        List<String> ours = new java.util.ArrayList<>();
        List<String> keras = new java.util.ArrayList<>();
        for (Band b : cell.bands()) {
            ours.add(symbol(b));
            keras.add(b.symbol());
        }
        String list = String.join(" | ", ours);
        if (names == Framework.KERAS) {
            return list;
        }
        String stored = String.join(" | ", names.storedOrder(cell.kind()));
        return list + " (" + names.title() + "'s names" + (ours.equals(keras) ? "" : "; Keras's "
                + String.join(" | ", keras)) + (stored.equals(list) ? ", stored in this order" : "; its files store "
                + stored + ", permuted on reading") + ")";
    }

    /** {@code " (PyTorch's g)"} where the writer's name differs from Keras's, else empty: for paths named by Keras. */
    String writerBeside(Band band) {
        return symbol(band).equals(band.symbol()) ? "" : " (" + names.title() + "'s " + symbol(band) + ")";
    }

    /** What a band is called in paths: {@code gate} (LSTM, GRU) or {@code block} (SimpleRNN, which has none). */
    String bandNoun() {
        return "gate";
    }

    /** The subscript of a band's weights and pre-activation: {@code _f}; none where a cell has one block. */
    String sub(Band band) {
        return "_" + symbol(band);
    }

    /** The name of a band's activated value: {@code f}; an LSTM's candidate is {@code g}, a GRU's {@code hh}. */
    /**
     * The name of a band's pre-activation in one-line headers: {@code z}, or {@code z_<symbol>} where the band's value
     * is itself called z (a GRU's update gate), so that "z = ..., z = ..." never names two numbers alike.
     */
    String preName(Band band) {
        return valueName(band).equals("z") ? "z" + sub(band) : "z";
    }

    String valueName(Band band) {
        return symbol(band);
    }

    /** The state kept from step to step, for messages about masked steps: {@code h and c}, or {@code h}. */
    String stateNames() {
        return cell.hasCellState() ? "h and c" : "h";
    }

    /** The band's equation for one unit, e.g. {@code z_f[2] = x.W_f[:,2] + h_prev.U_f[:,2] + b_f[2]}. */
    abstract String unitEquation(Band band, int k);

    /** The band's equation over all units, e.g. {@code z_f = x.W_f + h_prev.U_f + b_f;  f = sigmoid(z_f)}. */
    abstract String gateEquation(Band band);

    /** The band's unit at one step with the numbers: its pre-activation as a sum, then its value. */
    abstract String gateLine(CellStep step, Band band, int k);

    /** The unit's new state with the numbers, or empty where the band's value is the state (SimpleRNN). */
    abstract String stateLine(CellStep step, int k);

    /** What the step does after every unit's state line (an LSTM's projection of h), or empty. */
    String outputLine(CellStep step) {
        return "";
    }

    /** The name of the per-unit value the step view shows in its last column: {@code h}, or {@code o*tanh(c)}. */
    String unitOutputName() {
        return "h";
    }

    /**
     * The bands whose lines a unit's arithmetic goes on to, because they use this band's value: a GRU's r is used by
     * its candidate. Empty where each band's line stands alone (LSTM, SimpleRNN).
     */
    List<Band> usedBy(Band band) {
        return List.of();
    }

    /** Whether a unit's arithmetic ends with the state update (a GRU's gates all feed h directly). */
    boolean showsState(Band band) {
        return false;
    }

    /** The summary rows naming what each activation squashes (a SimpleRNN has only the first). */
    abstract List<List<String>> activationRows();

    /** How the blocks sit in W, U and b, e.g. {@code gates packed in W, U and b as i | f | c | o, 3 columns each}. */
    abstract String packing(int units);

    /**
     * The vector a band's recurrent kernel column multiplies, its name and the dot product's value: {@code h_prev}
     * for most; a GRU with reset_after=False multiplies {@code r * h_prev} into U_h.
     */
    Dot recurrentDot(CellStep step, Band band, int k) {
        return new Dot("h_prev", step.hPrev(), step.recurrentPart(band, k));
    }

    /** What row j of a band's recurrent kernel multiplies: {@code h_prev[j]}. */
    String recurrentInput(Band band, int j) {
        return "h_prev[" + j + "]";
    }

    /** One dot product written out: the vector's name, its values and the result. */
    static final class Dot {
        final String name;
        final double[] vector;
        final double value;

        Dot(String name, double[] vector, double value) {
            this.name = name;
            this.vector = vector;
            this.value = value;
        }
    }

    /** {@code ; f = sigmoid(1.08) = 0.746}: the activation applied to the unit's pre-activation. */
    String activated(CellStep step, Band band, int k) {
        return "; " + valueName(band) + " = " + cell.activationOf(band).kerasName() + "(" + Num.format(step.z(band, k))
                + ") = " + Num.format(step.gate(band, k));
    }

    /** {@code   [hard_sigmoid(0.2x+0.5)]} after an equation whose activation's Keras name does not say its formula. */
    String formulaNote(Band band) {
        var a = cell.activationOf(band);
        return a != org.lstmlens.core.Activation.TANH && a != org.lstmlens.core.Activation.SIGMOID
                ? "   [" + a.label() + "]" : "";
    }
}
