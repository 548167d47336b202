/**
 * Reading Keras model and weights files of every era into {@link org.lstmlens.model.Model}s.
 *
 * <p>Entry point: {@link org.lstmlens.io.ModelLoader#load(java.nio.file.Path)} (and the overload taking an
 * architecture file for weights-only files). The reader is chosen by the first bytes ({@code FileKind}); HDF5 is read
 * with jhdf ({@code H5File}), zips with java.util.zip. Weight arrays come from a {@code WeightSource}
 * ({@code LegacyWeights}: layer_names/weight_names; {@code VarsWeights}: Keras 3 layers/.../vars;
 * {@code OrderMatchedWeights}: Keras's by-order matching), configs from {@code ConfigReader}. Recurrent layers (LSTM,
 * GRU, SimpleRNN, their cuDNN twins, RNN(cell), Bidirectional) are built by {@code RecurrentLayers}; each cell kind
 * ({@code CellKind}) has one {@code WeightsReader} that converts every layout of its arrays to the canonical
 * {@link org.lstmlens.core.CellWeights} and reads its config into the cell. The writer's Keras version decides
 * hard_sigmoid, default activations and a GRU's default reset_after ({@code KerasEra}). Every failure is a
 * {@link org.lstmlens.error.ModelFileException} naming the file and, where there is one, the layer.
 */
package org.lstmlens.io;
