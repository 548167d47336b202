/**
 * The recurrent core: canonical weights ({@link org.lstmlens.core.CellWeights}, Keras layout), the cells
 * ({@link org.lstmlens.core.LstmCell}, {@link org.lstmlens.core.GruCell}, {@link org.lstmlens.core.SimpleRnnCell}),
 * the one time loop ({@link org.lstmlens.core.Rnn}), traces and the backward pass. Engine classes (the step kernels,
 * the fused vector pass, the gate math) are package-private.
 *
 * <p>What PyTorch and ONNX compute beyond Keras lives here too, so that their readers only map arrays:
 * <ul>
 * <li><b>Two biases.</b> Every cell takes a recurrent bias b' beside b (PyTorch's {@code bias_hh}, ONNX's
 *     {@code Rb}). For an LSTM and a SimpleRNN it simply adds to z, so the loop hoists {@code x.W + (b + b')} with
 *     the sum made once on the weights ({@code CellWeights.effectiveBias}); the fused panels, both product kernels,
 *     {@code cell.step} and the backward pass read that one sum, and b' costs nothing per step. A GRU keeps b' apart
 *     as before (r multiplies {@code b'_h}). b' is kept, shown and counted (8u for a PyTorch LSTM).</li>
 * <li><b>Parameterised activations.</b> {@link org.lstmlens.core.Activation} is a final class, not an enum: its
 *     named constants stay single instances (so {@code ==} keeps its meaning and the hot loops test TANH and SIGMOID
 *     by identity), and ONNX's Affine, LeakyRelu, ThresholdedRelu, ScaledTanh, HardSigmoid(alpha, beta) and
 *     Elu(alpha) are values equal by function and parameters. Formulas are onnxruntime's.</li>
 * <li><b>ONNX's options.</b> {@link org.lstmlens.core.LstmOptions} (peepholes, clip, input_forget, an output
 *     activation) belong to the LSTM cell, not to its weights, because all but the peepholes are how the cell
 *     computes, and the peepholes only exist together with that ONNX arithmetic; GRU and SimpleRNN take a clip
 *     ({@code withClip}). The exact math is onnxruntime's ({@link org.lstmlens.core.Clip}: every activation input is
 *     clipped, an LSTM's cell state is not; the output gate's peephole reads the new c).</li>
 * <li><b>Projection.</b> PyTorch's {@code proj_size} changes the shape of the weights (U is p x 4u, plus P u x p),
 *     so it lives in {@link org.lstmlens.core.LstmWeights}, and the cell says {@code outputSize()}: p values of h
 *     (output, state, trace, gradients), u of c. Not a subclass: one LSTM cell class keeps every LSTM view and
 *     reader working, and the projection composes with ONNX's options in the one option step.</li>
 * <li><b>Speed.</b> Keras's cells keep their step and the fused vector step unchanged. A cell with any option, a clip
 *     or a projection reports {@code fusedStep() == -1} and steps over the product kernel in double and float32
 *     ({@code LstmOptionStep} for an LSTM; a GRU and a SimpleRNN clip in their own step, one branch per step, not per
 *     value), so no option adds a branch to the hot fused loops.</li>
 * <li><b>Two precisions.</b> {@link org.lstmlens.core.Precision}: double is the exact reference; float32 is what the
 *     frameworks compute. The float32 kernels are generated from the double ones at build time ({@code
 *     src/gen/FloatTwin.java}: {@code DoubleRecurrence}, {@code DoubleTransposedPanels}, {@code
 *     DoubleAttributionBackward} give their {@code Float} twins), so the two cannot drift apart; a float32 trace
 *     serves gradients from the outputs ({@link org.lstmlens.core.Rnn#gradientPrecision}).</li>
 * </ul>
 */
package org.lstmlens.core;
