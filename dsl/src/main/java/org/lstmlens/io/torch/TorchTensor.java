package org.lstmlens.io.torch;

import java.util.Arrays;
import org.lstmlens.error.ModelFileException;

/**
 * A tensor as a file describes it: a view on a {@link Storage} (element offset, shape, strides in elements), as
 * {@code torch._utils._rebuild_tensor_v2} builds it; safetensors' tensors are contiguous views. Values are read when
 * asked for, strides honoured (a transposed or sliced tensor saved as a view of a larger storage).
 */
final class TorchTensor {
    private final Storage storage;
    private final long offset;
    private final int[] shape;
    private final long[] stride;

    TorchTensor(Storage storage, long offset, int[] shape, long[] stride) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape.clone();
        this.stride = stride.clone();
    }

    /** A contiguous (row-major) view of {@code shape} from {@code offset} on. */
    static TorchTensor contiguous(Storage storage, long offset, int[] shape) {
        long[] stride = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = s;
            s *= shape[i];
        }
        return new TorchTensor(storage, offset, shape, stride);
    }

    DType dtype() {
        return storage.dtype();
    }

    int[] shape() {
        return shape.clone();
    }

    int rank() {
        return shape.length;
    }

    int dim(int i) {
        return shape[i];
    }

    long numel() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** {@code (4, 3)}, {@code (12,)}, as Python prints a shape. */
    String shapeText() {
        return TensorEntry.text(shape);
    }

    /**
     * Every element in row-major order, widened to double.
     *
     * @param name the tensor's key, for messages
     * @throws ModelFileException when the view reaches outside its storage
     */
    double[] values(String name) {
        long n = numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new ModelFileException(storage.where() + ": tensor \"" + name + "\" " + shapeText() + " holds " + n
                    + " values, more than one Java array takes");
        }
        long last = offset;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0 || stride[i] < 0) {
                throw new ModelFileException(storage.where() + ": tensor \"" + name + "\" has shape " + shapeText()
                        + " and strides " + Arrays.toString(stride) + "; valid are sizes and strides >= 0");
            }
            last += (long) Math.max(shape[i] - 1, 0) * stride[i];
        }
        if (n == 0) {
            return new double[0];
        }
        if (offset < 0 || last >= storage.numel()) {
            throw new ModelFileException(storage.where() + ": tensor \"" + name + "\" " + shapeText() + " (offset "
                    + offset + ", strides " + Arrays.toString(stride) + ") reaches element " + last + " of a storage "
                    + "of " + storage.numel() + " (the file is truncated or damaged)");
        }
        if (isContiguous()) {
            return storage.read(offset, (int) n);
        }
        double[] all = storage.read(offset, (int) (last - offset + 1));
        double[] out = new double[(int) n];
        gather(all, 0, 0, out, new int[] {0});
        return out;
    }

    /** Receives a 2-D tensor's rows in runs: {@code values[offset ..]} holds rows {@code first .. first + count - 1}. */
    interface RowSink {
        void rows(int first, int count, double[] values, int offset);
    }

    /**
     * A 2-D tensor's rows in order, {@code run} at a time, widened to double, without making the whole tensor's
     * doubles first when it is contiguous (a 100 MB state_dict is then widened a run at a time straight into its
     * transposed place).
     *
     * @param name the tensor's key, for messages
     * @throws ModelFileException when the view reaches outside its storage
     */
    void forEachRows(String name, int run, RowSink sink) {
        int rows = shape[0];
        int cols = shape[1];
        if (!isContiguous()) {
            double[] all = values(name);
            for (int r = 0; r < rows; r += run) {
                sink.rows(r, Math.min(run, rows - r), all, r * cols);
            }
            return;
        }
        double[] buf = new double[Math.min(run, rows) * cols];
        for (int r = 0; r < rows; r += run) {
            int n = Math.min(run, rows - r);
            storage.read(offset + (long) r * cols, n * cols, buf);
            sink.rows(r, n, buf, 0);
        }
    }

    private boolean isContiguous() {
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != s) {
                return false;
            }
            s *= shape[i];
        }
        return true;
    }

    private void gather(double[] src, int axis, long at, double[] out, int[] next) {
        if (axis == shape.length) {
            out[next[0]++] = src[(int) at];
            return;
        }
        for (int i = 0; i < shape[axis]; i++) {
            gather(src, axis + 1, at + i * stride[axis], out, next);
        }
    }

    @Override
    public String toString() {
        return dtype().torchName() + shapeText();
    }
}
