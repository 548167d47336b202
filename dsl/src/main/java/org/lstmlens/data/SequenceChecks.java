package org.lstmlens.data;

/** The checks every sequence passes before it is explained; each failure says where and what is valid. */
final class SequenceChecks {
    private SequenceChecks() {
    }

    /**
     * The first thing wrong with {@code s}, or null.
     *
     * @param steps the length required, or 0 for any
     * @param features the features per timestep required
     * @param classes for a label target, the classes the model has (labels must be in 0..classes-1); 0 otherwise
     */
    static Problem problem(Sequence s, int steps, int features, int classes) {
        String where = "sequence \"" + s.id() + "\"";
        double[][] v = s.values();
        if (v.length == 0) {
            return new Problem(Problem.Kind.RAGGED, s.index(), where, "no timesteps; expected " + (steps > 0 ? steps
                    : "at least 1"));
        }
        if (steps > 0 && v.length != steps) {
            return new Problem(Problem.Kind.RAGGED, s.index(), where, v.length + " timesteps; expected " + steps
                    + " (every sequence of the dataset has the same length)");
        }
        for (int t = 0; t < v.length; t++) {
            if (v[t] == null || v[t].length != features) {
                return new Problem(Problem.Kind.WRONG_FEATURES, s.index(), where, "timestep " + t + " has "
                        + (v[t] == null ? "no values" : v[t].length + " features") + "; the model takes " + features);
            }
            for (int j = 0; j < features; j++) {
                if (!Double.isFinite(v[t][j])) {
                    return new Problem(Problem.Kind.NOT_FINITE, s.index(), where, v[t][j] + " at timestep " + t
                            + ", feature " + j + "; values must be finite");
                }
            }
        }
        if (classes > 0 && (s.label() < 0 || s.label() >= classes)) {
            return new Problem(Problem.Kind.BAD_LABEL, s.index(), where, (s.hasLabel() ? "label " + s.label()
                    : "no label") + "; the target is each sequence's label, a class in 0.." + (classes - 1));
        }
        return null;
    }
}
