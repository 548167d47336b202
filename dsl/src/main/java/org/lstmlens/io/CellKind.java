package org.lstmlens.io;

import java.util.List;

/**
 * The recurrent cells LSTM Lens computes, by the Keras class names that stand for them: the layer ({@code LSTM}),
 * its cuDNN twin ({@code CuDNNLSTM}) and the cell an {@code RNN} layer wraps ({@code LSTMCell}). Which reader
 * converts a kind's arrays is here; how is in the reader.
 */
enum CellKind {
    LSTM("LSTM", "CuDNNLSTM", "LSTMCell", 4),
    GRU("GRU", "CuDNNGRU", "GRUCell", 3),
    SIMPLE_RNN("SimpleRNN", null, "SimpleRNNCell", 1);

    /** What an unsupported recurrent layer's message offers instead. */
    static final String SUPPORTED = "LSTM, GRU, SimpleRNN, CuDNNLSTM, CuDNNGRU, RNN(LSTMCell), RNN(GRUCell), "
            + "RNN(SimpleRNNCell) and Bidirectional around any of them";

    private final String layer;
    private final String cudnn;
    private final String cell;
    private final int bands;

    CellKind(String layer, String cudnn, String cell, int bands) {
        this.layer = layer;
        this.cudnn = cudnn;
        this.cell = cell;
        this.bands = bands;
    }

    /** The Keras layer class: {@code LSTM}, {@code GRU}, {@code SimpleRNN}. */
    String layerClass() {
        return layer;
    }

    /** The cuDNN layer class, or null (SimpleRNN has none). */
    String cudnnClass() {
        return cudnn;
    }

    /** The cell class an {@code RNN} layer wraps: {@code GRUCell}. */
    String cellClass() {
        return cell;
    }

    /** Blocks side by side along the kernel's columns: 4, 3, 1. */
    int bands() {
        return bands;
    }

    WeightsReader reader() {
        switch (this) {
            case LSTM: return LstmWeightsReader.INSTANCE;
            case GRU: return GruWeightsReader.INSTANCE;
            default: return SimpleRnnWeightsReader.INSTANCE;
        }
    }

    /** The kind of a layer class ({@code GRU}, {@code CuDNNGRU}), or null for any other class. */
    static CellKind ofLayer(String cls) {
        for (CellKind k : values()) {
            if (k.layer.equals(cls) || cls.equals(k.cudnn)) {
                return k;
            }
        }
        return null;
    }

    /** The kind of a cell class ({@code GRUCell}), or null for any other (a custom cell, StackedRNNCells). */
    static CellKind ofCell(String cls) {
        for (CellKind k : values()) {
            if (k.cell.equals(cls)) {
                return k;
            }
        }
        return null;
    }

    /** Every class name that stands for a recurrent layer this library computes (RNN included). */
    static List<String> layerClasses() {
        return List.of("LSTM", "CuDNNLSTM", "GRU", "CuDNNGRU", "SimpleRNN", "RNN");
    }
}
