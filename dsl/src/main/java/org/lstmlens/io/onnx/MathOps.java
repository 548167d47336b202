package org.lstmlens.io.onnx;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.lstmlens.error.ShapeException;
import org.lstmlens.model.Tensor;

/**
 * The arithmetic around recurrent nodes: element-wise Add, Sub, Mul, Div with numpy's broadcasting, MatMul (numpy's
 * matmul: batched, 1-D operands promoted), Gemm ({@code alpha * A' B' + beta * C}), element-wise activations and
 * Softmax. In double: the values equal the float32 ones of onnxruntime within float32 rounding.
 */
final class MathOps {
    private MathOps() {
    }

    static Tensor elementwise(Tensor a, Tensor b, DoubleBinaryOperator f, String where) {
        int[] out = Nd.broadcast(a.shape(), b.shape(), where);
        int[] oa = Nd.broadcastOffsets(a.shape(), out);
        int[] ob = Nd.broadcastOffsets(b.shape(), out);
        double[] va = a.values();
        double[] vb = b.values();
        double[] r = new double[oa.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = f.applyAsDouble(va[oa[k]], vb[ob[k]]);
        }
        return Tensor.of(out, r);
    }

    static Tensor map(Tensor x, DoubleUnaryOperator f) {
        double[] v = x.values();
        for (int i = 0; i < v.length; i++) {
            v[i] = f.applyAsDouble(v[i]);
        }
        return Tensor.of(x.shape(), v);
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /**
     * Softmax along {@code axis}; before opset 13 the input is seen as 2-D (axes before {@code axis} x the rest) and
     * the softmax runs over the whole second part.
     */
    static Tensor softmax(Tensor x, long axis, boolean flattenRest, String where) {
        int[] s = x.shape();
        int a = Nd.axis(axis, s.length, where);
        int outer = Nd.size(Arrays.copyOfRange(s, 0, a));
        int len = flattenRest ? Nd.size(Arrays.copyOfRange(s, a, s.length)) : s[a];
        int inner = flattenRest ? 1 : Nd.size(Arrays.copyOfRange(s, a + 1, s.length));
        double[] v = x.values();
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < len; k++) {
                    max = Math.max(max, v[base + k * inner]);
                }
                double sum = 0;
                for (int k = 0; k < len; k++) {
                    double e = Math.exp(v[base + k * inner] - max);
                    v[base + k * inner] = e;
                    sum += e;
                }
                for (int k = 0; k < len; k++) {
                    v[base + k * inner] /= sum;
                }
            }
        }
        return Tensor.of(s, v);
    }

    static Tensor matmul(Tensor a, Tensor b, String where) {
        int[] sa = a.shape();
        int[] sb = b.shape();
        if (sa.length == 0 || sb.length == 0) {
            throw new ShapeException(where + ": MatMul needs operands of rank 1 or more, got " + Arrays.toString(sa)
                    + " and " + Arrays.toString(sb));
        }
        int[] a2 = sa.length == 1 ? new int[] {1, sa[0]} : sa;
        int[] b2 = sb.length == 1 ? new int[] {sb[0], 1} : sb;
        int m = a2[a2.length - 2];
        int k = a2[a2.length - 1];
        int n = b2[b2.length - 1];
        if (b2[b2.length - 2] != k) {
            throw new ShapeException(where + ": MatMul of " + Arrays.toString(sa) + " and " + Arrays.toString(sb)
                    + ": inner sizes " + k + " and " + b2[b2.length - 2] + " differ");
        }
        int[] batchA = Arrays.copyOfRange(a2, 0, a2.length - 2);
        int[] batchB = Arrays.copyOfRange(b2, 0, b2.length - 2);
        int[] batch = Nd.broadcast(batchA, batchB, where);
        int[] offA = Nd.broadcastOffsets(batchA, batch);
        int[] offB = Nd.broadcastOffsets(batchB, batch);
        double[] va = a.values();
        double[] vb = b.values();
        double[] r = new double[offA.length * m * n];
        for (int p = 0; p < offA.length; p++) {
            int ba = offA[p] * m * k;
            int bb = offB[p] * k * n;
            int br = p * m * n;
            for (int i = 0; i < m; i++) {
                for (int q = 0; q < k; q++) {
                    double x = va[ba + i * k + q];
                    for (int j = 0; j < n; j++) {
                        r[br + i * n + j] += x * vb[bb + q * n + j];
                    }
                }
            }
        }
        int[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = m;
        out[batch.length + 1] = n;
        if (sb.length == 1) {
            out = Arrays.copyOf(out, out.length - 1);
        }
        if (sa.length == 1) {
            int[] o = new int[out.length - 1];
            System.arraycopy(out, 0, o, 0, batch.length);
            System.arraycopy(out, batch.length + 1, o, batch.length, out.length - batch.length - 1);
            out = o;
        }
        return Tensor.of(out, r);
    }

    static Tensor gemm(Tensor a, Tensor b, Tensor c, double alpha, double beta, boolean transA, boolean transB,
                       String where) {
        if (a.rank() != 2 || b.rank() != 2) {
            throw new ShapeException(where + ": Gemm needs 2-D A and B, got " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()));
        }
        Tensor at = transA ? ShapeOps.transpose(a, null, where) : a;
        Tensor bt = transB ? ShapeOps.transpose(b, null, where) : b;
        Tensor ab = matmul(at, bt, where);
        Tensor scaled = map(ab, v -> alpha * v);
        if (c == null) {
            return scaled;
        }
        Tensor out = elementwise(scaled, c, (x, y) -> x + beta * y, where);
        if (!Arrays.equals(out.shape(), ab.shape())) {
            throw new ShapeException(where + ": Gemm's C of shape " + Arrays.toString(c.shape()) + " does not "
                    + "broadcast to " + Arrays.toString(ab.shape()));
        }
        return out;
    }
}
