package org.lstmlens.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.lstmlens.dsl.LayerView;
import org.lstmlens.dsl.Lstm;
import org.lstmlens.dsl.RunView;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Views that fit a notebook cell and answer a pointer, read from their markup (the browser check in the kernel's
 * notebooks test looks at the same views in Chromium): every chart has hover text on its marks, tables fold wide
 * matrices into tables of at most {@link HtmlTable#FOLD} value columns, numbers never break, the run table has no
 * empty column, and the picker's static picture shows unit 0 and timestep 0 with the numbers the table shows.
 */
class ViewsFitTest {
    private static final String SVG_NS = "http://www.w3.org/2000/svg";
    private static final Pattern ROW = Pattern.compile("<tr>(.*?)</tr>");
    private final Lstm lstm = new Lstm();

    private static double[][] random(int rows, int cols, long seed) {
        Random rnd = new Random(seed);
        double[][] m = new double[rows][cols];
        for (double[] r : m) {
            for (int c = 0; c < cols; c++) {
                r[c] = rnd.nextGaussian();
            }
        }
        return m;
    }

    /** Drawn marks (rect, path, polyline, circle) that carry a title, besides the SVG's own. */
    private static int titledMarks(String svg) {
        Document doc = XmlCheck.parse(svg);
        NodeList titles = doc.getElementsByTagNameNS(SVG_NS, "title");
        int marks = 0;
        for (int i = 0; i < titles.getLength(); i++) {
            String parent = ((Element) titles.item(i).getParentNode()).getLocalName();
            if (List.of("rect", "path", "polyline", "circle").contains(parent)) {
                marks++;
            }
        }
        return marks;
    }

    @Test
    void everyHeatmapChartAndBarHasHoverText() {
        double[][] small = random(6, 8, 1);
        double[][] big = random(300, 256, 2); // pooled, drawn as one path per colour
        assertThat(titledMarks(Heatmap.of(small).title("small").svg())).isEqualTo(48);
        String bigSvg = Heatmap.of(big).title("big").value("W").svg();
        int paths = XmlCheck.parse(bigSvg).getElementsByTagNameNS(SVG_NS, "path").getLength();
        assertThat(paths).isGreaterThan(1);
        assertThat(titledMarks(bigSvg)).as("every colour of a big map says which values it stands for")
                .isEqualTo(paths);
        assertThat(bigSvg).containsPattern("<title>mean of up to \\d+x\\d+ values from -?[0-9.e+-]+ to -?[0-9.e+-]+ "
                + "in this colour \\(\\d+ cells\\)</title>");
        assertThat(titledMarks(BarChart.of(new double[] {1, -2, 3}).svg())).isEqualTo(3);
        double[] longSeries = new double[500];
        for (int t = 0; t < longSeries.length; t++) {
            longSeries[t] = Math.sin(t / 10.0);
        }
        String line = LineChart.create().series("h[0]", longSeries).series("h[1]", longSeries).svg();
        assertThat(titledMarks(line)).as("hover strips over a 500-step chart, beside the lines' own titles")
                .isGreaterThan(100);
        assertThat(line).contains("<title>t 0: h[0] = 0, h[1] = 0</title>");
    }

    @Test
    void wideMatricesFoldIntoNarrowTablesWithEveryUnitShown() {
        for (int units : new int[] {16, 64}) {
            String html = HtmlTable.matrix(random(5, units, units), "step", "unit", ColorScale.diverging(3));
            for (String table : html.split("</table>")) {
                Matcher rows = ROW.matcher(table);
                while (rows.find()) {
                    int cells = rows.group(1).split("<t[dh] ", -1).length - 1;
                    assertThat(cells).as("cells in a row of a folded table of %d units", units)
                            .isLessThanOrEqualTo(HtmlTable.FOLD + 1);
                }
            }
            for (int k = 0; k < units; k++) {
                assertThat(html).as("unit %d of %d has its column", k, units).contains(">unit " + k + "</th>");
            }
            assertThat(html).doesNotContain("showing");
        }
    }

    @Test
    void numbersNeverWrap() {
        String html = HtmlTable.matrix(random(3, 4, 5), "x", "unit", ColorScale.diverging(3));
        Matcher td = Pattern.compile("<td style=\"([^\"]*)\"").matcher(html);
        int n = 0;
        while (td.find()) {
            assertThat(td.group(1)).contains("white-space:nowrap");
            n++;
        }
        assertThat(n).isEqualTo(12);
        String vector = HtmlTable.table(List.of("h"), List.of(List.of("0", "[0.824841, -1, 0.5]")));
        assertThat(vector).contains("<span style=\"white-space:nowrap\">[0.824841,</span> <span "
                + "style=\"white-space:nowrap\">-1,</span> <span style=\"white-space:nowrap\">0.5]</span>");
        assertThat(Html.pre("z = 0.824841 + 1")).contains("word-break:normal;overflow-wrap:normal");
    }

    @Test
    void theRunTableHasNoEmptyColumnAndSaysWhichStepIsMasked() {
        RunView run = lstm.random(2, 3, 1).run(new double[][][] {{{1, 2}, {3, 4}, {5, 6}}},
                new boolean[][] {{true, false, true}});
        String html = run.toMimeBundle().get(MimeBundle.TEXT_HTML);
        assertThat(html).doesNotContain("\"></th><th").contains(">step</th>").contains(">1 (masked)</th>");
    }

    @Test
    void thePickersStaticPictureIsUnitZeroAndTimestepZeroWithAllValuesForTheScript() {
        double[][] h = random(4, 16, 9);
        String html = Picker.of(h).rows("step", "s").cols("unit").value("h").html();
        XmlCheck.parse(html);
        List<String> column = new ArrayList<>();
        Matcher m = Pattern.compile("s=(\\d+): <b>([^<]*)</b>").matcher(html);
        while (m.find()) {
            column.add(m.group(2));
        }
        List<String> expected = new ArrayList<>();
        for (double[] row : h) {
            expected.add(Num.format(row[0]));
        }
        assertThat(column).isEqualTo(expected);
        assertThat(html).contains("<b>" + Num.format(h[0][15]) + "</b>"); // timestep 0 across all 16 units
        assertThat(html).contains("\"" + Num.format(h[3][15]) + "\"]]"); // the last value, for the script
    }

    @Test
    void aLayerOf64UnitsRunsIntoViewsThatFit() {
        LayerView layer = lstm.random(3, 64, 4);
        RunView run = layer.run(random(20, 3, 3));
        String gate = run.gate("f").toMimeBundle().get(MimeBundle.TEXT_HTML);
        XmlCheck.parse(gate);
        assertThat(gate).contains("lstmlens-pick").contains(">unit 63</th>");
        XmlCheck.parse(run.toMimeBundle().get(MimeBundle.TEXT_HTML));
    }
}
