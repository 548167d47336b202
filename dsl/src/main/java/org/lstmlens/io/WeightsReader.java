package org.lstmlens.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ejml.data.DMatrixRMaj;
import org.lstmlens.core.Activation;
import org.lstmlens.core.Band;
import org.lstmlens.core.Rnn;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ModelFileException;

/**
 * The one seam where a recurrent direction's arrays, in any file layout, become the canonical
 * {@link org.lstmlens.core.CellWeights} of its cell, and its config becomes the cell: one subclass per cell kind
 * ({@link LstmWeightsReader}, {@link GruWeightsReader}, {@link SimpleRnnWeightsReader}). What every kind shares is
 * here (../shared/notes/KERAS_FORMATS.md section 6 and Part 2):
 * <ul>
 *   <li>Keras 1 per-gate arrays ({@code W_g, U_g, b_g} per gate g, in the kind's stored order), matched by name
 *       suffix with or without {@code :0}, else by position;</li>
 *   <li>the fused layout of Keras 1 {@code consume_less='gpu'}, Keras 2, tf.keras and Keras 3: kernel (in, bands*u),
 *       recurrent kernel (u, bands*u), then a bias whose shape each kind reads for itself (absent with
 *       use_bias=False);</li>
 *   <li>cuDNN's raw blocks (CuDNNLSTM, CuDNNGRU): each gate's kernel block flattened row-major is cuDNN's (u, in)
 *       matrix, {@code W_g = k_g.reshape(u, in).T}, and {@code U_g = rk_g.T} (Keras's {@code _convert_rnn_weights}).
 *   </li>
 * </ul>
 */
abstract class WeightsReader {

    /**
     * One direction's canonical weights and how the file stored them.
     *
     * @param layout e.g. {@code keras1-per-gate}, {@code fused}, {@code cudnn}
     * @param cudnn whether the arrays were cuDNN's (the layer is then a CuDNN layer whatever the config calls it)
     * @param storedParams the values the file holds, which Keras counts (a CuDNNLSTM's 8u bias included)
     * @param resetAfter for a GRU, what its bias shape says about reset_after; null when the shape cannot say
     */
    record Converted(org.lstmlens.core.CellWeights weights, String layout, boolean cudnn, long storedParams,
                     Boolean resetAfter) {
    }

    /** The cell kind this reader converts. */
    abstract CellKind kind();

    /** The bands in canonical order (their symbols name Keras 1's per-gate arrays). */
    abstract List<? extends Band> bands();

    /** Keras 1's per-gate arrays' gate order in the file, or null when the kind has no per-gate layout. */
    abstract String[] keras1Order();

    /** What Keras 1's per-gate layout says about reset_after: null, except for a GRU (false: Keras 1 had no other). */
    Boolean keras1ResetAfter() {
        return null;
    }

    /**
     * The canonical weights from the fused layout's arrays, the bias read as this kind stores it.
     *
     * @param bias the third array, or null without bias
     */
    abstract Converted fused(NamedArray kernel, NamedArray recurrent, NamedArray bias, int in, int u, String file,
                             String layer, long stored);

    /** The canonical weights from per-gate blocks in band order (kernel in x bands*u, recurrent u x bands*u). */
    abstract org.lstmlens.core.CellWeights perGateWeights(DMatrixRMaj kernel, DMatrixRMaj recurrent, double[] bias);

    /**
     * The layer: this kind's cell on the converted weights, activations (and, for a GRU, reset_after) from the
     * cell's config or, where it is silent, the era's defaults, each default said in {@code assumptions}.
     *
     * @param cell the config of the cell (the layer's own config, or the config of RNN's cell)
     * @throws ModelFileException when the config and the weights disagree, naming file, layer and what is valid
     */
    abstract Rnn layer(String name, Converted w, Json cell, KerasEra era, Assumptions assumptions, String file,
                       boolean returnSequences, boolean goBackwards);

    /** What the layer's arrays should look like, for messages: {@code kernel (in, 3u), ...}. */
    abstract String expected();

    /**
     * Converts one direction's arrays.
     *
     * @param file and {@code layer} name the place in error messages
     * @throws ModelFileException when the arrays are not this kind's, with their names and shapes and what is valid
     */
    final Converted convert(List<NamedArray> arrays, String file, String layer) {
        long stored = arrays.stream().mapToLong(NamedArray::size).sum();
        int perGate = 3 * bands().size();
        try {
            if (keras1Order() != null && arrays.size() == perGate) {
                return new Converted(perGate(arrays, file, layer), "keras1-per-gate", false, stored, keras1ResetAfter());
            }
            if (arrays.size() == 2 || arrays.size() == 3) {
                return fused(arrays, file, layer, stored);
            }
        } catch (ModelFileException e) {
            throw e;
        } catch (LstmException e) {
            throw bad(file, layer, e.getMessage() + " (arrays " + describe(arrays) + ")");
        }
        throw bad(file, layer, "expected a " + kind().layerClass() + "'s " + expected() + ", got " + arrays.size()
                + (arrays.isEmpty() ? "" : ": " + describe(arrays)));
    }

    private Converted fused(List<NamedArray> arrays, String file, String layer, long stored) {
        NamedArray kernel = arrays.get(0);
        NamedArray recurrent = arrays.get(1);
        NamedArray bias = arrays.size() == 3 ? arrays.get(2) : null;
        int n = bands().size();
        String nu = n == 1 ? "u" : n + "u";
        if (kernel.rank() != 2 || recurrent.rank() != 2) {
            throw bad(file, layer, "expected " + kind().layerClass() + " kernel (in, " + nu + ") and recurrent kernel (u, "
                    + nu + "), got " + describe(arrays));
        }
        int u = recurrent.rows();
        int in = kernel.rows();
        if (recurrent.cols() != n * u || kernel.cols() != n * u) {
            throw bad(file, layer, "expected kernel (in, " + n * u + ") and recurrent kernel (" + u + ", " + n * u
                    + ") for a " + kind().layerClass() + " of " + u + " units (the recurrent kernel's rows), got "
                    + describe(arrays));
        }
        return fused(kernel, recurrent, bias, in, u, file, layer, stored);
    }

    private org.lstmlens.core.CellWeights perGate(List<NamedArray> arrays, String file, String layer) {
        List<? extends Band> bands = bands();
        StringBuilder letters = new StringBuilder();
        bands.forEach(b -> letters.append(b.symbol()));
        Pattern named = Pattern.compile(".*_([WUb])_([" + letters + "])$");
        Map<String, NamedArray> byKey = new HashMap<>();
        for (NamedArray a : arrays) {
            Matcher m = named.matcher(a.shortName());
            if (!m.matches()) {
                break;
            }
            byKey.put(m.group(1) + m.group(2), a);
        }
        if (byKey.size() != arrays.size()) {
            // Keras 1 writes them in trainable_weights order: the kind's gate order, each W, U, b
            byKey.clear();
            String[] order = keras1Order();
            for (int g = 0; g < order.length; g++) {
                byKey.put("W" + order[g], arrays.get(3 * g));
                byKey.put("U" + order[g], arrays.get(3 * g + 1));
                byKey.put("b" + order[g], arrays.get(3 * g + 2));
            }
        }
        String first = bands.get(0).symbol();
        int in = byKey.get("W" + first).rows();
        int u = byKey.get("U" + first).rows();
        int n = bands.size();
        DMatrixRMaj w = new DMatrixRMaj(in, n * u);
        DMatrixRMaj r = new DMatrixRMaj(u, n * u);
        double[] b = new double[n * u];
        for (Band g : bands) {
            NamedArray wg = byKey.get("W" + g.symbol());
            NamedArray ug = byKey.get("U" + g.symbol());
            NamedArray bg = byKey.get("b" + g.symbol());
            expect(wg, file, layer, in, u);
            expect(ug, file, layer, u, u);
            if (bg.rank() != 1 || bg.size() != u) {
                throw bad(file, layer, "\"" + bg.name() + "\" should hold " + u + " values (units, from \"" + ug.name()
                        + "\"), has shape " + bg.shapeText());
            }
            placeBlock(bg.data(), 1, u, b, n * u, g.start(u));
            placeBlock(wg.data(), in, u, w.data, n * u, g.start(u));
            placeBlock(ug.data(), u, u, r.data, n * u, g.start(u));
        }
        return perGateWeights(w, r, b);
    }

    /**
     * Keras's own {@code _convert_rnn_weights} for cuDNN's kernels, per gate block: {@code W_g = k_g.reshape(u, in).T},
     * {@code U_g = rk_g.T}. The block order (i, f, c, o; z, r, h) is the file's and stays.
     *
     * @return the kernel (in x bands*u) and the recurrent kernel (u x bands*u)
     */
    static DMatrixRMaj[] cudnnKernels(NamedArray kernel, NamedArray recurrent, int bands, int in, int u) {
        int n = bands * u;
        DMatrixRMaj w = new DMatrixRMaj(in, n);
        DMatrixRMaj r = new DMatrixRMaj(u, n);
        double[] k = kernel.data();
        double[] rk = recurrent.data();
        for (int g = 0; g < bands; g++) {
            int c0 = g * u;
            // the gate's (in x u) block flattened row-major is cuDNN's (u x in) matrix; its transpose is W_g
            double[] flat = new double[in * u];
            for (int row = 0; row < in; row++) {
                System.arraycopy(k, row * n + c0, flat, row * u, u);
            }
            for (int unit = 0; unit < u; unit++) {
                for (int x = 0; x < in; x++) {
                    w.set(x, c0 + unit, flat[unit * in + x]);
                }
            }
            for (int row = 0; row < u; row++) {
                for (int col = 0; col < u; col++) {
                    r.set(col, c0 + row, rk[row * n + c0 + col]);
                }
            }
        }
        return new DMatrixRMaj[] {w, r};
    }

    /** The cell's activation ({@code activation}, tanh when the config is silent, as in every era). */
    static Activation activation(Json cell, KerasEra era, String file, String layer) {
        return parse(cell.str("activation", "tanh"), era, file, layer);
    }

    /**
     * The gates' activation: {@code recurrent_activation} (Keras 1: {@code inner_activation}), else the era's default,
     * said in {@code assumptions}.
     */
    static Activation recurrentActivation(Json cell, KerasEra era, Assumptions assumptions, String file,
                                          String layer) {
        String r = cell.str("recurrent_activation", cell.str("inner_activation", null));
        if (r == null) {
            r = era.defaultRecurrentActivation();
            assumptions.add("layer \"" + layer + "\": the config names no recurrent activation; assumed " + r
                    + ", the default of " + era.label());
        }
        return parse(r, era, file, layer);
    }

    private static Activation parse(String name, KerasEra era, String file, String layer) {
        try {
            return Activation.parse(name, era.hardSigmoid());
        } catch (LstmException e) {
            throw bad(file, layer, e.getMessage());
        }
    }

    /** The units a config states ({@code units}; Keras 1 {@code output_dim}), checked against the weights'. */
    static void checkUnits(Json cell, int units, String kind, String file, String layer) {
        int said = cell.integer("units", cell.integer("output_dim", units));
        if (said != units) {
            throw bad(file, layer, "the config says " + said + " units but the weights hold " + units + " (a " + kind
                    + " whose recurrent kernel has " + units + " rows)");
        }
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

    /** Copies a rows x u block into the columns from col0 of a row-major matrix of {@code width} columns. */
    private static void placeBlock(double[] src, int rows, int u, double[] dst, int width, int col0) {
        for (int row = 0; row < rows; row++) {
            System.arraycopy(src, row * u, dst, row * width + col0, u);
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
