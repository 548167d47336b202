package org.lstmlens.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.lstmlens.core.Activation;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.error.LstmException;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.testing.TorchFixtures;

/**
 * An LSTM with a projection (PyTorch's proj_size): torch's state_dict and its TorchScript archive of one nn.LSTM(3, 6,
 * proj_size=3) are the same network; the same weights with weight_hr changed in one value differ in the projection,
 * named as the cause; an LSTM without a projection cannot be matched with one (h has 3 values against 6).
 */
class ProjectionCompareTest {
    private static Model load(String name) {
        return ModelLoader.load(TorchFixtures.file(name));
    }

    private static LstmCell cell(Model m) {
        return (LstmCell) ((RecurrentLayer) m.layers().get(0)).cell();
    }

    private static Model with(LstmWeights w, String name) {
        LstmLayer l = new LstmLayer(name, new LstmCell(w, Activation.TANH, Activation.SIGMOID), true, false);
        return Model.sequential(name, RecurrentLayer.of(l));
    }

    @Test
    void the_state_dict_and_the_torchscript_archive_are_the_same_network() {
        Comparison c = Comparison.of(load("lstm_proj.pt"), load("lstm_proj.ts.pt"));
        assertThat(c.same()).as(c.verdict()).isTrue();
        assertThat(c.causes()).isEmpty();
        // the view draws h's 3 values per step
        assertThat(c.toMimeBundle().get(org.lstmlens.render.MimeBundle.TEXT_HTML)).contains("same network");
    }

    @Test
    void a_changed_projection_is_named() {
        LstmWeights w = cell(load("lstm_proj.pt")).weights();
        DMatrixRMaj p = w.projection().orElseThrow();
        p.set(4, 1, p.get(4, 1) + 0.25);
        LstmWeights changed = LstmWeights.of(w.kernel(), w.recurrentKernel(), w.bias().orElseThrow(),
                w.recurrentBias().orElseThrow(), p);
        Comparison c = Comparison.of(with(w, "a"), with(changed, "b"));
        assertThat(c.same()).isFalse();
        assertThat(c.likelyCause().orElseThrow().kind()).isEqualTo(Cause.Kind.PROJECTION);
        assertThat(c.likelyCause().orElseThrow().text()).isEqualTo("the projections (PyTorch's weight_hr) differ: "
                + "largest |a - b| 0.25");
    }

    @Test
    void an_lstm_without_a_projection_is_refused_by_name() {
        LstmWeights w = cell(load("lstm_proj.pt")).weights();
        DMatrixRMaj u = new DMatrixRMaj(6, 24); // h of 6 values, no projection
        LstmWeights plain = LstmWeights.of(w.kernel(), u, w.bias().orElseThrow(), null, null);
        assertThatThrownBy(() -> Comparison.of(with(w, "a"), with(plain, "b"))).isInstanceOf(LstmException.class)
                .hasMessageEndingWith("differ in the size of h (3, 6): a projection (PyTorch's proj_size) is in a "
                        + "only; the states cannot be compared step by step");
    }
}
