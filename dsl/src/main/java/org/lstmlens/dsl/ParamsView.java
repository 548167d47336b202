package org.lstmlens.dsl;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.core.Band;
import org.lstmlens.core.ParamCount;
import org.lstmlens.model.Framework;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;

/**
 * The parameters of one recurrent direction as Keras counts them, with the breakdown (kernel, recurrent kernel, input
 * bias, recurrent bias) and the formula written with the numbers: LSTM {@code 4*(features*units + units*units + units)},
 * GRU {@code 3*(... + units)} or with reset_after=True {@code 3*(... + 2*units)}, SimpleRNN
 * {@code features*units + units*units + units}. Immutable.
 */
public final class ParamsView implements Displayable {
    private final ParamCount count;
    private final String path;
    private final List<Band> bands;
    private final Framework names;

    ParamsView(ParamCount count, String path, List<Band> bands) {
        this(count, path, bands, Framework.KERAS);
    }

    /** @param names the framework that wrote the layer: its names for the biases and its way of counting */
    ParamsView(ParamCount count, String path, List<Band> bands, Framework names) {
        this.count = count;
        this.path = path;
        this.bands = List.copyOf(bands);
        this.names = names;
    }

    /**
     * All parameters: {@code lstm.params(2, 1).total()} is 16.
     */
    public long total() {
        return count.total();
    }

    /** The kernel W's share, {@code features * bands*u}: {@code lstm.params(2, 1).kernel()} is 8. */
    public long kernel() {
        return count.kernel();
    }

    /** The recurrent kernel U's share, {@code units * bands*u}: {@code lstm.params(2, 1).recurrentKernel()} is 4. */
    public long recurrentKernel() {
        return count.recurrentKernel();
    }

    /**
     * The biases' share, {@code bands*u} per bias vector (two for a GRU with reset_after=True), 0 without a bias:
     * {@code lstm.params(2, 1).bias()} is 4.
     */
    public long bias() {
        return count.bias();
    }

    /** The input bias b's share: {@code lstm.gruParams(6, 4, true).inputBias()} is 12. */
    public long inputBias() {
        return count.hasBias() ? count.bias() / count.biasVectors() : 0;
    }

    /** The recurrent bias b''s share, 0 unless a GRU keeps it apart: {@code lstm.gruParams(6, 4, true).recurrentBias()} is 12. */
    public long recurrentBias() {
        return count.biasVectors() == 2 ? count.bias() / 2 : 0;
    }

    /** Input features per timestep: {@code lstm.params(2, 1).features()} is 2. */
    public int features() {
        return count.features();
    }

    /** Units: {@code lstm.params(2, 1).units()} is 1. */
    public int units() {
        return count.units();
    }

    /** Whether a bias is counted: {@code lstm.params(2, 1, false).hasBias()} is false. */
    public boolean hasBias() {
        return count.hasBias();
    }

    /** The formula with the numbers: {@code lstm.params(2, 1).formula()} is {@code 4*(2*1 + 1*1 + 1) = 16}. */
    public String formula() {
        return count.formula();
    }

    /** The core count behind this view. */
    public ParamCount count() {
        return count;
    }

    /** {@code 4*u}, or {@code u} for a cell of one block. */
    private String width(String what) {
        return count.bands() == 1 ? what : count.bands() + "*" + what;
    }

    private List<List<String>> rows() {
        int f = features();
        int u = units();
        int n = count.bands() * u;
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("kernel W", f + " x " + n, f + "*" + width(String.valueOf(u)), Num.count(kernel())));
        int h = count.outputSize(); // the h fed back: p values where an LSTM projects
        rows.add(List.of("recurrent kernel U", h + " x " + n, h + "*" + width(String.valueOf(u)),
                Num.count(recurrentKernel())));
        if (count.biasVectors() == 2) {
            boolean torch = names == Framework.PYTORCH;
            rows.add(List.of("input bias b" + (torch ? " (bias_ih)" : ""), String.valueOf(n), width(String.valueOf(u)),
                    Num.count(inputBias())));
            rows.add(List.of("recurrent bias b'" + (torch ? " (bias_hh)" : ""), String.valueOf(n),
                    width(String.valueOf(u)), Num.count(recurrentBias())));
        } else {
            rows.add(List.of("bias b", hasBias() ? String.valueOf(n) : "none (use_bias=False)", hasBias()
                    ? width(String.valueOf(u)) : "0", Num.count(bias())));
        }
        if (count.peephole() > 0) {
            rows.add(List.of("peepholes P (i, f, o)", "3 x " + u, "3*" + u, Num.count(count.peephole())));
        }
        if (count.projection() > 0) {
            rows.add(List.of("projection P" + (names == Framework.PYTORCH ? " (weight_hr)" : ""), u + " x " + h, u + "*"
                    + h, Num.count(count.projectionWeights())));
        }
        String formula = formula();
        rows.add(List.of("total", "", formula.substring(0, formula.lastIndexOf(" = ")), Num.count(total())));
        return rows;
    }

    /** {@code 4 gates i, f, c, o; each has features*units + units*units + units}. */
    private String perBand() {
        String each = "features*units + units*units" + (count.biasVectors() == 2 ? " + 2*units (input and recurrent"
                + " bias)" : hasBias() ? " + units" : "");
        if (bands.size() == 1) {
            return "one block " + bands.get(0).symbol() + ", no gates: " + each;
        }
        List<String> symbols = new ArrayList<>();
        bands.forEach(b -> symbols.add(b.symbol()));
        return bands.size() + " gates " + String.join(", ", symbols) + "; each has " + each;
    }

    @Override
    public MimeBundle toMimeBundle() {
        StringBuilder text = new StringBuilder(toString()).append('\n');
        List<List<String>> rows = rows();
        int label = Math.max(20, rows.stream().mapToInt(r -> r.get(0).length()).max().orElse(0));
        for (List<String> r : rows) {
            text.append(String.format("  %-" + label + "s %-22s %-18s %s\n", r.get(0), r.get(1), r.get(2), r.get(3)));
        }
        text.append("  ").append(formula());
        String html = Html.view(toString(), HtmlTable.table(List.of("", "shape", "count", "parameters"), rows())
                + Html.pre(formula() + "   (" + perBand() + ")"));
        return MimeBundle.builder(text.toString()).html(html).build();
    }

    @Override
    public String toString() {
        return path + ": " + Num.count(total()) + " parameters" + (hasBias() ? "" : " (no bias)")
                + (names == Framework.KERAS ? "" : " (as " + names.title() + " counts them: sum(p.numel()), both biases)");
    }
}
