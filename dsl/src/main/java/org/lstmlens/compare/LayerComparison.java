package org.lstmlens.compare;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.error.NameException;

/** One matched pair of recurrent layers: names, the input both ran on, each direction, and the causes found. */
public final class LayerComparison {
    private final int index;
    private final String name;
    private final String nameB;
    private final String description;
    private final String input;
    private final List<DirectionComparison> directions;
    private final List<Cause> causes;

    LayerComparison(int index, String name, String nameB, String description, String input,
                    List<DirectionComparison> directions, List<Cause> causes) {
        this.index = index;
        this.name = name;
        this.nameB = nameB;
        this.description = description;
        this.input = input;
        this.directions = List.copyOf(directions);
        this.causes = List.copyOf(causes);
    }

    /** The position among the recurrent layers, from 0. */
    public int index() {
        return index;
    }

    /** The first file's name of the layer. */
    public String name() {
        return name;
    }

    /** The second file's name of the layer. */
    public String nameB() {
        return nameB;
    }

    /** e.g. {@code lstm (LSTM, 4 units on 3 features)}. */
    public String description() {
        return description;
    }

    /** What both ran on, e.g. {@code the given input} or {@code what a's lstm returned}. */
    public String input() {
        return input;
    }

    /** One direction, or forward and backward for a Bidirectional. */
    public List<DirectionComparison> directions() {
        return directions;
    }

    /**
     * The direction labelled {@code label}: {@code forward} or {@code backward} of a Bidirectional, or {@code ""} for
     * a layer of one direction.
     *
     * @throws NameException naming the labels there are
     */
    public DirectionComparison direction(String label) {
        List<String> labels = new ArrayList<>();
        for (DirectionComparison d : directions) {
            if (d.label().equals(label)) {
                return d;
            }
            labels.add("\"" + d.label() + "\"");
        }
        throw NameException.unknown("direction", label, "layer " + name, labels);
    }

    /** The only direction of a plain layer, the forward one of a Bidirectional. */
    public DirectionComparison direction() {
        return directions.get(0);
    }

    /** The likely causes found in this layer's settings and weights, most telling first. */
    public List<Cause> causes() {
        return causes;
    }

    @Override
    public String toString() {
        return "layer " + name + (name.equals(nameB) ? "" : " / " + nameB) + ": " + directions.size() + " direction"
                + (directions.size() == 1 ? "" : "s") + ", " + causes.size() + " cause" + (causes.size() == 1 ? "" : "s");
    }
}
