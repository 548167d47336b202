package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.core.Activation;
import org.lstmlens.core.Band;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.testing.ReferenceRnn;
import org.lstmlens.testing.ReferenceSteps;
import org.lstmlens.testing.ReferenceSteps.GruStep;

/**
 * Every GRU and SimpleRNN fixture written by real Keras (dsl/src/test/data/rnn) opens through the DSL and every
 * recurrent direction shows itself in its own cell's terms: the weight views carry the cell's bands, the count equals
 * the numbers the views hold, and each step's gate values equal {@link ReferenceSteps}'s float64 loops run over the
 * weights the views show, with the activations the layer names.
 */
class EveryRnnFixtureShowsTest {
    private static final double TOL = 1e-12;

    static Stream<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(org.lstmlens.testing.RnnFixtures.folder())) {
            return s.filter(p -> p.toString().endsWith(".h5") || p.toString().endsWith(".keras")).sorted().toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void should_show_every_direction_in_its_cells_terms(Path file) {
        ModelView m = new Lstm().load(file.toString());
        assertThat(m.rnnCount()).as("every fixture holds a recurrent direction").isPositive();
        for (int i = 0; i < m.rnnCount(); i++) {
            LayerView v = m.rnn(i);
            List<String> symbols = v.bands().stream().map(Band::symbol).toList();
            assertThat(symbols).isEqualTo(v.kind().equals("GRU") ? List.of("z", "r", "h") : v.kind().equals("SimpleRNN")
                    ? List.of("h") : List.of("i", "f", "c", "o"));
            long numbers = count(v.kernel()) + count(v.recurrentKernel()) + (v.layer().weights().hasBias()
                    ? count(v.bias()) : 0);
            assertThat(v.params().total()).as(file + " direction " + i).isEqualTo(numbers);
            assertThat(v.kernel().toMimeBundle().get(MimeBundle.IMAGE_SVG)).contains(">" + symbols.get(0) + "</text>");
            double[][] x = new double[3][v.inputDim()];
            Random rnd = new Random(7 + i);
            for (double[] row : x) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = rnd.nextGaussian();
                }
            }
            RunView run = v.goBackwards(false).run(x);
            if (v.kind().equals("GRU")) {
                checkGru(v, run, x);
            } else if (v.kind().equals("SimpleRNN")) {
                checkSimpleRnn(v, run, x);
            }
            for (String s : symbols) {
                assertThat(run.step(2).gate(s).unit(0).toMimeBundle().plain()).startsWith(run.step(2).gate(s).unit(0)
                        .toString());
            }
        }
    }

    private static void checkGru(LayerView v, RunView run, double[][] x) {
        double[][] bias = v.bias().toArray();
        boolean after = v.resetAfter();
        double[] b1 = bias.length == 2 ? bias[1] : new double[bias[0].length];
        GruStep[] ref = ReferenceSteps.gruRun(v.kernel().toArray(), v.recurrentKernel().toArray(), bias[0], b1, after,
                op(v.recurrentActivation()), op(v.activation()), x, new double[v.units()]);
        String[] gates = {"z", "r", "h"};
        for (int t = 0; t < x.length; t++) {
            assertThat(run.outputs()[t]).containsExactly(ref[t].h, within(TOL));
            for (int g = 0; g < 3; g++) {
                assertThat(run.step(t).gate(gates[g]).values()).containsExactly(ref[t].value[g], within(TOL));
            }
        }
    }

    private static void checkSimpleRnn(LayerView v, RunView run, double[][] x) {
        double[] h = new double[v.units()];
        for (int t = 0; t < x.length; t++) {
            h = ReferenceSteps.simpleRnn(v.kernel().toArray(), v.recurrentKernel().toArray(), v.bias().toArray()[0],
                    op(v.activation()), x[t], h)[3];
            assertThat(run.outputs()[t]).containsExactly(h, within(TOL));
        }
    }

    /** The reference's own formula for the activation the layer names. */
    private static DoubleUnaryOperator op(Activation a) {
        java.util.Map<Activation, DoubleUnaryOperator> refs = java.util.Map.of(Activation.TANH, ReferenceRnn.TANH,
                Activation.SIGMOID, ReferenceRnn.SIGMOID, Activation.HARD_SIGMOID_KERAS2, ReferenceRnn.HARD_SIGMOID_2,
                Activation.HARD_SIGMOID_KERAS3, ReferenceRnn.HARD_SIGMOID_3, Activation.RELU, ReferenceRnn.RELU);
        DoubleUnaryOperator op = refs.get(a);
        if (op == null) {
            throw new AssertionError("no reference for " + a);
        }
        return op;
    }

    private static long count(MatrixView m) {
        return (long) m.rows() * m.cols();
    }
}
