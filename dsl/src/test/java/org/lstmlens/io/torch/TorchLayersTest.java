package org.lstmlens.io.torch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The block transpose against its definition, {@code out[c][k*h + j] = t[at[k]*h + j][c]}, on contiguous float32
 * and float64 tensors (widened row by row) and on a strided view (read whole), with permuted blocks.
 */
class TorchLayersTest {
    @Test
    void should_transpose_and_permute_blocks_as_defined() {
        Random rnd = new Random(345);
        int[][] sizes = {{3, 37, 45}, {4, 64, 33}, {1, 70, 1}, {4, 1, 100}};
        for (int[] sz : sizes) {
            int bands = sz[0];
            int h = sz[1];
            int cols = sz[2];
            int rows = bands * h;
            int[] at = bands == 3 ? new int[] {1, 0, 2} : bands == 4 ? new int[] {2, 0, 3, 1} : new int[] {0};
            float[] src = new float[rows * cols];
            for (int i = 0; i < src.length; i++) {
                src[i] = (float) rnd.nextGaussian();
            }
            ByteBuffer f32 = ByteBuffer.allocate(4 * src.length).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer f64 = ByteBuffer.allocate(8 * src.length).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer colMajor = ByteBuffer.allocate(4 * src.length).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < src.length; i++) {
                f32.putFloat(4 * i, src[i]);
                f64.putDouble(8 * i, src[i]);
                colMajor.putFloat(4 * ((i % cols) * rows + i / cols), src[i]); // the same tensor stored transposed
            }
            TorchTensor[] tensors = {
                TorchTensor.contiguous(new Storage("f32", DType.F32, f32), 0, new int[] {rows, cols}),
                TorchTensor.contiguous(new Storage("f64", DType.F64, f64), 0, new int[] {rows, cols}),
                new TorchTensor(new Storage("view", DType.F32, colMajor), 0, new int[] {rows, cols},
                        new long[] {1, rows})};
            for (TorchTensor t : tensors) {
                double[] out = TorchLayers.transposeBlocks(t, "t", bands, h, at);
                for (int c = 0; c < cols; c++) {
                    for (int k = 0; k < bands; k++) {
                        for (int j = 0; j < h; j++) {
                            assertThat(out[c * rows + k * h + j]).as("%s, bands %d, h %d, cols %d: [%d][%d*h+%d]", t,
                                    bands, h, cols, c, k, j).isEqualTo((double) src[(at[k] * h + j) * cols + c]);
                        }
                    }
                }
            }
        }
    }
}
