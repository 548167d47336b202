package org.lstmlens.io;

import java.util.Arrays;

/**
 * One weight array as a file stores it: its name (e.g. {@code lstm_1/kernel:0}, {@code 0}), shape and values in
 * row-major order, widened to double. Package-private data; the model layers copy what they keep.
 */
record NamedArray(String name, int[] shape, double[] data) {

    int rank() {
        return shape.length;
    }

    int rows() {
        return shape[0];
    }

    int cols() {
        return shape.length < 2 ? 1 : shape[1];
    }

    long size() {
        return data.length;
    }

    /** The last path segment without a {@code :0} suffix: {@code kernel}, {@code lstm_1_W_i}. */
    String shortName() {
        String n = name;
        int colon = n.lastIndexOf(':');
        if (colon > 0 && n.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            n = n.substring(0, colon);
        }
        int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
        return slash >= 0 ? n.substring(slash + 1) : n;
    }

    double[][] matrix() {
        int r = rows();
        int c = cols();
        double[][] m = new double[r][c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(data, i * c, m[i], 0, c);
        }
        return m;
    }

    String shapeText() {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }
}
