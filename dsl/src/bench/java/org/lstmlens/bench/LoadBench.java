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
 * Opening a model until it is ready to run: read the file, parse config and attributes, convert every array
 * (float32 to double, gate layout) into LSTM and Dense layers. The file is made by
 * {@code dsl/src/bench/python/make_50mb_model.py} (50 MB, Keras 2 layout) and is in the OS cache after the first
 * iteration, as when a notebook reopens a model.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 5)
@Measurement(iterations = 10)
public class LoadBench {
    @Param("/tmp/lstmlens-50mb.h5")
    public String file;

    @Benchmark
    public Model load() {
        return ModelLoader.load(Path.of(file));
    }
}
