package org.lstmlens.data;

/** Sequences of a Java array, read in place (a sequence's values are the array's own rows). */
final class ArrayDataset implements Dataset {
    private final double[][][] x;
    private final int[] labels;

    ArrayDataset(double[][][] x, int[] labels) {
        this.x = x;
        this.labels = labels;
    }

    @Override
    public DatasetReader open() {
        return new DatasetReader() {
            private int next;

            @Override
            public Entry next() {
                if (next >= x.length) {
                    return null;
                }
                int i = next++;
                if (x[i] == null) {
                    return new Problem(Problem.Kind.UNREADABLE, i, "sequence " + i, "null; expected "
                            + "double[timesteps][features]");
                }
                return new Sequence(i, String.valueOf(i), x[i], labels == null ? Sequence.NO_LABEL : labels[i]);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public long size() {
        return x.length;
    }

    @Override
    public String describe() {
        return "array of " + x.length + " sequences" + (labels != null ? " with labels" : "");
    }
}
