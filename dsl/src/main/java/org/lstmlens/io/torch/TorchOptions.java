package org.lstmlens.io.torch;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.lstmlens.error.NameException;

/**
 * What a PyTorch file cannot say, said by the user: an {@code nn.RNN}'s nonlinearity (a state_dict does not store
 * it; tanh, PyTorch's default, is assumed and shown as assumed), which recurrent module to open when a file holds
 * several, and where a Linear head reads from (a state_dict carries no graph, so a head is only run when told).
 * Immutable; each call returns new options:
 * {@code TorchOptions.defaults().nonlinearity("relu").head("fc", TorchOptions.HeadInput.LAST_STEP)}.
 */
public final class TorchOptions {
    /** Which output of the recurrent module a head reads, as the PyTorch code around it would write it. */
    public enum HeadInput {
        /** {@code fc(output[:, -1])}: the last timestep of the module's output (both directions' features there). */
        LAST_STEP("output[:, -1]"),
        /** {@code fc(output)}: every timestep. */
        EVERY_STEP("output, every step"),
        /**
         * {@code fc(h_n of the last layer)}: its final state, both directions concatenated
         * ({@code torch.cat([h_n[-2], h_n[-1]], 1)}); for one direction the same as LAST_STEP.
         */
        FINAL_STATE("the last layer's final h");

        private final String code;

        HeadInput(String code) {
            this.code = code;
        }

        /** How the PyTorch code reads it: {@code output[:, -1]}. */
        public String code() {
            return code;
        }

        /**
         * {@code last_step}, {@code every_step} or {@code final_state} (any case, spaces or dashes for underscores).
         *
         * @throws NameException for any other name
         */
        public static HeadInput parse(String name) {
            String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
            for (HeadInput h : values()) {
                if (h.name().equals(n)) {
                    return h;
                }
            }
            throw NameException.unknown("head input", name, "TorchOptions.head", List.of("last_step", "every_step",
                    "final_state"));
        }
    }

    private static final TorchOptions DEFAULTS = new TorchOptions(null, null, null, null);

    private final String nonlinearity;
    private final String module;
    private final String head;
    private final HeadInput headInput;

    private TorchOptions(String nonlinearity, String module, String head, HeadInput headInput) {
        this.nonlinearity = nonlinearity;
        this.module = module;
        this.head = head;
        this.headInput = headInput;
    }

    /** Nothing said: every recurrent module, nn.RNN as stated or tanh, no head run. */
    public static TorchOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The nonlinearity of the file's nn.RNN modules: {@code "tanh"} or {@code "relu"}.
     *
     * @throws NameException for any other name
     */
    public TorchOptions nonlinearity(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (!n.equals("tanh") && !n.equals("relu")) {
            throw NameException.unknown("nonlinearity", name, "nn.RNN", List.of("tanh", "relu"));
        }
        return new TorchOptions(n, module, head, headInput);
    }

    /** Open only the recurrent module at {@code prefix} (e.g. {@code "encoder.lstm"}). */
    public TorchOptions module(String prefix) {
        return new TorchOptions(nonlinearity, Objects.requireNonNull(prefix, "prefix"), head, headInput);
    }

    /**
     * Run the Linear layer {@code linear} (e.g. {@code "fc"}) after the recurrent module, reading {@code from}.
     */
    public TorchOptions head(String linear, HeadInput from) {
        return new TorchOptions(nonlinearity, module, Objects.requireNonNull(linear, "linear"),
                Objects.requireNonNull(from, "from"));
    }

    /**
     * As {@link #head(String, HeadInput)} with the input named: {@code "last_step"}, {@code "every_step"} or
     * {@code "final_state"}.
     *
     * @throws NameException for another name
     */
    public TorchOptions head(String linear, String from) {
        return head(linear, HeadInput.parse(from));
    }

    /** {@code "tanh"}, {@code "relu"}, or null when not said. */
    public String nonlinearity() {
        return nonlinearity;
    }

    /** The module's prefix, or null for every module. */
    public String module() {
        return module;
    }

    /** The Linear run as a head, or null for none. */
    public String head() {
        return head;
    }

    /** What the head reads, or null. */
    public HeadInput headInput() {
        return headInput;
    }

    @Override
    public String toString() {
        return "TorchOptions[" + (nonlinearity == null ? "" : "nonlinearity=" + nonlinearity + " ")
                + (module == null ? "" : "module=" + module + " ") + (head == null ? "" : "head=" + head + " reads "
                + headInput.code()) + "]";
    }
}
