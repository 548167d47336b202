package org.lstmlens.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Opening a 100 MB PyTorch state_dict until it is ready to run: the zip's pickle read by the restricted unpickler,
 * every storage widened to double, transposed into the core's layout. The files are made by
 * {@code dsl/src/bench/python/make_100mb_torch_model.py} (nn.LSTM(1024, 1024, num_layers=3), 25.2 M parameters) and
 * are in the OS cache after the first iteration. The fresh-JVM figure is {@link TorchLoadOnce}'s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 5)
@Measurement(iterations = 10)
public class TorchLoadBench {
    @Param({"/tmp/lstmlens-100mb.pt", "/tmp/lstmlens-100mb.safetensors"})
    public String file;

    @Benchmark
    public Model load() {
        return ModelLoader.load(Path.of(file));
    }
}
