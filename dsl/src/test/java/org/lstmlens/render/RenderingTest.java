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
 * Every view renders: text/plain always, HTML and SVG well-formed (parsed as XML), SVGs self-contained with a
 * viewBox, weight heatmaps with four gate bands labelled i, f, c, o, big matrices kept small, names escaped.
 */
class RenderingTest {
    private static final String SVG_NS = "http://www.w3.org/2000/svg";
    private final Lstm lstm = new Lstm();

    private Map<String, Displayable> everyView() {
        LayerView layer = lstm.random(3, 4, 7).activations("tanh", "hard_sigmoid_keras3");
        RunView run = layer.run(new double[][][] {{{1, 2, 3}, {0, 1, 0}, {-1, 0.5, 2}}, {{0, 0, 1}, {1, 1, 1},
            {2, 0, -2}}}, new boolean[][] {{true, false, true}, {true, true, true}});
        Map<String, Displayable> views = new LinkedHashMap<>();
        views.put("layer", layer);
        views.put("params", layer.params());
        views.put("lstm.params", lstm.params(2, 1, false));
        views.put("kernel", layer.kernel());
        views.put("recurrent kernel", layer.recurrentKernel());
        views.put("bias", layer.bias());
        views.put("kernel gate", layer.kernel().gate("o"));
        views.put("gate", layer.gate("f"));
        views.put("unit", layer.gate("f").unit(1));
        views.put("run", run);
        views.put("run sample", run.sample(1));
        views.put("step", run.step(1));
        views.put("gate at step", run.step(1).gate("c"));
        views.put("unit at step", run.step(1).gate("i").unit(3));
        views.put("gate over time", run.gate("f"));
        views.put("cell unit at step", run.step(1).unit(2));
        views.put("unit over time", run.gate("g").unit(0));
        views.put("no bias layer", lstm.layer(new double[][] {{1, 2, 3, 4}}, new double[][] {{1, 2, 3, 4}}, null));
        return views;
    }

    @Test
    void should_give_every_view_plain_text_and_a_one_line_to_string() {
        everyView().forEach((name, view) -> {
            MimeBundle bundle = view.toMimeBundle();
            assertThat(bundle.plain()).as(name).isNotBlank().startsWith(view.toString());
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
                assertThat(svg.getNamespaceURI()).as(name).isEqualTo(SVG_NS);
                assertThat(svg.getAttribute("viewBox")).as(name).matches("0 0 \\d+ \\d+");
                assertThat(bundle.get(MimeBundle.IMAGE_SVG)).as(name + " is self-contained")
                        .doesNotContain("href", "url(", "<script");
            }
        });
    }

    @Test
    void should_mark_the_four_gate_blocks_of_a_weight_heatmap() {
        String svg = lstm.random(5, 4, 1).kernel().toMimeBundle().get(MimeBundle.IMAGE_SVG);
        Document doc = XmlCheck.parse(svg);

        List<String> bands = new ArrayList<>();
        NodeList groups = doc.getElementsByTagNameNS(SVG_NS, "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("gate-band")) {
                bands.add(g.getElementsByTagNameNS(SVG_NS, "text").item(0).getTextContent());
            }
        }
        assertThat(bands).containsExactly("i", "f", "c", "o");
        // 5 x 16 cells, one rect each, plus the background, the frame, the bands and the legend's swatches
        long cells = svg.split("<rect", -1).length - 1;
        assertThat(cells).isGreaterThanOrEqualTo(80);
    }

    @Test
    void should_keep_big_matrices_small_and_say_that_they_were_downsampled() {
        LayerView big = lstm.random(128, 256, 1);

        MimeBundle kernel = big.kernel().toMimeBundle();
        assertThat(kernel.get(MimeBundle.IMAGE_SVG).length()).isLessThan(300_000);
        assertThat(kernel.get(MimeBundle.IMAGE_SVG)).contains("downsampled from 128x1024");
        assertThat(kernel.get(MimeBundle.TEXT_HTML).length()).isLessThan(400_000);
        assertThat(kernel.get(MimeBundle.TEXT_HTML)).contains("showing 24 of 128 rows and 36 of 1024 columns");
        assertThat(big.toMimeBundle().get(MimeBundle.TEXT_HTML).length()).isLessThan(400_000);
        XmlCheck.parse(kernel.get(MimeBundle.TEXT_HTML));
    }

    @Test
    void should_escape_names_in_html_and_svg() {
        LayerView odd = lstm.random(2, 2, 1).named("<b>&\"x'");

        String html = odd.kernel().toMimeBundle().get(MimeBundle.TEXT_HTML);
        Document doc = XmlCheck.parse(html);

        assertThat(html).doesNotContain("<b>").contains("&lt;b&gt;&amp;&quot;x&#39;");
        assertThat(doc.getDocumentElement().getTextContent()).contains("layer \"<b>&\"x'\" kernel");
        XmlCheck.parse(odd.run(new double[][] {{1, 2}}).toMimeBundle().get(MimeBundle.IMAGE_SVG));
    }

    @Test
    void should_use_one_diverging_scale_symmetric_around_zero_for_signed_values() {
        ColorScale scale = ColorScale.divergingFor(new double[][] {{-0.5, 2}});

        assertThat(scale.min()).isEqualTo(-2);
        assertThat(scale.max()).isEqualTo(2);
        assertThat(scale.color(0)).isEqualTo("#f7f7f7");
        assertThat(scale.color(-2)).isEqualTo("#2166ac");
        assertThat(scale.color(2)).isEqualTo("#b2182b");
        assertThat(scale.color(99)).isEqualTo("#b2182b");
    }
}
