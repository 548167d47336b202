package org.lstmlens.io.torch;

/**
 * One tensor of a PyTorch file, as listed: its key, dtype and shape.
 *
 * @param key e.g. {@code encoder.lstm.weight_ih_l0}
 * @param dtype as torch prints it: {@code float32}
 */
public record TensorEntry(String key, String dtype, int[] shape) {
    public TensorEntry {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** {@code (16, 3)}, as Python prints a shape. */
    public String shapeText() {
        return text(shape);
    }

    /** A shape as Python prints it: {@code (16, 3)}, {@code (12,)}. */
    static String text(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return b.append(')').toString();
    }

    @Override
    public String toString() {
        return key + " " + shapeText() + " " + dtype;
    }
}
