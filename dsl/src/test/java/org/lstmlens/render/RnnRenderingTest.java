package org.lstmlens.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lstmlens.dsl.LayerView;
import org.lstmlens.dsl.Lstm;
import org.lstmlens.dsl.RunView;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * GRU and SimpleRNN views render as LSTM views do: text/plain starting with the one-line toString, HTML and SVG that
 * parse as XML, and weight heatmaps and tables marked with the cell's own blocks (GRU z | r | h, SimpleRNN one h),
 * never LSTM's i | f | c | o.
 */
class RnnRenderingTest {
    private static final String SVG_NS = "http://www.w3.org/2000/svg";
    private final Lstm lstm = new Lstm();
    private final double[][] kernel = {{0.1, -0.2, 0.3, 0.4, -0.5, 0.6}, {0.7, 0.8, -0.9, 0.15, 0.25, -0.35}};
    private final double[][] recurrent = {{0.05, 0.1, -0.15, 0.2, 0.25, -0.3}, {-0.35, 0.4, 0.45, -0.5, 0.55, 0.6}};
    private final double[][] bias = {{0.01, 0.02, 0.03, 0.04, 0.05, 0.06}, {-0.01, 0.5, 0.2, -0.3, 0.1, 0.7}};
    private final LayerView gru = lstm.gru(kernel, recurrent, bias);
    private final LayerView gruBefore = lstm.gru(kernel, recurrent, bias[0]);
    private final LayerView rnn = lstm.simpleRnn(new double[][] {{0.1, 0.2}}, new double[][] {{0.3, 0.4}, {0.5, -0.6}},
            new double[] {0.1, -0.1});

    private Map<String, Displayable> everyView() {
        double[][][] x = {{{1, 2}, {-1, 0.5}, {0.3, 0.2}}, {{0, 1}, {1, 1}, {2, -2}}};
        boolean[][] mask = {{true, false, true}, {true, true, true}};
        RunView run = gru.run(x, mask);
        RunView before = gruBefore.run(x, mask);
        RunView rnnRun = rnn.run(new double[][][] {{{1}, {2}}, {{-1}, {0.5}}});
        Map<String, Displayable> v = new LinkedHashMap<>();
        v.put("gru", gru);
        v.put("gru params", gru.params());
        v.put("gru kernel", gru.kernel());
        v.put("gru recurrent", gru.recurrentKernel());
        v.put("gru bias", gru.bias());
        v.put("gru recurrent bias", gru.recurrentBias());
        v.put("gru kernel gate", gru.kernel().gate("reset"));
        v.put("gru gate", gru.gate("h"));
        v.put("gru unit", gru.gate("z").unit(1));
        v.put("gru run", run);
        v.put("gru run sample", run.sample(1));
        v.put("gru step", run.step(1));
        v.put("gru gate at step", run.step(1).gate("r"));
        v.put("gru unit at step", run.step(1).gate("r").unit(0));
        v.put("gru cell unit at step", run.step(2).unit(1));
        v.put("gru gate over time", run.gate("update"));
        v.put("gru unit over time", run.gate("n").unit(0));
        v.put("gru before", gruBefore);
        v.put("gru before step", before.step(2).gate("h").unit(1));
        v.put("gru params call", lstm.gruParams(6, 4, false));
        v.put("simple rnn", rnn);
        v.put("simple rnn kernel", rnn.kernel());
        v.put("simple rnn gate", rnn.gate("h"));
        v.put("simple rnn run", rnnRun);
        v.put("simple rnn step", rnnRun.step(1));
        v.put("simple rnn unit at step", rnnRun.step(1).gate("h").unit(1));
        v.put("simple rnn cell unit", rnnRun.step(0).unit(0));
        v.put("simple rnn params", lstm.simpleRnnParams(1, 2));
        return v;
    }

    @Test
    void should_give_every_view_plain_text_and_a_one_line_to_string() {
        everyView().forEach((name, view) -> {
            assertThat(view.toMimeBundle().plain()).as(name).isNotBlank().startsWith(view.toString());
            assertThat(view.toString()).as(name).doesNotContain("\n");
        });
    }

    @Test
    void should_write_well_formed_html_and_svg() {
        everyView().forEach((name, view) -> {
            MimeBundle bundle = view.toMimeBundle();
            assertThat(bundle.has(MimeBundle.TEXT_HTML)).as(name + " has HTML").isTrue();
            XmlCheck.parse(bundle.get(MimeBundle.TEXT_HTML));
            if (bundle.has(MimeBundle.IMAGE_SVG)) {
                Element svg = (Element) XmlCheck.parse(bundle.get(MimeBundle.IMAGE_SVG)).getDocumentElement()
                        .getFirstChild();
                assertThat(svg.getLocalName()).as(name).isEqualTo("svg");
                assertThat(svg.getAttribute("viewBox")).as(name).matches("0 0 \\d+ \\d+");
            }
        });
    }

    @Test
    void should_mark_the_gru_blocks_z_r_h_on_its_weight_heatmaps_and_tables() {
        for (String svg : List.of(gru.kernel().toMimeBundle().get(MimeBundle.IMAGE_SVG),
                gru.bias().toMimeBundle().get(MimeBundle.IMAGE_SVG))) {
            assertThat(bands(XmlCheck.parse(svg))).containsExactly("z", "r", "h");
        }
        Document html = XmlCheck.parse(gru.recurrentKernel().toMimeBundle().get(MimeBundle.TEXT_HTML));
        List<String> headers = new ArrayList<>();
        NodeList th = html.getElementsByTagName("th");
        for (int i = 0; i < th.getLength(); i++) {
            if (((Element) th.item(i)).hasAttribute("colspan")) {
                headers.add(th.item(i).getTextContent());
            }
        }
        assertThat(headers).containsExactly("z (update gate)", "r (reset gate)", "h (candidate)");
        assertThat(gru.kernel().toMimeBundle().get(MimeBundle.IMAGE_SVG)).contains("W[1, 4] = 0.25 (gate h, unit 0)");
    }

    @Test
    void should_draw_a_simple_rnn_as_one_block_without_gate_boundaries() {
        String svg = rnn.recurrentKernel().toMimeBundle().get(MimeBundle.IMAGE_SVG);

        assertThat(bands(XmlCheck.parse(svg))).containsExactly("h");
        assertThat(svg).contains("U[1, 1] = -0.6 (unit 1)").contains("one block h (SimpleRNN has no gates)");
        assertThat(rnn.recurrentKernel().toMimeBundle().get(MimeBundle.TEXT_HTML)).doesNotContain("colspan");
        assertThat(rnn.recurrentKernel().toMimeBundle().plain()).doesNotContain("|");
    }

    private static List<String> bands(Document doc) {
        List<String> bands = new ArrayList<>();
        NodeList groups = doc.getElementsByTagNameNS(SVG_NS, "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("gate-band")) {
                bands.add(g.getElementsByTagNameNS(SVG_NS, "text").item(0).getTextContent());
            }
        }
        return bands;
    }
}
