package org.lstmlens.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final List<String> heard = new ArrayList<>();

    private final ProgressListener recorder = new ProgressListener() {
        @Override
        public void begin(String what, long total) {
            heard.add("begin " + what + " " + total);
        }

        @Override
        public void update(String what, long done, long total, long elapsedNanos) {
        }

        @Override
        public void end(String what, long done, long total, long elapsedNanos, boolean complete) {
            heard.add("end " + what + " " + done + "/" + total + (complete ? " complete" : " partial"));
        }
    };

    @AfterEach
    void reset() {
        Progress.listen(null);
        Thread.interrupted();
    }

    @Test
    void onlyTheOutermostWorkReports() {
        Progress.listen(recorder);
        try (Progress outer = Progress.start("dataset", 2)) {
            for (int s = 0; s < 2; s++) {
                try (Progress inner = Progress.start("integrated gradients", 3)) {
                    inner.step(3);
                }
                outer.step();
            }
        }
        assertThat(heard).containsExactly("begin dataset 2", "end dataset 2/2 complete");
    }

    @Test
    void anInterruptStopsTheWorkAndSaysHowFarItGot() {
        Progress.listen(recorder);
        try (Progress p = Progress.start("occlusion", 10)) {
            p.step();
            Thread.currentThread().interrupt();
            assertThatThrownBy(p::step).isInstanceOf(Progress.Interrupted.class)
                    .hasMessage("occlusion interrupted after 2 of 10 steps");
            assertThat(Thread.currentThread().isInterrupted()).as("the flag stays set for callers").isTrue();
        }
        assertThat(heard).containsExactly("begin occlusion 10", "end occlusion 2/10 partial");
    }

    @Test
    void aNegativeTotalIsRefused() {
        assertThatThrownBy(() -> Progress.start("run", -1)).hasMessageContaining("must be 0 or more");
    }
}
