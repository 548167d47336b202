package org.lstmlens.io.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lstmlens.error.ShapeException;
import org.lstmlens.model.Tensor;

/**
 * The operators exporters put around recurrent nodes that move values without arithmetic: Transpose, Reshape,
 * Flatten, Squeeze, Unsqueeze, Concat, Slice, Gather, Shape, Expand, ConstantOfShape, Cast. Each follows the
 * operator's definition in ONNX's Operators.md (negative axes and indices count from the end, Slice clamps).
 */
final class ShapeOps {
    private ShapeOps() {
    }

    static Tensor transpose(Tensor x, long[] perm, String where) {
        int rank = x.rank();
        int[] p = new int[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = perm == null ? rank - 1 - i : Nd.axis(perm[i], rank, where);
        }
        if (perm != null && perm.length != rank) {
            throw new ShapeException(where + ": perm " + Arrays.toString(perm) + " has " + perm.length + " axes for a "
                    + "tensor of rank " + rank);
        }
        int[] in = x.shape();
        int[] out = new int[rank];
        int[] inStrides = Nd.strides(in);
        int[] step = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = in[p[i]];
            step[i] = inStrides[p[i]];
        }
        double[] v = x.values();
        double[] r = new double[v.length];
        int[] idx = new int[rank];
        int off = 0;
        for (int k = 0; k < r.length; k++) {
            r[k] = v[off];
            for (int ax = rank - 1; ax >= 0; ax--) {
                idx[ax]++;
                off += step[ax];
                if (idx[ax] < out[ax]) {
                    break;
                }
                off -= step[ax] * idx[ax];
                idx[ax] = 0;
            }
        }
        return Tensor.of(out, r);
    }

    static Tensor reshape(Tensor x, long[] shape, boolean allowZero, String where) {
        int[] in = x.shape();
        int[] out = new int[shape.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = shape[i];
            if (d == 0 && !allowZero) {
                if (i >= in.length) {
                    throw new ShapeException(where + ": shape " + Arrays.toString(shape) + " copies axis " + i
                            + " (0) but the input " + Arrays.toString(in) + " has rank " + in.length);
                }
                d = in[i];
            }
            if (d == -1) {
                if (infer >= 0) {
                    throw new ShapeException(where + ": shape " + Arrays.toString(shape) + " has two -1 sizes");
                }
                infer = i;
                continue;
            }
            if (d < 0) {
                throw new ShapeException(where + ": shape " + Arrays.toString(shape) + " has size " + d);
            }
            out[i] = (int) d;
            known *= d;
        }
        int n = Nd.size(in);
        if (infer >= 0) {
            out[infer] = known == 0 ? 0 : (int) (n / known);
            known *= out[infer];
        }
        if (known != n) {
            throw new ShapeException(where + ": cannot reshape " + Arrays.toString(in) + " (" + n + " values) to "
                    + Arrays.toString(shape));
        }
        return Tensor.of(out, x.values());
    }

    static Tensor flatten(Tensor x, long axis, String where) {
        int[] in = x.shape();
        int a = axis == in.length ? in.length : Nd.axis(axis, in.length, where);
        int rows = Nd.size(Arrays.copyOfRange(in, 0, a));
        return Tensor.of(new int[] {rows, Nd.size(Arrays.copyOfRange(in, a, in.length))}, x.values());
    }

    static Tensor squeeze(Tensor x, long[] axes, String where) {
        int[] in = x.shape();
        boolean[] drop = new boolean[in.length];
        if (axes == null) {
            for (int i = 0; i < in.length; i++) {
                drop[i] = in[i] == 1;
            }
        } else {
            for (long a : axes) {
                int ax = Nd.axis(a, in.length, where);
                if (in[ax] != 1) {
                    throw new ShapeException(where + ": cannot squeeze axis " + a + " of shape " + Arrays.toString(in)
                            + ": its size is " + in[ax] + ", not 1");
                }
                drop[ax] = true;
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            if (!drop[i]) {
                out.add(in[i]);
            }
        }
        return Tensor.of(out.stream().mapToInt(Integer::intValue).toArray(), x.values());
    }

    static Tensor unsqueeze(Tensor x, long[] axes, String where) {
        int[] in = x.shape();
        int rank = in.length + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            int ax = Nd.axis(a, rank, where);
            if (inserted[ax]) {
                throw new ShapeException(where + ": axes " + Arrays.toString(axes) + " name axis " + ax + " twice");
            }
            inserted[ax] = true;
        }
        int[] out = new int[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            out[i] = inserted[i] ? 1 : in[j++];
        }
        return Tensor.of(out, x.values());
    }

    static Tensor concat(List<Tensor> xs, long axis, String where) {
        int[] first = xs.get(0).shape();
        int a = Nd.axis(axis, first.length, where);
        int[] out = first.clone();
        out[a] = 0;
        for (Tensor t : xs) {
            int[] s = t.shape();
            for (int i = 0; i < s.length; i++) {
                if (s.length != first.length || (i != a && s[i] != first[i])) {
                    throw new ShapeException(where + ": cannot concatenate shapes " + Arrays.toString(first) + " and "
                            + Arrays.toString(s) + " along axis " + axis);
                }
            }
            out[a] += s[a];
        }
        int outer = Nd.size(Arrays.copyOfRange(out, 0, a));
        int inner = Nd.size(Arrays.copyOfRange(out, a + 1, out.length));
        double[] r = new double[Nd.size(out)];
        int at = 0;
        for (int o = 0; o < outer; o++) {
            for (Tensor t : xs) {
                int len = t.dim(a) * inner;
                System.arraycopy(t.values(), o * len, r, at, len);
                at += len;
            }
        }
        return Tensor.of(out, r);
    }

    static Tensor slice(Tensor x, long[] starts, long[] ends, long[] axes, long[] steps, String where) {
        int[] in = x.shape();
        int rank = in.length;
        int[] begin = new int[rank];
        int[] step = new int[rank];
        int[] out = in.clone();
        Arrays.fill(step, 1);
        for (int k = 0; k < starts.length; k++) {
            int ax = Nd.axis(axes == null ? k : axes[k], rank, where);
            long st = steps == null ? 1 : steps[k];
            if (st == 0) {
                throw new ShapeException(where + ": step 0 on axis " + ax);
            }
            long dim = in[ax];
            long s = starts[k] < 0 ? starts[k] + dim : starts[k];
            long e = ends[k] < 0 ? ends[k] + dim : ends[k];
            if (st > 0) {
                s = Math.max(0, Math.min(s, dim));
                e = Math.max(0, Math.min(e, dim));
            } else {
                s = Math.max(0, Math.min(s, dim - 1));
                e = Math.max(-1, Math.min(e, dim - 1));
            }
            long count = st > 0 ? (e - s + st - 1) / st : (s - e + (-st) - 1) / (-st);
            begin[ax] = (int) s;
            step[ax] = (int) st;
            out[ax] = (int) Math.max(0, count);
        }
        int[] strides = Nd.strides(in);
        double[] v = x.values();
        double[] r = new double[Nd.size(out)];
        int[] idx = new int[rank];
        for (int k = 0; k < r.length; k++) {
            int off = 0;
            for (int ax = 0; ax < rank; ax++) {
                off += (begin[ax] + idx[ax] * step[ax]) * strides[ax];
            }
            r[k] = v[off];
            for (int ax = rank - 1; ax >= 0; ax--) {
                if (++idx[ax] < out[ax]) {
                    break;
                }
                idx[ax] = 0;
            }
        }
        return Tensor.of(out, r);
    }

    static Tensor gather(Tensor x, Tensor indices, long axis, String where) {
        int[] in = x.shape();
        int a = Nd.axis(axis, in.length, where);
        int[] ish = indices.shape();
        long[] ids = Nd.longs(indices);
        int[] out = new int[in.length - 1 + ish.length];
        System.arraycopy(in, 0, out, 0, a);
        System.arraycopy(ish, 0, out, a, ish.length);
        System.arraycopy(in, a + 1, out, a + ish.length, in.length - a - 1);
        int outer = Nd.size(Arrays.copyOfRange(in, 0, a));
        int inner = Nd.size(Arrays.copyOfRange(in, a + 1, in.length));
        double[] v = x.values();
        double[] r = new double[Nd.size(out)];
        int at = 0;
        for (int o = 0; o < outer; o++) {
            for (long id : ids) {
                long i = id < 0 ? id + in[a] : id;
                if (i < 0 || i >= in[a]) {
                    throw new ShapeException(where + ": index " + id + " is out of range for axis " + a + " of size "
                            + in[a]);
                }
                System.arraycopy(v, (o * in[a] + (int) i) * inner, r, at, inner);
                at += inner;
            }
        }
        return Tensor.of(out, r);
    }

    static Tensor shape(Tensor x, long start, long end) {
        int rank = x.rank();
        int s = (int) Math.max(0, Math.min(rank, start < 0 ? start + rank : start));
        int e = (int) Math.max(0, Math.min(rank, end < 0 ? end + rank : end));
        int[] dims = x.shape();
        long[] out = new long[Math.max(0, e - s)];
        for (int i = 0; i < out.length; i++) {
            out[i] = dims[s + i];
        }
        return Nd.vector(out);
    }

    static Tensor expand(Tensor x, long[] shape, String where) {
        int[] target = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            target[i] = (int) shape[i];
        }
        int[] out = Nd.broadcast(x.shape(), target, where);
        int[] offsets = Nd.broadcastOffsets(x.shape(), out);
        double[] v = x.values();
        double[] r = new double[offsets.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = v[offsets[k]];
        }
        return Tensor.of(out, r);
    }

    static Tensor constantOfShape(long[] shape, double value) {
        int[] out = new int[shape.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) shape[i];
        }
        double[] r = new double[Nd.size(out)];
        Arrays.fill(r, value);
        return Tensor.of(out, r);
    }

    /** Cast: to float32 rounds, to an integer type truncates toward zero, to bool tests for non-zero. */
    static Tensor cast(Tensor x, DataType to) {
        double[] v = x.values();
        for (int i = 0; i < v.length; i++) {
            switch (to) {
                case FLOAT: v[i] = (float) v[i]; break;
                case DOUBLE: break;
                case FLOAT16: case BFLOAT16: v[i] = (float) v[i]; break;
                case BOOL: v[i] = v[i] != 0 ? 1 : 0; break;
                default: v[i] = v[i] < 0 ? Math.ceil(v[i]) : Math.floor(v[i]);
            }
        }
        return Tensor.of(x.shape(), v);
    }
}
