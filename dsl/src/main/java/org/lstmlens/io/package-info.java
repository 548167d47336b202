/**
 * Reading Keras model and weights files of every era into {@link org.lstmlens.model.Model}s.
 *
 * <p>Entry point: {@link org.lstmlens.io.ModelLoader#load(java.nio.file.Path)} (and the overload taking an
 * architecture file for weights-only files). The reader is chosen by the first bytes ({@code FileKind}); HDF5 is read
 * with jhdf ({@code H5File}), zips with java.util.zip. Weight arrays come from a {@code WeightSource}
 * ({@code LegacyWeights}: layer_names/weight_names; {@code VarsWeights}: Keras 3 layers/.../vars;
 * {@code OrderMatchedWeights}: Keras's by-order matching), configs from {@code ConfigReader}. Every LSTM layout is
 * converted to the canonical {@link org.lstmlens.core.LstmWeights} in one place, {@code LstmWeightsReader}; the
 * writer's Keras version decides hard_sigmoid and default activations ({@code KerasEra}). Every failure is a
 * {@link org.lstmlens.error.ModelFileException} naming the file and, where there is one, the layer.
 */
package org.lstmlens.io;
