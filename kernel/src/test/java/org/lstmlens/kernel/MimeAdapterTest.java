package org.lstmlens.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lstmlens.kernel.execution.CellValue;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.MimeBundle;

/** Values to Jupyter display data: every MIME type a Displayable offers, text/plain always, failures contained. */
class MimeAdapterTest {
    private static final Displayable RICH = () -> MimeBundle.builder("plain").html("<i>html</i>").svg("<svg/>").build();

    @Test
    void should_offer_every_representation_of_a_displayable() {
        Map<String, String> data = MimeAdapter.of(new CellValue(RICH, "ignored"));
        assertThat(data).containsExactly(Map.entry("text/plain", "plain"), Map.entry("text/html", "<i>html</i>"),
                Map.entry("image/svg+xml", "<svg/>"));
    }

    @Test
    void should_show_plain_values_by_jshells_text() {
        assertThat(MimeAdapter.of(new CellValue("abc", "\"abc\""))).containsExactly(Map.entry("text/plain", "\"abc\""));
        assertThat(MimeAdapter.of(new CellValue(null, "null"))).containsExactly(Map.entry("text/plain", "null"));
    }

    @Test
    void should_display_any_object_including_null() {
        assertThat(MimeAdapter.ofObject(null)).containsExactly(Map.entry("text/plain", "null"));
        assertThat(MimeAdapter.ofObject("abc")).containsExactly(Map.entry("text/plain", "\"abc\""));
        assertThat(MimeAdapter.ofObject(new int[] {1, 2})).containsExactly(Map.entry("text/plain", "int[2] { 1, 2 }"));
        assertThat(MimeAdapter.ofObject(RICH)).containsKeys("text/plain", "text/html", "image/svg+xml");
    }

    @Test
    void should_fall_back_to_text_when_rendering_fails() {
        Displayable broken = new Displayable() {
            @Override
            public MimeBundle toMimeBundle() {
                throw new IllegalStateException("no html today");
            }

            @Override
            public String toString() {
                return "broken view";
            }
        };
        Map<String, String> data = MimeAdapter.ofObject(broken);
        assertThat(data).containsOnlyKeys("text/plain");
        assertThat(data.get("text/plain")).startsWith("broken view").contains("no html today");
    }
}
