package org.lstmlens.model;

import org.lstmlens.error.ShapeException;

/**
 * Keras {@code Embedding}: token ids {@code samples x timesteps} to vectors; with {@code mask_zero} the id 0 is
 * padding and the mask {@code id != 0} flows on.
 */
public final class EmbeddingLayer extends SingleLayer {
    private final double[][] table;
    private final boolean maskZero;

    /** @param table {@code input_dim x output_dim}. Not modified. */
    public EmbeddingLayer(String name, double[][] table, boolean maskZero) {
        super(name);
        this.table = table.clone();
        this.maskZero = maskZero;
    }

    @Override
    public String type() {
        return "Embedding";
    }

    public int vocabulary() {
        return table.length;
    }

    public int outputDim() {
        return table[0].length;
    }

    public boolean maskZero() {
        return maskZero;
    }

    @Override
    public long params() {
        return (long) table.length * table[0].length;
    }

    @Override
    Shape outputShape(Shape input) {
        int[] d = input.dims();
        int[] o = java.util.Arrays.copyOf(d, d.length + 1);
        o[d.length] = outputDim();
        return Shape.of(o);
    }

    @Override
    Tensor forward(Tensor ids) {
        if (ids.rank() != 2) {
            throw new ShapeException("Embedding \"" + name() + "\" expects token ids as samples x timesteps, got "
                    + "shape " + java.util.Arrays.toString(ids.shape()));
        }
        int batch = ids.dim(0);
        int steps = ids.dim(1);
        int dim = outputDim();
        double[] out = new double[batch * steps * dim];
        boolean[][] mask = maskZero ? new boolean[batch][steps] : null;
        double[] in = ids.data();
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                double v = in[b * steps + t];
                int id = (int) v;
                if (id != v || id < 0 || id >= table.length) {
                    throw new ShapeException("Embedding \"" + name() + "\": token id " + v + " at sample " + b
                            + ", timestep " + t + " is not in the vocabulary; valid: integers 0.." + (table.length - 1));
                }
                System.arraycopy(table[id], 0, out, (b * steps + t) * dim, dim);
                if (mask != null) {
                    mask[b][t] = id != 0;
                }
            }
        }
        return Tensor.wrap(new int[] {batch, steps, dim}, out, mask);
    }
}
