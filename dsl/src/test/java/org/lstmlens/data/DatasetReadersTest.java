package org.lstmlens.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.lstmlens.error.LstmException;
import org.lstmlens.testing.NotebookData;

/**
 * The readers on files NumPy and h5py wrote ({@code dsl/src/test/data/datasets/make_datasets.py}): every value is
 * {@code 100 i + 10 t + j (+ 0.5 for floats)} and every label {@code i % 3}, recomputed here.
 */
class DatasetReadersTest {
    static final int N = 7;
    static final int STEPS = 5;
    static final int FEATURES = 3;

    static Path data(String name) {
        return NotebookData.folder().getParent().getParent().resolve("dsl/src/test/data/datasets").resolve(name);
    }

    static List<Entry> all(Dataset d) {
        List<Entry> out = new ArrayList<>();
        try (DatasetReader r = d.open()) {
            Entry e;
            while ((e = r.next()) != null) {
                out.add(e);
            }
        }
        return out;
    }

    static void assertGrid(List<Entry> entries, double half, int features, boolean labels) {
        assertThat(entries).hasSize(N);
        for (int i = 0; i < N; i++) {
            Sequence s = (Sequence) entries.get(i);
            assertThat(s.index()).isEqualTo(i);
            assertThat(s.values()).hasDimensions(STEPS, features);
            for (int t = 0; t < STEPS; t++) {
                for (int j = 0; j < features; j++) {
                    assertThat(s.values()[t][j]).as("x[%d][%d][%d]", i, t, j).isEqualTo(100 * i + 10 * t + j + half);
                }
            }
            assertThat(s.label()).isEqualTo(labels ? i % 3 : Sequence.NO_LABEL);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"f4_c", "f4_fortran", "f8_c", "f8_fortran", "i4_c", "i4_fortran", "i8_c", "i8_fortran",
        "f8be_c", "f8be_fortran"})
    void should_read_npy_of_every_dtype_in_c_and_fortran_order(String kind) {
        double half = kind.startsWith("f") ? 0.5 : 0;
        assertGrid(all(Datasets.npy(data("x_" + kind + ".npy"), data("labels.npy"))), half, FEATURES, true);
    }

    @Test
    void should_read_two_dimensional_npy_as_one_feature() {
        assertGrid(all(Datasets.npy(data("x_one_feature.npy"))), 0.5, 1, false);
    }

    @Test
    void should_read_float_labels_that_are_whole_numbers() {
        assertGrid(all(Datasets.npy(data("x_f4_c.npy"), data("labels_float.npy"))), 0.5, FEATURES, true);
    }

    @Test
    void should_read_npz_stored_and_deflated_and_fortran_members() {
        assertGrid(all(Datasets.npz(data("stored.npz"), "x", "y")), 0.5, FEATURES, true);
        assertGrid(all(Datasets.npz(data("deflated.npz"), "x", "y")), 0.5, FEATURES, true);
        assertGrid(all(Datasets.npz(data("deflated.npz"), "xf")), 0.5, FEATURES, false);
        assertThat(Datasets.npz(data("stored.npz"), "x").size()).isEqualTo(N);
    }

    @Test
    void should_name_the_arrays_of_an_npz_when_one_is_missing() {
        assertThatThrownBy(() -> all(Datasets.npz(data("stored.npz"), "inputs"))).isInstanceOf(LstmException.class)
                .hasMessageContaining("no array \"inputs\"").hasMessageContaining("[x, y]");
    }

    @Test
    void should_say_where_a_truncated_npy_ends() {
        assertThatThrownBy(() -> all(Datasets.npy(data("x_truncated.npy")))).isInstanceOf(LstmException.class)
                .hasMessageContaining("the data ends inside sequence 2 of 7");
    }

    @Test
    void should_read_hdf5_contiguous_and_chunked_gzip() {
        assertGrid(all(Datasets.hdf5(data("datasets.h5"), "x", "/test/y")), 0.5, FEATURES, true);
        assertGrid(all(Datasets.hdf5(data("datasets.h5"), "/test/x_chunked")), 0.5, FEATURES, false);
    }

    @Test
    void should_read_csv_rows_by_sequence_id_and_report_bad_rows_by_number() {
        List<Entry> e = all(Datasets.csv(data("rows.csv")).sequenceId("id").features("a", "b", "c").label("label"));
        assertThat(e).hasSize(N);
        Sequence s0 = (Sequence) e.get(0);
        assertThat(s0.id()).isEqualTo("s0");
        assertThat(s0.values()[4]).containsExactly(40.5, 41.5, 42.5);
        Sequence s2 = (Sequence) e.get(2);
        assertThat(s2.values()[3][1]).isNaN();   // NaN reads; the explainer's check names it (NOT_FINITE)
        Problem p4 = (Problem) e.get(4);
        assertThat(p4.kind()).isEqualTo(Problem.Kind.UNREADABLE);
        assertThat(p4.message()).isEqualTo("sequence \"s4\" (rows 21-25) (index 4): unreadable row: row 22, column "
                + "\"c\": \"abc\" is not a number");
        Sequence s6 = (Sequence) e.get(6);
        assertThat(s6.steps()).isEqualTo(4);     // ragged: the check names it
        assertThat(s6.label()).isEqualTo(0);
    }

    @Test
    void should_cut_a_csv_series_into_windows() {
        List<Entry> e = all(Datasets.csv(data("series.csv")).features("u", "v").windows(6, 4));
        // 20 rows: windows start at rows 1, 5, 9, 13 (the next, at 17, would need rows 17-22)
        assertThat(e).hasSize(4);
        for (int k = 0; k < 4; k++) {
            Sequence s = (Sequence) e.get(k);
            assertThat(s.id()).isEqualTo("rows " + (4 * k + 1) + "-" + (4 * k + 6));
            for (int t = 0; t < 6; t++) {
                assertThat(s.values()[t]).containsExactly(10.0 * (4 * k + t), 10.0 * (4 * k + t) + 1);
            }
        }
        List<Entry> sparse = all(Datasets.csv(data("series.csv")).features("v").windows(3, 5));
        assertThat(sparse).extracting(x -> ((Sequence) x).id()).containsExactly("rows 1-3", "rows 6-8",
                "rows 11-13", "rows 16-18");
    }

    @Test
    void should_name_a_missing_csv_column() {
        assertThatThrownBy(() -> all(Datasets.csv(data("rows.csv")).sequenceId("seq")))
                .hasMessageContaining("no column \"seq\"; the header has [id, a, b, c, label]");
    }
}
