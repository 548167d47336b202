package org.lstmlens.dsl;

import java.util.List;
import org.lstmlens.core.Band;
import org.lstmlens.core.RecurrentCell;
import org.lstmlens.model.Framework;
import org.lstmlens.render.ColorScale;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Heatmap;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.TextMatrix;

/**
 * A weight matrix of a layer (W, U, the bias as rows, or one gate's block of them), shown as a heatmap whose
 * columns are marked with the cell's blocks (LSTM i | f | c | o, GRU z | r | h, SimpleRNN's one h) where the matrix
 * holds them all. Immutable.
 */
public final class MatrixView implements Displayable {
    private final String path;
    private final String symbol;
    private final double[][] values;
    private final RecurrentCell cell; // null: the matrix is one block, or no cell's
    private final Framework names;
    private final String rowName;
    private final String note;

    private MatrixView(String path, String symbol, double[][] values, RecurrentCell cell, Framework names,
                       String rowName, String note) {
        this.path = path;
        this.symbol = symbol;
        this.values = values;
        this.cell = cell;
        this.names = names;
        this.rowName = rowName;
        this.note = note;
    }

    /** A matrix whose columns are {@code cell}'s blocks side by side, named as {@code names} names them. */
    static MatrixView blocks(String path, String symbol, double[][] values, RecurrentCell cell, Framework names,
                             String rowName, String note) {
        return new MatrixView(path, symbol, values, cell, names, rowName, note);
    }

    /** One block's matrix, or any matrix without blocks. */
    static MatrixView plain(String path, String symbol, double[][] values, String rowName, String note) {
        return new MatrixView(path, symbol, values, null, Framework.KERAS, rowName, note);
    }

    /** Rows: {@code layer.kernel().rows()} is the number of input features. */
    public int rows() {
        return values.length;
    }

    /** Columns: {@code layer.kernel().cols()} is 4 * units for an LSTM, 3 * units for a GRU. */
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
     * One gate's block of this matrix (columns {@code gate*units .. gate*units + units-1}):
     * {@code layer.kernel().gate("f")}, {@code gru.recurrentKernel().gate("reset")}.
     *
     * @throws org.lstmlens.error.NameException for a name the cell does not know
     * @throws org.lstmlens.error.LstmException if this matrix is already one gate's block
     */
    public MatrixView gate(String name) {
        if (cell == null) {
            throw new org.lstmlens.error.LstmException(path + " has no gate blocks (it is already one gate's block);"
                    + " pick a gate from the whole kernel, recurrent kernel or bias");
        }
        Band g = cell.band(name, path);
        int units = cell.units();
        double[][] block = new double[values.length][units];
        for (int r = 0; r < values.length; r++) {
            System.arraycopy(values[r], g.start(units), block[r], 0, units);
        }
        CellText text = CellText.of(cell, names);
        return plain(path + " " + text.bandNoun() + " " + g.symbol() + text.writerBeside(g), symbol + text.sub(g), block,
                rowName, null);
    }

    private List<Band> bands() {
        return cell == null ? List.of() : cell.bands();
    }

    private int units() {
        return cell == null ? 0 : cell.units();
    }

    private String shape() {
        return rows() + "x" + cols();
    }

    private String title() {
        if (cell == null) {
            return symbol + " " + shape();
        }
        if (bands().size() == 1) {
            return symbol + " " + shape() + ", one block " + bands().get(0).symbol() + " (" + cell.kind()
                    + " has no gates)";
        }
        return symbol + " " + shape() + ", gate blocks " + CellText.of(cell, names).packedBands() + " of " + units()
                + " units";
    }

    /** The heatmap alone, as SVG. */
    String svg() {
        return Heatmap.of(values).title(path + ": " + title()).bands(bands(), units()).rows(rowName).cols("unit")
                .value(symbol).scale(ColorScale.divergingFor(values)).svg();
    }

    /** The HTML of the matrix without the frame: heatmap, then the numbers. */
    String htmlBody() {
        return htmlBody(svg());
    }

    private String htmlBody(String svg) {
        return svg + HtmlTable.matrix(values, bands(), units(), rowName, "unit", ColorScale.divergingFor(values));
    }

    @Override
    public MimeBundle toMimeBundle() {
        String plain = toString() + (note == null ? "" : "\n" + note) + "\n"
                + TextMatrix.of(values, bands(), units(), rowName);
        String svg = svg();
        String html = Html.view(toString(), (note == null ? "" : Html.element("div", note)) + htmlBody(svg));
        return MimeBundle.builder(plain).html(html).svg(svg).build();
    }

    @Override
    public String toString() {
        return path + ": " + title();
    }
}
