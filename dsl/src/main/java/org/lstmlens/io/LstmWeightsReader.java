package org.lstmlens.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ejml.data.DMatrixRMaj;
import org.lstmlens.core.Gate;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ModelFileException;

/**
 * The one place where every file layout of an LSTM direction's weights becomes the canonical {@link LstmWeights}
 * (kernel {@code in x 4u}, recurrent {@code u x 4u}, bias {@code 4u}, gate blocks i, f, c, o). Layouts
 * (../shared/notes/KERAS_FORMATS.md section 6):
 * <ul>
 *   <li>Keras 1 per gate: 12 arrays {@code W_i, U_i, b_i, W_c, U_c, b_c, W_f, U_f, b_f, W_o, U_o, b_o} (c before f),
 *       matched by name suffix, with or without {@code :0};</li>
 *   <li>Keras 1 {@code consume_less='gpu'}, Keras 2, tf.keras, Keras 3: kernel, recurrent kernel, bias (bias absent
 *       with {@code use_bias=False}), already i, f, c, o;</li>
 *   <li>CuDNNLSTM: an {@code 8u} bias (input then recurrent biases, summed) and each gate's kernel block stored as
 *       cuDNN reads it: {@code W_g = k_g.reshape(u, in).T}, {@code U_g = rk_g.T}.</li>
 * </ul>
 */
final class LstmWeightsReader {
    private static final Pattern PER_GATE = Pattern.compile(".*_([WUb])_([ifco])$");

    /** The canonical weights plus how they were stored. */
    record Converted(LstmWeights weights, String layout, boolean cudnn, long storedParams) {
    }

    private LstmWeightsReader() {
    }

    /**
     * Converts one direction's arrays.
     *
     * @param file and {@code layer} name the place in error messages
     * @throws ModelFileException when the arrays are not an LSTM's, with their names and shapes
     */
    static Converted convert(List<NamedArray> arrays, String file, String layer) {
        long stored = arrays.stream().mapToLong(NamedArray::size).sum();
        try {
            if (arrays.size() == 12) {
                return new Converted(perGate(arrays, file, layer), "keras1-per-gate", false, stored);
            }
            if (arrays.size() == 2 || arrays.size() == 3) {
                return fused(arrays, file, layer, stored);
            }
        } catch (ModelFileException e) {
            throw e;
        } catch (LstmException e) {
            throw bad(file, layer, e.getMessage() + " (arrays " + describe(arrays) + ")");
        }
        throw bad(file, layer, "expected an LSTM's 3 arrays (kernel, recurrent kernel, bias), 2 (no bias) or Keras 1's"
                + " 12 per-gate arrays, got " + arrays.size() + ": " + describe(arrays));
    }

    private static LstmWeights perGate(List<NamedArray> arrays, String file, String layer) {
        Map<String, NamedArray> byKey = new HashMap<>();
        boolean named = true;
        for (NamedArray a : arrays) {
            Matcher m = PER_GATE.matcher(a.shortName());
            if (!m.matches()) {
                named = false;
                break;
            }
            byKey.put(m.group(1) + m.group(2), a);
        }
        if (!named || byKey.size() != 12) {
            // Keras 1 writes them in trainable_weights order: i, c, f, o, each W, U, b
            byKey.clear();
            String[] order = {"i", "c", "f", "o"};
            for (int g = 0; g < 4; g++) {
                byKey.put("W" + order[g], arrays.get(3 * g));
                byKey.put("U" + order[g], arrays.get(3 * g + 1));
                byKey.put("b" + order[g], arrays.get(3 * g + 2));
            }
        }
        NamedArray wi = byKey.get("Wi");
        NamedArray ui = byKey.get("Ui");
        int in = wi.rows();
        int u = ui.rows();
        DMatrixRMaj w = new DMatrixRMaj(in, 4 * u);
        DMatrixRMaj r = new DMatrixRMaj(u, 4 * u);
        double[] b = new double[4 * u];
        for (Gate g : Gate.values()) {
            NamedArray wg = byKey.get("W" + g.symbol());
            NamedArray ug = byKey.get("U" + g.symbol());
            NamedArray bg = byKey.get("b" + g.symbol());
            expect(wg, file, layer, in, u);
            expect(ug, file, layer, u, u);
            if (bg.rank() != 1 || bg.size() != u) {
                throw bad(file, layer, "\"" + bg.name() + "\" should hold " + u + " values, has shape " + bg.shapeText());
            }
            placeBlock(wg.data(), in, u, w, g.start(u));
            placeBlock(ug.data(), u, u, r, g.start(u));
            System.arraycopy(bg.data(), 0, b, g.start(u), u);
        }
        return LstmWeights.of(w, r, b);
    }

    private static Converted fused(List<NamedArray> arrays, String file, String layer, long stored) {
        NamedArray kernel = arrays.get(0);
        NamedArray recurrent = arrays.get(1);
        NamedArray bias = arrays.size() == 3 ? arrays.get(2) : null;
        if (kernel.rank() != 2 || recurrent.rank() != 2 || (bias != null && bias.rank() != 1)) {
            throw bad(file, layer, "expected kernel (in, 4u), recurrent kernel (u, 4u) and bias (4u,), got "
                    + describe(arrays));
        }
        int u = recurrent.rows();
        int in = kernel.rows();
        if (recurrent.cols() != 4 * u || kernel.cols() != 4 * u) {
            throw bad(file, layer, "expected kernel (in, " + 4 * u + ") and recurrent kernel (" + u + ", " + 4 * u
                    + ") for " + u + " units, got " + describe(arrays));
        }
        if (bias != null && bias.size() == 8L * u) {
            return new Converted(cudnn(kernel, recurrent, bias, in, u), "cudnn", true, stored);
        }
        if (bias != null && bias.size() != 4L * u) {
            throw bad(file, layer, "bias should hold " + 4 * u + " values (or " + 8 * u + " for CuDNNLSTM), has "
                    + bias.shapeText());
        }
        DMatrixRMaj w = DMatrixRMaj.wrap(in, 4 * u, kernel.data());
        DMatrixRMaj r = DMatrixRMaj.wrap(u, 4 * u, recurrent.data());
        return new Converted(LstmWeights.of(w, r, bias == null ? null : bias.data()), "fused", false, stored);
    }

    /** Keras's own {@code _convert_rnn_weights} for CuDNNLSTM, per gate. */
    private static LstmWeights cudnn(NamedArray kernel, NamedArray recurrent, NamedArray bias, int in, int u) {
        DMatrixRMaj w = new DMatrixRMaj(in, 4 * u);
        DMatrixRMaj r = new DMatrixRMaj(u, 4 * u);
        double[] k = kernel.data();
        double[] rk = recurrent.data();
        for (Gate g : Gate.values()) {
            int c0 = g.start(u);
            // the gate's (in x u) block flattened row-major is cuDNN's (u x in) matrix; its transpose is W_g
            double[] flat = new double[in * u];
            for (int row = 0; row < in; row++) {
                System.arraycopy(k, row * 4 * u + c0, flat, row * u, u);
            }
            for (int unit = 0; unit < u; unit++) {
                for (int x = 0; x < in; x++) {
                    w.set(x, c0 + unit, flat[unit * in + x]);
                }
            }
            for (int row = 0; row < u; row++) {
                for (int col = 0; col < u; col++) {
                    r.set(col, c0 + row, rk[row * 4 * u + c0 + col]);
                }
            }
        }
        double[] b8 = bias.data();
        double[] b = new double[4 * u];
        for (int j = 0; j < 4 * u; j++) {
            b[j] = b8[j] + b8[4 * u + j];
        }
        return LstmWeights.of(w, r, b);
    }

    /**
     * Splits a Bidirectional layer's arrays into forward and backward halves: by the {@code forward_}/{@code
     * backward_} in their names where there are names, else first half forward (Keras's get_weights order).
     */
    static List<List<NamedArray>> splitDirections(List<NamedArray> arrays, String file, String layer) {
        List<NamedArray> fwd = new ArrayList<>();
        List<NamedArray> bwd = new ArrayList<>();
        for (NamedArray a : arrays) {
            if (a.name().contains("backward_layer") || a.name().contains("backward_")) {
                bwd.add(a);
            } else if (a.name().contains("forward_")) {
                fwd.add(a);
            }
        }
        if (fwd.size() + bwd.size() != arrays.size() || fwd.size() != bwd.size()) {
            if (arrays.size() % 2 != 0) {
                throw bad(file, layer, "a Bidirectional layer needs the same arrays for both directions, got "
                        + arrays.size() + ": " + describe(arrays));
            }
            fwd = new ArrayList<>(arrays.subList(0, arrays.size() / 2));
            bwd = new ArrayList<>(arrays.subList(arrays.size() / 2, arrays.size()));
        }
        return List.of(fwd, bwd);
    }

    private static void expect(NamedArray a, String file, String layer, int rows, int cols) {
        if (a.rank() != 2 || a.rows() != rows || a.cols() != cols) {
            throw bad(file, layer, "\"" + a.name() + "\" should be (" + rows + ", " + cols + "), has shape "
                    + a.shapeText());
        }
    }

    private static void placeBlock(double[] src, int rows, int u, DMatrixRMaj dst, int col0) {
        for (int row = 0; row < rows; row++) {
            System.arraycopy(src, row * u, dst.data, row * dst.numCols + col0, u);
        }
    }

    static String describe(List<NamedArray> arrays) {
        StringBuilder sb = new StringBuilder();
        for (NamedArray a : arrays) {
            sb.append(sb.length() == 0 ? "" : ", ").append(a.name()).append(' ').append(a.shapeText());
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    static ModelFileException bad(String file, String layer, String what) {
        return new ModelFileException(file + ", layer \"" + layer + "\": " + what);
    }
}
