package org.lstmlens.io.torch;

/**
 * A {@code nn.Linear} found by its keys, {@code <name>.weight} (out x in) and {@code <name>.bias} (out): listed, and
 * run only when the user says where it reads from (a state_dict carries no graph).
 *
 * @param name its prefix, e.g. {@code fc} or {@code head.out}; empty for a bare Linear's state_dict
 * @param certain whether it is surely a Linear: it has a bias, or a TorchScript archive names its class; a 2-D weight
 *     alone may also be an nn.Embedding's table
 */
public record LinearModule(String name, int inFeatures, int outFeatures, boolean bias, boolean certain) {

    /** {@code nn.Linear(8, 2)}. */
    public String describe() {
        return "nn.Linear(" + inFeatures + ", " + outFeatures + (bias ? "" : ", bias=False") + ")"
                + (certain ? "" : " (or an nn.Embedding: a 2-D weight without bias)");
    }
}
