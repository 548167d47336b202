package org.lstmlens.io.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lstmlens.io.torch.TorchFiles.bytes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.error.NameException;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.testing.TorchFixtures;

/**
 * Bad input gets a clear message naming the file, what was wrong and what is valid; a hostile pickle is refused
 * before anything it names is run, instantiated or looked up.
 */
class TorchBadFilesTest {
    @TempDir
    Path dir;

    // ---- hostile pickles: refused by name at their GLOBAL, nothing run

    @Test
    void should_refuse_os_system_before_anything_runs() throws IOException {
        Path marker = dir.resolve("pwned");
        String cmd = "touch " + marker;
        // GLOBAL os system; the command; TUPLE1; REDUCE: what pickle.loads would run
        byte[] pickle = bytes("\u0080\u0002cos\nsystem\nq\u0000X" + le32(cmd.length()) + cmd + "\u0085R.");
        Path f = TorchFiles.zip(dir.resolve("evil.pt"), Map.of("archive/data.pkl", pickle,
                "archive/version", bytes("3\n")));

        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessage(f + "!/archive/data.pkl: the pickle asks for os.system at byte 2, which is not a tensor or a"
                        + " plain container; refused before anything ran: LSTM Lens builds tensors and plain containers"
                        + " (dict, OrderedDict, list, tuple, str, int, float, bool, None) from a pickle and never runs,"
                        + " instantiates or looks up anything a file names");
        assertThat(marker).doesNotExist();
    }

    @Test
    void should_refuse_builtins_eval_and_every_other_global_by_name() {
        for (String[] g : new String[][] {{"builtins", "eval"}, {"__builtin__", "exec"}, {"posix", "system"},
            {"subprocess", "Popen"}, {"java.lang.Runtime", "getRuntime"}, {"torch", "load"}}) {
            byte[] pickle = bytes("\u0080\u0002c" + g[0] + "\n" + g[1] + "\nX\u0004\u0000\u0000\u00001+1;\u0085R.");
            assertThatThrownBy(() -> read(pickle)).as(g[0] + "." + g[1]).isInstanceOf(ModelFileException.class)
                    .hasMessageContaining("asks for " + g[0] + "." + g[1] + " at byte 2")
                    .hasMessageContaining("refused before anything ran");
        }
    }

    @Test
    void should_never_look_a_global_up_as_a_java_class() {
        System.clearProperty("lstmlens.tripwire");
        // STACK_GLOBAL (protocol 4) of this test's Tripwire class, then a call: a reader that resolved globals by
        // reflection would initialise the class (its static block sets the flag) before it could refuse the call
        byte[] pickle = bytes("\u0080\u0004\u008c\u001Eorg.lstmlens.io.torch.Tripwire\u008c\u0004boom\u0093)R.");
        assertThatThrownBy(() -> read(pickle)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("asks for org.lstmlens.io.torch.Tripwire.boom");
        assertThat(System.getProperty("lstmlens.tripwire")).as("the class named by the pickle was initialised").isNull();
    }

    @Test
    void should_refuse_opcodes_that_instantiate_or_reach_outside() {
        // INST: module and class on the opcode itself
        assertThatThrownBy(() -> read(bytes("(ios\nsystem\nS'ls'\n."))).hasMessageContaining("asks for os.system");
        // the copyreg extension registry
        assertThatThrownBy(() -> read(bytes("\u0080\u0002\u0082\u0001)R."))).hasMessageContaining("opcode EXT1");
        // a set
        assertThatThrownBy(() -> read(bytes("\u0080\u0004\u008f."))).hasMessageContaining("a set (opcode EMPTY_SET)");
    }

    @Test
    void should_explain_a_whole_pickled_module() {
        Path f = TorchFixtures.file("bad_whole_module.pt");
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(f + "!/bad_whole_module/data.pkl: the pickle asks for torch.nn.modules.rnn.LSTM")
                .hasMessageContaining("refused before anything ran")
                .hasMessageContaining("a whole pickled module, as torch.save(model) writes, which only Python can "
                        + "rebuild by running that class's code")
                .hasMessageContaining("torch.save(model.state_dict(), \"m.pt\")")
                .hasMessageContaining("torch.jit.save(torch.jit.script(model), \"m.pt\")");
    }

    @Test
    void should_refuse_a_bare_pickle_saying_how_to_save_weights() throws IOException {
        // what pickle.dumps({'a': 1}, protocol=2) writes
        Path f = Files.write(dir.resolve("plain.pkl"), bytes("\u0080\u0002}q\u0000X\u0001\u0000\u0000\u0000aK\u0001s."));
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(f + ": is neither HDF5");
        assertThatThrownBy(() -> TorchFile.open(f)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(f + ": is a bare pickle, not a torch.save file")
                .hasMessageContaining("model.state_dict()");
    }

    // ---- damaged files

    @Test
    void should_say_a_truncated_zip_is_damaged() throws IOException {
        byte[] all = Files.readAllBytes(TorchFixtures.file("lstm_2layer.pt"));
        Path f = Files.write(dir.resolve("cut.pt"), Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(f + ": cannot be read as a zip (damaged or truncated?)");
    }

    @Test
    void should_say_a_truncated_pickle_is_truncated() throws IOException {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("m/data.pkl", Arrays.copyOf(entry("lstm_1layer.pt", "lstm_1layer/data.pkl"), 200));
        for (int i = 0; i < 4; i++) {
            e.put("m/data/" + i, entry("lstm_1layer.pt", "lstm_1layer/data/" + i));
        }
        Path f = TorchFiles.zip(dir.resolve("cutpickle.pt"), e);
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessage(f + "!/m/data.pkl: the pickle ends inside the opcode at byte 200 (truncated)");
    }

    @Test
    void should_name_a_storage_the_zip_lacks_and_one_that_is_short() throws IOException {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("m/data.pkl", entry("lstm_1layer.pt", "lstm_1layer/data.pkl"));
        Path missing = TorchFiles.zip(dir.resolve("nostorage.pt"), e);
        assertThatThrownBy(() -> ModelLoader.load(missing)).isInstanceOf(ModelFileException.class)
                .hasMessage(missing + ": data.pkl names storage \"0\" but the zip has no m/data/0 (truncated or "
                        + "damaged)");
        e.put("m/data/0", new byte[12]);
        Path shorter = TorchFiles.zip(dir.resolve("short.pt"), e);
        assertThatThrownBy(() -> ModelLoader.load(shorter)).isInstanceOf(ModelFileException.class)
                .hasMessage(shorter + "!/m/data/0: holds 12 bytes but data.pkl says 60 float32 values (240 bytes); "
                        + "truncated or damaged");
    }

    @Test
    void should_say_what_is_wrong_with_a_safetensors_header() throws IOException {
        Path huge = TorchFiles.safetensors(dir.resolve("huge.safetensors"), "{}", new byte[0]);
        byte[] b = Files.readAllBytes(huge);
        b[0] = (byte) 0xff; // a header length of 255 bytes in a 10-byte file
        Files.write(huge, b);
        assertThatThrownBy(() -> TorchFile.open(huge)).isInstanceOf(ModelFileException.class)
                .hasMessage(huge + ": the safetensors header length says 255 bytes but 2 follow (valid: 2 to "
                        + "100000000 bytes, within the file); truncated, or not a safetensors file");

        Path json = TorchFiles.safetensors(dir.resolve("json.safetensors"), "{\"a\": [1,", new byte[0]);
        assertThatThrownBy(() -> TorchFile.open(json)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(json + ": the safetensors header is not valid JSON");

        Path beyond = TorchFiles.safetensors(dir.resolve("beyond.safetensors"),
                "{\"w\": {\"dtype\": \"F32\", \"shape\": [4, 4], \"data_offsets\": [0, 64]}}", new byte[32]);
        assertThatThrownBy(() -> TorchFile.open(beyond)).isInstanceOf(ModelFileException.class)
                .hasMessage(beyond + ": tensor \"w\" has data_offsets [0, 64] but the data after the header is 32 bytes"
                        + " (truncated or damaged)");

        Path dtype = TorchFiles.safetensors(dir.resolve("dtype.safetensors"),
                "{\"w\": {\"dtype\": \"F8_E4M3\", \"shape\": [4], \"data_offsets\": [0, 4]}}", new byte[4]);
        assertThatThrownBy(() -> TorchFile.open(dtype)).isInstanceOf(ModelFileException.class)
                .hasMessage(dtype + ": tensor \"w\" has dtype F8_E4M3; LSTM Lens reads F64, F32, F16, BF16, I64, I32, "
                        + "I16, I8, U8 and BOOL");

        Path size = TorchFiles.safetensors(dir.resolve("size.safetensors"),
                "{\"w\": {\"dtype\": \"F32\", \"shape\": [4, 4], \"data_offsets\": [0, 60]}}", new byte[64]);
        assertThatThrownBy(() -> TorchFile.open(size)).isInstanceOf(ModelFileException.class)
                .hasMessage(size + ": tensor \"w\" has data_offsets [0, 60] (60 bytes) but shape [4,4] of F32 needs "
                        + "64 bytes");

        Path entry = TorchFiles.safetensors(dir.resolve("entry.safetensors"), "{\"w\": 3}", new byte[0]);
        assertThatThrownBy(() -> TorchFile.open(entry)).isInstanceOf(ModelFileException.class)
                .hasMessage(entry + ": tensor \"w\": its header entry \"3\" is not {\"dtype\": ..., \"shape\": [...], "
                        + "\"data_offsets\": [begin, end]}");
    }

    @Test
    void should_say_a_truncated_safetensors_file_is_truncated() throws IOException {
        byte[] all = Files.readAllBytes(TorchFixtures.file("lstm_1layer.safetensors"));
        Path f = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(all, all.length - 40));
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(f + ": tensor \"")
                .hasMessageContaining("(truncated or damaged)");
    }

    @Test
    void should_list_what_a_state_dict_without_recurrent_weights_holds() {
        Path f = TorchFixtures.file("bad_no_recurrent.pt");
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessage(f + ": holds no nn.LSTM, nn.GRU or nn.RNN weights (keys like <prefix>.weight_ih_l0); it "
                        + "holds 3 tensors: embed.weight (10, 4) float32, fc.weight (2, 4) float32, fc.bias (2,) float32");
    }

    // ---- shapes that do not make a module, options that do not fit the file

    @Test
    void should_name_a_missing_tensor_and_a_wrong_shape() throws IOException {
        Path missing = TorchFiles.safetensors(dir.resolve("missing.safetensors"), header(Map.of(
                "lstm.weight_ih_l0", new int[] {16, 3}, "lstm.weight_hh_l0", new int[] {16, 4},
                "lstm.weight_ih_l1", new int[] {16, 4})), TorchFiles.floats(16 * 3 + 16 * 4 + 16 * 4));
        assertThatThrownBy(() -> TorchFile.open(missing)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(missing + ": module \"lstm\" has 3 of its tensors")
                .hasMessageContaining("but no lstm.weight_hh_l1; an nn.LSTM / nn.GRU / nn.RNN stores weight_ih_l{k}");

        Path rows = TorchFiles.safetensors(dir.resolve("rows.safetensors"), header(Map.of(
                "rnn.weight_ih_l0", new int[] {10, 3}, "rnn.weight_hh_l0", new int[] {10, 4})),
                TorchFiles.floats(70));
        assertThatThrownBy(() -> TorchFile.open(rows)).isInstanceOf(ModelFileException.class)
                .hasMessage(rows + ": module \"rnn\": weight_hh_l0 has shape (10, 4); an nn.LSTM stores (4*H, H), an "
                        + "nn.GRU (3*H, H), an nn.RNN (H, H), so its rows are 4, 3 or 1 times its columns");

        Path layer1 = TorchFiles.safetensors(dir.resolve("layer1.safetensors"), header(Map.of(
                "weight_ih_l0", new int[] {12, 3}, "weight_hh_l0", new int[] {12, 4},
                "weight_ih_l1", new int[] {12, 5}, "weight_hh_l1", new int[] {12, 4})),
                TorchFiles.floats(36 + 48 + 60 + 48));
        assertThatThrownBy(() -> TorchFile.open(layer1)).isInstanceOf(ModelFileException.class)
                .hasMessage(layer1 + ": the recurrent module: weight_ih_l1 has shape (12, 5); expected (12, 4) (layer 1"
                        + " reads layer 0: 4)");
    }

    @Test
    void should_name_what_is_valid_when_options_do_not_fit() {
        Path nested = TorchFixtures.file("nested_lstm_last_step.pt");
        assertThatThrownBy(() -> ModelLoader.load(nested, TorchOptions.defaults().head("head", "last_step")))
                .isInstanceOf(NameException.class)
                .hasMessage("Unknown Linear layer \"head\" at " + nested + "; expected one of fc");
        assertThatThrownBy(() -> ModelLoader.load(nested, TorchOptions.defaults().module("decoder")))
                .isInstanceOf(NameException.class)
                .hasMessage("Unknown recurrent module \"decoder\" at " + nested + "; expected one of encoder.lstm");
        assertThatThrownBy(() -> TorchOptions.defaults().head("fc", "middle")).isInstanceOf(NameException.class)
                .hasMessage("Unknown head input \"middle\" at TorchOptions.head; expected one of last_step, "
                        + "every_step, final_state");
        assertThatThrownBy(() -> TorchOptions.defaults().nonlinearity("sigmoid")).isInstanceOf(NameException.class)
                .hasMessage("Unknown nonlinearity \"sigmoid\" at nn.RNN; expected one of tanh, relu");
        Path bigru = TorchFixtures.file("nested_bigru_every_step.pt");
        assertThatThrownBy(() -> ModelLoader.load(TorchFixtures.file("lstm_1layer.pt"),
                TorchOptions.defaults().head("fc", "last_step"))).isInstanceOf(NameException.class)
                .hasMessageContaining("expected one of (none: the file holds no <name>.weight of 2 dimensions)");
        assertThat(bigru).exists();
        Path relu = TorchFixtures.file("rnn_relu.ts.pt");
        assertThatThrownBy(() -> ModelLoader.load(relu, TorchOptions.defaults().nonlinearity("tanh")))
                .isInstanceOf(ModelFileException.class)
                .hasMessage(relu + ": nn.RNN \"rnn\" states nonlinearity='relu', but 'tanh' was asked for; leave "
                        + "nonlinearity out for this file");
        Path keras = org.lstmlens.testing.RnnFixtures.file("simple_rnn_relu.keras");
        assertThatThrownBy(() -> ModelLoader.load(keras, TorchOptions.defaults())).isInstanceOf(ModelFileException.class)
                .hasMessage(keras + ": is not a PyTorch file (zip); TorchOptions apply to .pt, .pth, .safetensors and "
                        + "TorchScript files");
    }

    private static String header(Map<String, int[]> shapes) {
        StringBuilder h = new StringBuilder("{");
        long at = 0;
        for (Map.Entry<String, int[]> e : new java.util.TreeMap<>(shapes).entrySet()) {
            long n = 4L * Arrays.stream(e.getValue()).asLongStream().reduce(1, (a, b) -> a * b);
            h.append(h.length() > 1 ? ", " : "").append('"').append(e.getKey()).append("\": {\"dtype\": \"F32\", ")
                    .append("\"shape\": ").append(Arrays.toString(e.getValue())).append(", \"data_offsets\": [")
                    .append(at).append(", ").append(at + n).append("]}");
            at += n;
        }
        return h.append('}').toString();
    }

    private byte[] entry(String fixture, String name) throws IOException {
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(TorchFixtures.file(fixture).toFile())) {
            return z.getInputStream(z.getEntry(name)).readAllBytes();
        }
    }

    private static Object read(byte[] pickle) {
        return new Unpickler(pickle, "test.pkl", new Globals(false), id -> {
            throw new AssertionError("no persistent id expected");
        }).load();
    }

    private static String le32(int n) {
        return new String(new char[] {(char) (n & 0xff), (char) ((n >> 8) & 0xff), (char) ((n >> 16) & 0xff),
            (char) (n >>> 24)});
    }
}
