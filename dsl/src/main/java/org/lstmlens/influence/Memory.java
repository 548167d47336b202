package org.lstmlens.influence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.lstmlens.core.Band;
import org.lstmlens.core.Gate;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.core.Trace;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Heatmap;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;

/**
 * The memory a cell's keeping gate holds. An LSTM's forget gate: of what step s wrote into the cell state of unit k
 * ({@code i * g}), the fraction still there after the last step is {@code f[s+1] * f[s+2] * ... * f[last]}. A GRU's
 * update gate: {@code h = z * h_prev + (1 - z) * hh}, so of what step s wrote into h ({@code (1 - z) * hh}) the
 * fraction left is {@code z[s+1] * ... * z[last]} (KERAS_FORMATS.md Part 2 §8). A masked step carries the state:
 * factor 1. A SimpleRNN has no such gate (its h is rewritten at every step), so it has no gate memory: the gradient
 * views of {@link Influence} show how far back it reaches. Read as lags from the last step (its own write is lag 0, {@code t}; t-1 with {@link #predictsNextStep()}),
 * per unit, and summarised as the mean over units and sequences. The effective horizon is the largest lag whose
 * summary survival is still at least the threshold. Immutable.
 */
public final class Memory implements Displayable {
    private static final double DEFAULT_THRESHOLD = 0.1;

    private final Rnn layer;
    private final Band keep;
    private final double[][][] survival; // [sample][steps before the last][unit]
    private final int[] units;           // the units summarised
    private final double threshold;
    private final int shift;             // 1 when lags are read as a forecast (the last step is t-1)

    private Memory(Rnn layer, Band keep, double[][][] survival, int[] units, double threshold, int shift) {
        this.layer = layer;
        this.keep = keep;
        this.survival = survival;
        this.units = units;
        this.threshold = threshold;
        this.shift = shift;
    }

    /** The gate memory of {@code layer} on {@code x}, zero initial state, no mask. */
    public static Memory of(Rnn layer, SequenceBatch x) {
        return of(layer, x, null);
    }

    /**
     * The gate memory of {@code layer} on {@code x}: the forget gate's for an LSTM, the update gate's for a GRU.
     *
     * @param mask null, or {@code mask[sample][timestep]}; masked steps carry the state (factor 1)
     * @throws ShapeException if the input or mask does not fit the layer
     * @throws LstmException for a cell without a keeping gate (SimpleRNN), saying what to look at instead
     */
    public static Memory of(Rnn layer, SequenceBatch x, boolean[][] mask) {
        Objects.requireNonNull(layer, "layer");
        Band keep = keepingGate(layer);
        Trace tr = layer.run(x, mask, null, true).trace().orElseThrow();
        int steps = tr.steps();
        int u = tr.units();
        double[][][] surv = new double[tr.batch()][steps][u];
        for (int b = 0; b < tr.batch(); b++) {
            for (int k = 0; k < u; k++) {
                double kept = 1;
                for (int s = steps - 1; s >= 0; s--) {
                    surv[b][steps - 1 - s][k] = kept;
                    if (tr.active(b, s)) {
                        kept *= tr.gate(b, s, keep, k);
                    }
                }
            }
        }
        return new Memory(layer, keep, surv, IntStream.range(0, u).toArray(), DEFAULT_THRESHOLD, 0);
    }

    private static Band keepingGate(Rnn layer) {
        if (layer.cell().keepingGate().isPresent()) {
            return layer.cell().keepingGate().get();
        }
        throw new LstmException("layer \"" + layer.name() + "\" (" + layer.cell().kind() + ") has no gate that keeps"
                + " its state, so it has no gate memory: its h is rewritten at every step by "
                + String.join("; ", layer.cell().equations()) + ". How far back its output reaches: the influence"
                + " views (influence(x).byTimestep(), gradients through time)");
    }

    /** What the memory is of: the state an LSTM's forget gate keeps (c) or a GRU's update gate keeps (h). */
    private String gateName() {
        return keep.title().replace(' ', '-');
    }

    private String stateName() {
        return keep == Gate.F ? "cell state" : "state h";
    }

    /**
     * The same memory with another horizon threshold.
     *
     * @throws LstmException unless {@code 0 < value < 1}
     */
    public Memory threshold(double value) {
        if (!(value > 0 && value < 1)) {
            throw new LstmException("memory threshold " + value + ": expected a fraction strictly between 0 and 1, "
                    + "e.g. 0.1 for \"less than 10 % left\"");
        }
        return new Memory(layer, keep, survival, units, value, shift);
    }

    /**
     * The memory of one unit alone (the per-unit drill-down).
     *
     * @throws ShapeException if the unit does not exist
     */
    public Memory unit(int unit) {
        if (unit < 0 || unit >= layer.units()) {
            throw new ShapeException("unit " + unit + " of layer \"" + layer.name() + "\" is out of range; valid: 0.."
                    + (layer.units() - 1));
        }
        return new Memory(layer, keep, survival, new int[] {unit}, threshold, shift);
    }

    /**
     * Reads lags as a forecast, like {@link Influence#predictsNextStep()}: the last step's write is t-1. Lags given to
     * and returned by this view shift by one.
     */
    public Memory predictsNextStep() {
        return new Memory(layer, keep, survival, units, threshold, 1);
    }

    /** The first lag (0, or 1 for a forecast). */
    public int firstLag() {
        return shift;
    }

    /** The last lag (the first step's write). */
    public int lastLag() {
        return shift + steps() - 1;
    }

    /** Timesteps of the run. */
    public int steps() {
        return survival[0].length;
    }

    /**
     * What fraction of the state (an LSTM's c, a GRU's h) that one sample's unit wrote {@code lag} steps before the last survives.
     *
     * @throws ShapeException if an index is out of range
     */
    public double survival(int sample, int lag, int unit) {
        check("sample", sample, survival.length);
        checkLag(lag);
        check("unit", unit, layer.units());
        return survival[sample][lag - shift][unit];
    }

    /** The mean survival over the summarised units and the sequences, {@code lag} steps before the last. */
    public double survival(int lag) {
        checkLag(lag);
        double sum = 0;
        for (double[][] sample : survival) {
            for (int k : units) {
                sum += sample[lag - shift][k];
            }
        }
        return sum / (survival.length * units.length);
    }

    /** The largest lag whose summary survival is at least the threshold (the last lag if nothing is forgotten). */
    public int horizon() {
        int lag = firstLag();
        while (lag < lastLag() && survival(lag + 1) >= threshold) {
            lag++;
        }
        return lag;
    }

    /** Whether even the first step's write survives at or above the threshold: the horizon lies beyond the window. */
    public boolean remembersWholeWindow() {
        return survival(lastLag()) >= threshold;
    }

    /** Each summarised unit's own horizon (mean over the sequences). */
    public int[] unitHorizons() {
        return IntStream.of(units).map(k -> unit(k).horizon()).toArray();
    }

    /** The survival below which the horizon counts a write as forgotten. */
    public double threshold() {
        return threshold;
    }

    private String horizonText() {
        String pct = Text.percent(threshold);
        return remembersWholeWindow()
                ? "remembers beyond the window: " + Text.lag(lastLag()) + " still " + Text.percent(survival(lastLag()))
                        + " (threshold " + pct + ")"
                : "horizon " + Text.lag(horizon()) + " (survival below " + pct + " from " + Text.lag(horizon() + 1) + ")";
    }

    private String scope() {
        return units.length == 1 ? "unit " + units[0] : "mean of " + units.length + " units";
    }

    @Override
    public MimeBundle toMimeBundle() {
        String text = gateName() + " memory of \"" + layer.name() + "\" (" + scope() + "): "
                + IntStream.rangeClosed(firstLag(), lastLag()).mapToObj(l -> Text.lag(l) + ": " + Text.percent(survival(l)))
                .collect(Collectors.joining(", ")) + "; " + horizonText();
        List<List<String>> rows = new ArrayList<>();
        for (int lag = firstLag(); lag <= lastLag(); lag++) {
            double min = 1;
            double max = 0;
            for (int k : units) {
                Memory one = unit(k);
                min = Math.min(min, one.survival(lag));
                max = Math.max(max, one.survival(lag));
            }
            rows.add(List.of(Text.lag(lag), Text.percent(survival(lag)), Text.percent(min), Text.percent(max)));
        }
        String caption = "share of the " + stateName() + " written at each lag that survives to the last step, " + scope()
                + "; " + horizonText();
        String table = HtmlTable.table(List.of("lag", "survival", "min unit", "max unit"), rows);
        String[] lagLabels = IntStream.rangeClosed(firstLag(), lastLag()).mapToObj(Text::lag).toArray(String[]::new);
        String[] unitLabels = IntStream.of(units).mapToObj(k -> "u" + k).toArray(String[]::new);
        double[][] grid = new double[steps()][units.length];
        for (int lag = firstLag(); lag <= lastLag(); lag++) {
            for (int i = 0; i < units.length; i++) {
                grid[lag - shift][i] = unit(units[i]).survival(lag);
            }
        }
        String svg = Heatmap.of(grid).title((keep == Gate.F ? "cell-state" : "h") + " survival: lag x unit")
                .rowLabels(lagLabels)
                .colLabels(unitLabels).cols("unit").value("survival").scale(Text.scale(grid, false)).svg();
        return MimeBundle.builder(text).html(Html.view(caption, table + svg)).svg(svg).build();
    }

    private void checkLag(int lag) {
        if (lag < firstLag() || lag > lastLag()) {
            throw new ShapeException("lag " + lag + " is outside the input; valid lags: " + firstLag() + ".."
                    + lastLag() + " (" + Text.lag(firstLag()) + " to " + Text.lag(lastLag()) + ")");
        }
    }

    private static void check(String what, int i, int n) {
        if (i < 0 || i >= n) {
            throw new ShapeException(what + " " + i + " is out of range; valid: 0.." + (n - 1));
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Memory[%s, %s, %d steps, %s]", layer.name(), scope(), steps(),
                horizonText());
    }
}
