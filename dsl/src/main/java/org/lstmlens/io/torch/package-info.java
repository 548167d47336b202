/**
 * Reading PyTorch recurrent models: {@code torch.save} state_dicts ({@code .pt}, {@code .pth}; the zip of PyTorch
 * 1.6+ and the legacy format before it), safetensors, and TorchScript archives ({@code torch.jit.save}), mapped onto
 * the core's cells with a {@link org.lstmlens.model.Provenance} on every layer.
 *
 * <p>Entry point: {@link org.lstmlens.io.torch.TorchFile#open(java.nio.file.Path)}, then
 * {@link org.lstmlens.io.torch.TorchFile#model(org.lstmlens.io.torch.TorchOptions)};
 * {@link org.lstmlens.io.ModelLoader} dispatches here by the file's first bytes and a zip's contents.
 *
 * <p><b>Pickles: a small reader of our own, not a library.</b> A torch.save file is a pickle (protocol 2) whose
 * tensors point into raw storages. {@code Unpickler} reads the opcodes that build values (about 40 of protocols 0 to
 * 5) and {@code Globals} maps every global a pickle names, when its GLOBAL opcode is read, to one of a few fixed
 * symbols ({@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2}, {@code _rebuild_parameter},
 * {@code torch.FloatStorage} and the other storage classes, TorchScript's list builders, and {@code __torch__.*}
 * classes inside a TorchScript archive, which become plain attribute maps). Any other global ({@code os.system},
 * {@code builtins.eval}, a user's module class) ends the read there with a message naming it; nothing a file names
 * is run, instantiated, or looked up as a class, in Python or in Java. Why not Pyrolite ({@code net.razorvine:pickle},
 * the well-kept Java pickle library): its unpickler accepts any unknown global silently (as a {@code ClassDict}) and
 * registers constructors for other Python types (datetime, decimal, array, ...), so refusing every global by name
 * before anything else is built would mean replacing its global dispatch anyway; the part of pickle torch writes is
 * small enough to read in one auditable class, with messages that name the file and the byte.
 *
 * <p>TorchScript archives keep an nn.LSTM's hyperparameters as constants of its compiled class
 * ({@code hidden_size : Final[int] = 4} under {@code code/}), which {@code ScriptCode} reads as text, never running
 * the code. Where a state_dict is silent (an nn.RNN's nonlinearity, the graph between modules) the loader assumes
 * PyTorch's default or nothing, and says so in the model's info; {@link org.lstmlens.io.torch.TorchOptions} says the
 * rest.
 */
package org.lstmlens.io.torch;
