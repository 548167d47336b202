package org.lstmlens.io.torch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Storage elements to double: float32 in reads longer than the reused buffer, and binary16 at its edges (IEEE 754). */
class DTypeTest {
    @Test
    void should_widen_float32_reads_longer_than_its_buffer() {
        int n = 10_001;
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat(4 * i, i * 0.5f - 7);
        }
        double[] out = new double[n];

        DType.F32.read(b, out, n);

        for (int i = 0; i < n; i++) {
            assertThat(out[i]).as("element %d", i).isEqualTo(i * 0.5 - 7);
        }
    }

    @Test
    void should_read_binary16_as_ieee_754_defines_it() {
        assertThat(DType.half((short) 0x3C00)).isEqualTo(1.0f);
        assertThat(DType.half((short) 0xC000)).isEqualTo(-2.0f);
        assertThat(DType.half((short) 0x7BFF)).isEqualTo(65504.0f);
        assertThat(DType.half((short) 0x0001)).isEqualTo(0x1p-24f);          // the smallest subnormal
        assertThat(DType.half((short) 0x03FF)).isEqualTo(1023 * 0x1p-24f);   // the largest subnormal
        assertThat(DType.half((short) 0x0400)).isEqualTo(0x1p-14f);          // the smallest normal
        assertThat(DType.half((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(DType.half((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(DType.half((short) 0x7E00)).isNaN();
        assertThat(Float.floatToRawIntBits(DType.half((short) 0x8000))).isEqualTo(Float.floatToRawIntBits(-0.0f));
    }
}
