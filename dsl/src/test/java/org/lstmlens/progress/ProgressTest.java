package org.lstmlens.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lstmlens.testing.HeardProgress;

class ProgressTest {
    private final HeardProgress recorder = new HeardProgress();
    private final List<String> heard = recorder.lines();

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
        assertThat(heard).containsExactly("begin dataset 2", "end 2/2 complete");
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
        assertThat(heard).containsExactly("begin occlusion 10", "end 2/10 partial");
    }

    @Test
    void anInterruptInsideInnerWorkNamesTheOutermostCall() {
        try (Progress outer = Progress.start("integrated gradients", 64)) {
            outer.step(3);
            try (Progress inner = Progress.start("run of layer \"lstm\"", 40000)) {
                inner.step(812);
                Thread.currentThread().interrupt();
                assertThatThrownBy(inner::checkInterrupt).isInstanceOf(Progress.Interrupted.class).hasMessage(
                        "integrated gradients interrupted after 3 of 64 steps (in run of layer \"lstm\": 812 of 40000)");
            }
        }
    }

    @Test
    void interruptRunningStopsTheWorkOnEveryThreadAndWakesItsStarter() throws Exception {
        assertThat(Progress.interruptRunning()).as("nothing runs").isFalse();
        try (Progress p = Progress.start("occlusion", 10)) {
            assertThat(Progress.running()).isTrue();
            Throwable[] onWorker = new Throwable[1];
            Thread worker = new Thread(() -> {
                try {
                    p.step();
                } catch (Progress.Interrupted e) {
                    onWorker[0] = e;
                }
            });
            assertThat(Progress.interruptRunning()).isTrue();
            assertThat(Thread.interrupted()).as("the starting thread is interrupted").isTrue();
            worker.start();
            worker.join();
            assertThat(onWorker[0]).as("a worker's step, though its own thread was not interrupted")
                    .hasMessage("occlusion interrupted after 1 of 10 steps");
        }
        assertThat(Progress.running()).isFalse();
    }

    @Test
    void aNegativeTotalIsRefused() {
        assertThatThrownBy(() -> Progress.start("run", -1)).hasMessageContaining("must be 0 or more");
    }
}
