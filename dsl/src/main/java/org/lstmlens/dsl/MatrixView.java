package org.lstmlens.dsl;

import org.lstmlens.core.Gate;
import org.lstmlens.render.ColorScale;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Heatmap;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.TextMatrix;

/**
 * A weight matrix of a layer (W, U, b as one row, or one gate's block of them), shown as a heatmap whose columns
 * are marked with the gate blocks i | f | c | o where the matrix has all four. Immutable.
 */
public final class MatrixView implements Displayable {
    private final String path;
    private final String symbol;
    private final double[][] values;
    private final int gateUnits;
    private final String rowName;
    private final String note;

    MatrixView(String path, String symbol, double[][] values, int gateUnits, String rowName, String note) {
        this.path = path;
        this.symbol = symbol;
        this.values = values;
        this.gateUnits = gateUnits;
        this.rowName = rowName;
        this.note = note;
    }

    /** Rows: {@code layer.kernel().rows()} is the number of input features. */
    public int rows() {
        return values.length;
    }

    /** Columns: {@code layer.kernel().cols()} is 4 * units. */
    public int cols() {
        return values[0].length;
    }

    /**
     * One value: {@code layer.kernel().get(0, 5)}.
     *
     * @throws org.lstmlens.error.ShapeException if row or col is out of range
     */
    public double get(int row, int col) {
        Check.index("row", row, rows(), path);
        Check.index("column", col, cols(), path);
        return values[row][col];
    }

    /** The values, {@code [row][col]} (a copy): {@code double[][] w = layer.kernel().toArray();}. */
    public double[][] toArray() {
        double[][] out = new double[values.length][];
        for (int r = 0; r < values.length; r++) {
            out[r] = values[r].clone();
        }
        return out;
    }

    /**
     * One gate's block of this matrix (columns {@code gate*units .. gate*units + units-1}): {@code layer.kernel().gate("f")}.
     *
     * @throws org.lstmlens.error.NameException for an unknown gate name
     * @throws org.lstmlens.error.LstmException if this matrix is already one gate's block
     */
    public MatrixView gate(String name) {
        if (gateUnits == 0) {
            throw new org.lstmlens.error.LstmException(path + " has no gate blocks (it is already one gate's block);"
                    + " pick a gate from the whole kernel, recurrent kernel or bias");
        }
        Gate g = Gate.parse(name, path);
        double[][] block = new double[values.length][gateUnits];
        for (int r = 0; r < values.length; r++) {
            System.arraycopy(values[r], g.start(gateUnits), block[r], 0, gateUnits);
        }
        return new MatrixView(path + " gate " + g.symbol(), symbol + "_" + g.symbol(), block, 0, rowName, null);
    }

    private String shape() {
        return rows() + "x" + cols();
    }

    private String title() {
        return symbol + " " + shape() + (gateUnits > 0 ? ", gate blocks i | f | c | o of " + gateUnits + " units" : "");
    }

    /** The heatmap alone, as SVG. */
    String svg() {
        return Heatmap.of(values).title(path + ": " + title()).gates(gateUnits).rows(rowName).cols("unit")
                .value(symbol).scale(ColorScale.divergingFor(values)).svg();
    }

    /** The HTML of the matrix without the frame: heatmap, then the numbers. */
    String htmlBody() {
        return htmlBody(svg());
    }

    private String htmlBody(String svg) {
        return svg + HtmlTable.matrix(values, gateUnits, rowName, "unit", ColorScale.divergingFor(values));
    }

    @Override
    public MimeBundle toMimeBundle() {
        String plain = toString() + (note == null ? "" : "\n" + note) + "\n" + TextMatrix.of(values, gateUnits, rowName);
        String svg = svg();
        String html = Html.view(toString(), (note == null ? "" : Html.element("div", note)) + htmlBody(svg));
        return MimeBundle.builder(plain).html(html).svg(svg).build();
    }

    @Override
    public String toString() {
        return path + ": " + title();
    }
}
