package org.lstmlens.io.torch;

import java.util.List;

/**
 * One {@code nn.LSTM}, {@code nn.GRU} or {@code nn.RNN} found in a file by its keys ({@code <prefix>.weight_ih_l0},
 * ...), with the settings its tensors (or a TorchScript archive's class) give.
 *
 * @param prefix where it sits in the state_dict, e.g. {@code encoder.lstm}; empty for a bare module's state_dict
 * @param mode {@code LSTM}, {@code GRU}, {@code RNN_TANH} or {@code RNN_RELU}, as PyTorch's {@code mode}
 * @param inputSize features per timestep (weight_ih_l0's columns)
 * @param hiddenSize H (the gates' width)
 * @param projSize the LSTM projection's size (weight_hr), 0 without
 * @param bidirectional whether {@code _reverse} tensors are there
 * @param bias whether bias_ih / bias_hh are there
 * @param nonlinearityStated whether the file says an nn.RNN's nonlinearity (TorchScript does; a state_dict does not,
 *     so tanh, PyTorch's default, is assumed unless told); true for LSTM and GRU
 * @param keys the module's tensors' keys in the file
 * @param params every value of its tensors, as {@code sum(p.numel() for p in module.parameters())}
 */
public record RecurrentModule(String prefix, String mode, int inputSize, int hiddenSize, int projSize, int numLayers,
                              boolean bidirectional, boolean bias, boolean nonlinearityStated, List<String> keys,
                              long params) {
    public RecurrentModule {
        keys = List.copyOf(keys);
    }

    /** {@code LSTM}, {@code GRU} or {@code RNN}: the torch.nn class. */
    public String kind() {
        return mode.startsWith("RNN") ? "RNN" : mode;
    }

    /** The width of its output features: {@code num_directions * (proj_size or hidden_size)}. */
    public int outputSize() {
        return (bidirectional ? 2 : 1) * (projSize > 0 ? projSize : hiddenSize);
    }

    /** What to call it: its prefix, or {@code lstm} / {@code gru} / {@code rnn} for a bare module. */
    public String name() {
        return prefix.isEmpty() ? kind().toLowerCase(java.util.Locale.ROOT) : prefix;
    }

    /** As it would be built: {@code nn.LSTM(3, 4, num_layers=2, bidirectional=True)}. */
    public String describe() {
        StringBuilder b = new StringBuilder("nn.").append(kind()).append('(').append(inputSize).append(", ")
                .append(hiddenSize);
        if (numLayers != 1) {
            b.append(", num_layers=").append(numLayers);
        }
        if (mode.equals("RNN_RELU")) {
            b.append(", nonlinearity='relu'");
        }
        if (!bias) {
            b.append(", bias=False");
        }
        if (bidirectional) {
            b.append(", bidirectional=True");
        }
        if (projSize > 0) {
            b.append(", proj_size=").append(projSize);
        }
        return b.append(')').toString();
    }

    /** The same module with another mode (an nn.RNN's nonlinearity said by the user). */
    RecurrentModule withMode(String value, boolean stated) {
        return new RecurrentModule(prefix, value, inputSize, hiddenSize, projSize, numLayers, bidirectional, bias,
                stated, keys, params);
    }
}
