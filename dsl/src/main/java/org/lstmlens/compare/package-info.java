/**
 * Whether two files hold the same recurrent network, and if not, where they part and why.
 *
 * <pre>
 *   lstm.compare("model.keras", "converted.h5")                    // the view: verdict, causes, per layer and gate
 *   lstm.compare(a, b).on(x).firstDivergence()                      // step 4, gate f of layer lstm_1
 *   lstm.compare(m, lstm.layer(kernel, recurrentKernel, bias))     // weights converted by hand, checked
 * </pre>
 *
 * <p>{@link org.lstmlens.compare.Comparison} matches the recurrent layers of two {@code org.lstmlens.model.Model}s in
 * order (refusing, with both named, what cannot be matched), compares the weights gate by gate in the core's
 * canonical layout (each reader mapped its file there and said how in the layer's {@code Provenance}), runs each pair
 * traced on one input and compares every gate, h and c step by step under one stated
 * {@link org.lstmlens.compare.Tolerance}. The likely causes ({@link org.lstmlens.compare.Cause}) are read from the
 * settings and weights alone: gates in another order (and whose order it is), a bias missing, doubled or changed,
 * directions swapped or reversed, reset_after, activations. Depends on core, model and render; the DSL's
 * {@code lstm.compare} opens files and hands the models here.
 */
package org.lstmlens.compare;
