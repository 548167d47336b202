package org.lstmlens.compare;

/**
 * Where two runs part: the first matched layer, step and gate whose values disagree (layers in order; within a
 * layer the earliest processing step; then forward before backward; then the gates in the cell's order).
 *
 * @param layer the first file's name of the layer
 * @param direction {@code forward} or {@code backward} of a Bidirectional, empty otherwise
 * @param step the processing step (for a direction that reads backwards, step 0 reads the last timestep)
 * @param gate the gate in Keras's letters (i, f, c, o; z, r, h; h), or {@code h} / {@code c} for a state
 * @param state whether {@code gate} names the output h or the cell state c (when no gate disagreed first)
 * @param difference the largest |a - b| of that gate at that step
 */
public record Divergence(String layer, String direction, int step, String gate, boolean state, double difference) {
    /** e.g. {@code step 0, gate f of layer lstm_1} or {@code step 2, gate i of layer bidirectional (backward)}. */
    public String where() {
        String what = !state ? "gate " + gate : gate.equals("h") ? "output h" : "cell state " + gate;
        return "step " + step + ", " + what + " of layer " + layer + (direction.isEmpty() ? "" : " (" + direction
                + ")");
    }

    @Override
    public String toString() {
        return where();
    }
}
