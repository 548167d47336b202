package org.lstmlens.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lstmlens.model.Tensor;

/**
 * The warm-up opens the ONNX model and the PyTorch state_dict the kernel's jar carries, so that install.sh's
 * class-data-sharing archive holds the readers' classes; a missing resource or a reader that cannot open it would
 * leave them out silently.
 */
class WarmUpModelsTest {
    @Test
    void the_warm_up_opens_and_runs_its_onnx_lstm() {
        List<Tensor> out = WarmUp.openOnnx();
        assertThat(out.get(0).shape()).containsExactly(3, 1, 1, 2); // Y: [seq, directions, batch, hidden_size]
        for (double v : out.get(0).values()) {
            assertThat(v).isFinite().isBetween(-1.0, 1.0); // h = o * tanh(c): |h| < 1
        }
    }

    @Test
    void the_warm_up_opens_and_runs_its_torch_state_dict() {
        List<Tensor> out = WarmUp.openTorch();
        assertThat(out.get(0).shape()).containsExactly(1, 3, 2); // output: [batch, seq, hidden_size]
        for (double v : out.get(0).values()) {
            assertThat(v).isFinite().isBetween(-1.0, 1.0);
        }
    }
}
