package org.lstmlens.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.testing.Fixtures;

/** Every kind of bad input gives a {@link ModelFileException} that names the file (and the layer where there is one). */
class BadFilesTest {
    @TempDir
    Path dir;

    @Test
    void should_name_a_missing_file() {
        Path f = dir.resolve("absent.h5");
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessage(f + ": no such file");
    }

    @Test
    void should_say_a_truncated_hdf5_file_is_damaged() throws IOException {
        byte[] all = Files.readAllBytes(Fixtures.keras().resolve("05_k2_ghack_lstm_dense.h5"));
        Path f = Files.write(dir.resolve("cut.h5"), Arrays.copyOf(all, all.length / 3));
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(f.toString());
    }

    @Test
    void should_say_a_truncated_keras_zip_is_damaged() throws IOException {
        byte[] all = Files.readAllBytes(Fixtures.keras3().resolve("masking.keras"));
        Path f = Files.write(dir.resolve("cut.keras"), Arrays.copyOf(all, all.length - 100));
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(f.toString());
    }

    @Test
    void should_choose_by_content_not_by_extension() throws IOException {
        Path text = Files.writeString(dir.resolve("model.h5"), "these bytes are no model at all");
        assertThatThrownBy(() -> ModelLoader.load(text)).isInstanceOf(ModelFileException.class)
                .hasMessage(text + ": is neither HDF5 nor a zip (.keras, .pt) nor safetensors; a Keras model file "
                        + "starts with the HDF5 signature or PK, a PyTorch file with PK, a safetensors file with its "
                        + "header length and '{' (an ONNX model is read from a "
                        + "file named .onnx)");
        Path json = Files.writeString(dir.resolve("model.keras"), "{\"class_name\": \"Sequential\"}");
        assertThatThrownBy(() -> ModelLoader.load(json)).hasMessageContaining("is a JSON text");
        // a real HDF5 model named .keras still opens
        Path renamed = Files.copy(Fixtures.keras().resolve("05_k2_ghack_lstm_dense.h5"), dir.resolve("m.keras"));
        assertThat(ModelLoader.load(renamed).params()).isEqualTo(528 + 5);
    }

    @Test
    void should_refuse_a_zip_without_config_json() throws IOException {
        Path f = zip("noconfig.keras", "metadata.json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessage(f + ": is a zip without config.json, so not a Keras .keras file, and without data.pkl, so "
                        + "not a PyTorch (torch.save, TorchScript) file");
    }

    @Test
    void should_name_the_layer_where_config_and_weights_disagree() throws IOException {
        // lstm_one_feature's config (LSTM of 3 units) with stacked_lstm's weights (first LSTM: 16 units)
        byte[] config;
        byte[] weights;
        try (ZipFile a = new ZipFile(Fixtures.keras3().resolve("lstm_one_feature.keras").toFile());
             ZipFile b = new ZipFile(Fixtures.keras3().resolve("stacked_lstm.keras").toFile())) {
            config = a.getInputStream(a.getEntry("config.json")).readAllBytes();
            weights = b.getInputStream(b.getEntry("model.weights.h5")).readAllBytes();
        }
        Path f = zip("mixed.keras", "config.json", config, "model.weights.h5", weights);
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("layer \"lstm_1\"")
                .hasMessageContaining("the config says 3 units but the weights hold");
    }

    private Path zip(String name, Object... entries) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < entries.length; i += 2) {
                z.putNextEntry(new ZipEntry((String) entries[i]));
                z.write((byte[]) entries[i + 1]);
                z.closeEntry();
            }
        }
        return f;
    }
}
