package org.lstmlens.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Gate orders as KERAS_FORMATS.md sections 5-7 give them (PyTorch nn.LSTM/nn.GRU docs, ONNX operator spec). */
class FrameworkTest {
    @Test
    void storedOrdersAreTheFrameworksOwn() {
        assertThat(Framework.PYTORCH.storedOrder("LSTM")).containsExactly("i", "f", "g", "o");
        assertThat(Framework.ONNX.storedOrder("LSTM")).containsExactly("i", "o", "f", "c");
        assertThat(Framework.PYTORCH.storedOrder("GRU")).containsExactly("r", "z", "n");
        assertThat(Framework.ONNX.storedOrder("GRU")).containsExactly("z", "r", "h");
        assertThat(Framework.PYTORCH.storedOrder("SimpleRNN")).containsExactly("h");
    }

    @Test
    void positionsSayWhereEachKerasBandIsStored() {
        assertThat(Framework.ONNX.storedPositions("LSTM")).containsExactly(0, 2, 3, 1);
        assertThat(Framework.PYTORCH.storedPositions("LSTM")).containsExactly(0, 1, 2, 3);
        assertThat(Framework.PYTORCH.storedPositions("GRU")).containsExactly(1, 0, 2);
        assertThat(Framework.KERAS.storedPositions("GRU")).containsExactly(0, 1, 2);
    }

    @Test
    void namesTranslate() {
        assertThat(Framework.PYTORCH.nameOf("LSTM", "c")).isEqualTo("g");
        assertThat(Framework.PYTORCH.nameOf("GRU", "h")).isEqualTo("n");
        assertThat(Framework.ONNX.nameOf("LSTM", "f")).isEqualTo("f");
    }
}
