package org.lstmlens.dsl;

import java.util.List;
import org.lstmlens.core.ParamCount;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;

/**
 * The parameters of one LSTM direction as Keras counts them, with the breakdown (kernel, recurrent kernel, bias)
 * and the formula {@code 4*(features*units + units*units + units)} written with the numbers. Immutable.
 */
public final class ParamsView implements Displayable {
    private final ParamCount count;
    private final String path;

    ParamsView(ParamCount count, String path) {
        this.count = count;
        this.path = path;
    }

    /**
     * All parameters: {@code lstm.params(2, 1).total()} is 16.
     */
    public long total() {
        return count.total();
    }

    /** The kernel W's share, {@code features * 4u}: {@code lstm.params(2, 1).kernel()} is 8. */
    public long kernel() {
        return count.kernel();
    }

    /** The recurrent kernel U's share, {@code units * 4u}: {@code lstm.params(2, 1).recurrentKernel()} is 4. */
    public long recurrentKernel() {
        return count.recurrentKernel();
    }

    /** The bias's share, {@code 4u} or 0 without a bias: {@code lstm.params(2, 1).bias()} is 4. */
    public long bias() {
        return count.bias();
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

    private List<List<String>> rows() {
        int f = features();
        int u = units();
        return List.of(
                List.of("kernel W", f + " x " + 4 * u, f + "*4*" + u, Num.count(kernel())),
                List.of("recurrent kernel U", u + " x " + 4 * u, u + "*4*" + u, Num.count(recurrentKernel())),
                List.of("bias b", hasBias() ? String.valueOf(4 * u) : "none (use_bias=False)", hasBias() ? "4*" + u
                        : "0", Num.count(bias())),
                List.of("total", "", "4*(" + f + "*" + u + " + " + u + "*" + u + (hasBias() ? " + " + u : "") + ")",
                        Num.count(total())));
    }

    @Override
    public MimeBundle toMimeBundle() {
        StringBuilder text = new StringBuilder(toString()).append('\n');
        for (List<String> r : rows()) {
            text.append(String.format("  %-20s %-22s %-18s %s\n", r.get(0), r.get(1), r.get(2), r.get(3)));
        }
        text.append("  ").append(formula());
        String html = Html.view(toString(), HtmlTable.table(List.of("", "shape", "count", "parameters"), rows())
                + Html.pre(formula() + "   (4 gates i, f, c, o; each has features*units + units*units"
                + (hasBias() ? " + units" : "") + ")"));
        return MimeBundle.builder(text.toString()).html(html).build();
    }

    @Override
    public String toString() {
        return path + ": " + Num.count(total()) + " parameters" + (hasBias() ? "" : " (no bias)");
    }
}
