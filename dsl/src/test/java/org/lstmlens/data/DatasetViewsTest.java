package org.lstmlens.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlens.error.LstmException;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.XmlCheck;
import org.lstmlens.testing.NotebookData;

/** Every view renders well-formed HTML and SVG and says what it shows; the CSV tables read back to the same numbers. */
class DatasetViewsTest {
    private static final Model LAG5 = ModelLoader.load(NotebookData.folder().resolve("lag5.keras"));
    private static DatasetResult result;
    private static List<SequenceResult> results;

    @BeforeAll
    static void run() {
        DatasetJob job = DatasetJob.forLoadedModel().integratedGradients(16).states(true)
                .select(UnitPattern.correlatedWith(2, 6, 0, 0.2, 0.4, 0.6, 0.8, 1)).keepMatches(4);
        result = DatasetRun.of(job, LAG5).keepResults(true).run(Datasets.arrays(DatasetRunTest.uniform(3, 80, 12)));
        results = result.results();
    }

    private static MimeBundle rendered(Displayable view) {
        MimeBundle b = view.toMimeBundle();
        XmlCheck.parse(b.get(MimeBundle.TEXT_HTML));
        if (b.has(MimeBundle.IMAGE_SVG)) {
            XmlCheck.parse(b.get(MimeBundle.IMAGE_SVG));
        }
        return b;
    }

    @Test
    void should_render_every_view() {
        assertThat(rendered(result.byLag()).plain()).startsWith("top lag across 80 sequences: t-5 ");
        assertThat(result.byLag().top()).isEqualTo(5);
        assertThat(rendered(result).plain()).endsWith("over array of 80 sequences: 80 sequences\n" + result.byLag().text());
        assertThat(rendered(result.heatmap()).plain()).startsWith("mean |attribution| over 80 sequences, by feature");
        assertThat(rendered(result.byClass()).plain()).contains("class 0: 80 sequences, top lag t-5");
        assertThat(rendered(result.gaps()).plain()).startsWith("completeness gap of 80 sequences");
        assertThat(rendered(result.units()).plain()).contains("unit 7:");
        assertThat(rendered(result.memory()).plain()).startsWith("gate memory over 80 sequences: horizon t-");
        assertThat(rendered(result.matches()).plain()).startsWith("sequences where unit 2 correlated with a pattern "
                + "over steps 6..11, best 4 of 80:");
    }

    @Test
    void should_rank_matches_by_the_score_computed_from_h() {
        List<DatasetSummary.Matched> m = result.matches().list();
        double[] scores = results.stream().mapToDouble(SequenceResult::match).sorted().toArray();
        assertThat(m.get(0).score()).isEqualTo(scores[scores.length - 1]);
        assertThat(m.get(3).score()).isEqualTo(scores[scores.length - 4]);
        SequenceResult best = results.get((int) m.get(0).index());
        double[] h = new double[6];
        for (int t = 6; t < 12; t++) {
            h[t - 6] = best.states().h()[t][2];
        }
        assertThat(best.match()).isEqualTo(Match.correlation(h, new double[] {0, 0.2, 0.4, 0.6, 0.8, 1}));
    }

    @Test
    void should_write_tables_that_read_back_to_the_same_numbers(@TempDir Path dir) throws IOException {
        List<Path> files = result.writeCsv(dir);
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("summary.csv", "problems.csv",
                "by_lag.csv", "by_step_feature.csv", "by_class.csv", "gaps.csv", "units.csv", "memory.csv",
                "matches.csv");
        List<String> byLag = Files.readAllLines(dir.resolve("by_lag.csv"));
        assertThat(byLag.get(0)).isEqualTo("lag,timestep,top_lag_sequences,top_lag_share,mean_share,share_p10,"
                + "share_p50,share_p90,mean_abs,mean");
        String[] lag5 = byLag.get(6).split(",");
        assertThat(lag5[0]).isEqualTo("5");
        DatasetSummary s = result.summary();
        assertThat(Double.parseDouble(lag5[3])).isEqualTo(s.topLagShare(5));
        assertThat(Double.parseDouble(lag5[4])).isEqualTo(s.meanShare(5));
        assertThat(Double.parseDouble(lag5[8])).isEqualTo(s.meanAbsByStep()[6]);
    }

    @Test
    void should_stream_per_sequence_rows(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("rows.csv");
        try (SequenceCsv out = SequenceCsv.open(f)) {
            results.forEach(out);
        }
        List<String> lines = Files.readAllLines(f);
        assertThat(lines).hasSize(81);
        assertThat(lines.get(0)).startsWith("index,id,label,predicted,target_class,value,baseline_value,gap,top_lag,"
                + "match,a_t,a_t-1,");
        String[] row = lines.get(10).split(",");
        SequenceResult r = results.get(9);
        assertThat(Double.parseDouble(row[7])).isEqualTo(r.gap());
        assertThat(Double.parseDouble(row[10 + 5])).isEqualTo(r.attribution()[6][0]);
    }

    @Test
    void should_say_what_a_run_lacks() {
        DatasetResult plain = DatasetRun.of(DatasetJob.forLoadedModel().gradient(), LAG5)
                .run(Datasets.arrays(DatasetRunTest.uniform(4, 5, 12)));
        assertThatThrownBy(plain::gaps).isInstanceOf(LstmException.class).hasMessage("no completeness gap: gradient "
                + "has no baseline; the gap belongs to integrated gradients (and occlusion)");
        assertThatThrownBy(plain::units).hasMessage("no state statistics: the job did not ask for them; use "
                + ".states(true)");
        assertThatThrownBy(plain::matches).hasMessageStartingWith("no selection: choose one with .select(");
        assertThatThrownBy(plain::results).hasMessageStartingWith("per-sequence results were not kept");
    }
}
