package org.lstmlens.model;

import java.util.List;

/**
 * Where a recurrent layer's weights came from and how they were mapped onto the core's canonical form: the framework,
 * the file's names for the arrays, and one line per step of the mapping (a transpose, a gate permutation, two biases
 * kept apart, a reversed direction), for views and for comparing two files of one network.
 *
 * @param framework the writer
 * @param arrays the file's names of the arrays this layer was built from, e.g. {@code weight_ih_l0}
 * @param mapping what was done to them, in words, e.g. {@code W = weight_ih_l0^T (4u x in -> in x 4u)}
 */
public record Provenance(Framework framework, List<String> arrays, List<String> mapping) {
    public Provenance {
        arrays = List.copyOf(arrays);
        mapping = List.copyOf(mapping);
    }

    /** A Keras layer, stored as the core holds it. */
    public static Provenance keras() {
        return new Provenance(Framework.KERAS, List.of(), List.of());
    }
}
