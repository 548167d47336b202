package org.lstmlens.io.torch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tiled block transpose against its definition, {@code out[c][k*h + j] = src[at[k]*h + j][c]}, on sizes that
 * cross the tiles' edges (the fixtures' layers fit in one tile).
 */
class TorchLayersTest {
    @Test
    void should_transpose_and_permute_blocks_as_defined_across_tile_edges() {
        Random rnd = new Random(345);
        int[][] sizes = {{3, 37, 45}, {4, 64, 33}, {1, 70, 1}, {4, 1, 100}};
        for (int[] sz : sizes) {
            int bands = sz[0];
            int h = sz[1];
            int cols = sz[2];
            int[] at = bands == 3 ? new int[] {1, 0, 2} : bands == 4 ? new int[] {0, 1, 2, 3} : new int[] {0};
            double[] src = rnd.doubles((long) bands * h * cols).toArray();

            double[] out = TorchLayers.transposeBlocks(src, bands, h, cols, at);

            for (int c = 0; c < cols; c++) {
                for (int k = 0; k < bands; k++) {
                    for (int j = 0; j < h; j++) {
                        assertThat(out[c * bands * h + k * h + j]).as("bands %d, h %d, cols %d: [%d][%d*h+%d]", bands,
                                h, cols, c, k, j).isEqualTo(src[(at[k] * h + j) * cols + c]);
                    }
                }
            }
        }
    }
}
