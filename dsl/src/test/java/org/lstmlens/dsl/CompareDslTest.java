package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.lstmlens.compare.Cause;
import org.lstmlens.compare.Comparison;
import org.lstmlens.core.CellWeights;
import org.lstmlens.testing.TestData;

/**
 * {@code lstm.compare} from the notebook: two files by path, and a loaded layer against one built by hand from
 * another framework's numbers. The PyTorch twin's two biases are those make_compare_fixtures.py wrote into
 * {@code lstm.pt} (bias_ih = b - r, bias_hh = r, rounded to float32), read from compare.expected.json.
 */
class CompareDslTest {
    private final Lstm lstm = new Lstm();

    private static String file(String name) {
        return TestData.file("compare", "make_compare_fixtures.py", name).toString();
    }

    @Test
    void two_files_by_path_are_called_by_their_file_names() {
        Comparison c = lstm.compare(file("gru.keras"), file("gru.h5"));
        assertThat(c.labelA()).isEqualTo("gru.keras");
        assertThat(c.labelB()).isEqualTo("gru.h5");
        assertThat(c.same()).as(c.verdict()).isTrue();
    }

    @Test
    void pytorch_s_two_biases_summed_by_hand_give_the_same_network_and_one_alone_does_not() throws IOException {
        ModelView m = lstm.load(file("lstm.keras"));
        LayerView keras = m.layer("lstm");
        CellWeights w = keras.cell().weights();
        JsonObject torch = JsonParser.parseString(Files.readString(TestData.file("compare", "make_compare_fixtures.py",
                "compare.expected.json"))).getAsJsonObject().getAsJsonObject("models").getAsJsonObject("lstm")
                .getAsJsonObject("torch_biases").getAsJsonObject("_l0");
        double[] bIh = vector(torch.getAsJsonArray("bias_ih"));
        double[] bHh = vector(torch.getAsJsonArray("bias_hh"));
        double[] sum = new double[bIh.length];
        for (int k = 0; k < sum.length; k++) {
            sum[k] = bIh[k] + bHh[k];
        }
        Comparison summed = lstm.compare(keras, lstm.layer(rows(w.kernel()), rows(w.recurrentKernel()), sum));
        assertThat(summed.same()).as(summed.verdict()).isTrue();
        assertThat(summed.largestWeightDifference()).as("float32 rounding of the split, computed")
                .isGreaterThan(0).isLessThan(1e-6);
        Comparison alone = lstm.compare(keras, lstm.layer(rows(w.kernel()), rows(w.recurrentKernel()), bIh));
        assertThat(alone.same()).isFalse();
        assertThat(alone.likelyCause().orElseThrow().kind()).isEqualTo(Cause.Kind.BIAS_CHANGED);
        assertThat(alone.firstDivergence().orElseThrow().step()).isZero();
    }

    @Test
    void a_model_against_a_layer_built_from_its_printed_arrays() {
        ModelView m = lstm.load(file("gru.keras"));
        CellWeights w = m.layer("gru").cell().weights();
        double[][] bias = {w.bias().orElseThrow(), w.recurrentBias().orElseThrow()};
        Comparison same = lstm.compare(m, lstm.gru(rows(w.kernel()), rows(w.recurrentKernel()), bias));
        assertThat(same.same()).as(same.verdict()).isTrue();
        assertThat(same.verdict()).startsWith("same network (largest difference 0");
        Comparison dropped = lstm.compare(m, lstm.gru(rows(w.kernel()), rows(w.recurrentKernel()),
                new double[][] {bias[0], new double[bias[1].length]}));
        assertThat(dropped.likelyCause().orElseThrow().text()).isEqualTo("b's recurrent bias b' is all zeros, a's is"
                + " not: b' was dropped");
    }

    private static double[][] rows(DMatrixRMaj m) {
        double[][] r = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                r[i][j] = m.get(i, j);
            }
        }
        return r;
    }

    private static double[] vector(JsonArray a) {
        double[] v = new double[a.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = a.get(k).getAsDouble();
        }
        return v;
    }
}
