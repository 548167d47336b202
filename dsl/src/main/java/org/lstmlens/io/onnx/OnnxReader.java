package org.lstmlens.io.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.io.onnx.proto.Onnx.ModelProto;
import org.lstmlens.io.onnx.proto.Onnx.OperatorSetIdProto;
import org.lstmlens.model.Model;
import org.lstmlens.model.ModelInfo;

/**
 * Opens an ONNX model (.onnx, protobuf, read with the classes generated from ONNX's own schema) as a {@link Model}:
 * its LSTM, GRU and RNN nodes become recurrent layers over the core's loop, the nodes around them run as ONNX
 * defines them, and what cannot run is listed in the model's assumptions. The returned model holds no file handle.
 */
public final class OnnxReader {
    private OnnxReader() {
    }

    /** Whether a path names an ONNX file ({@code .onnx}); the parse then decides whether it is one. */
    public static boolean isOnnxName(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    /**
     * Reads the model.
     *
     * @throws ModelFileException naming the file and what is wrong: not a protobuf ModelProto (truncated or damaged),
     *     no recurrent node (listing the operators it holds), a missing or escaping external data file, weights of a
     *     wrong shape
     */
    public static Model load(Path path) {
        String file = path.toString();
        try {
            ModelProto m = parse(path, file);
            int opset = opset(m, file);
            GraphBuilder builder = new GraphBuilder(file, new TensorReader(file, new ExternalData(path)), opset);
            OnnxGraph g = builder.build(m.getGraph());
            String producer = m.getProducerName().isEmpty() ? "" : ", written by " + m.getProducerName()
                    + (m.getProducerVersion().isEmpty() ? "" : " " + m.getProducerVersion());
            ModelInfo info = ModelInfo.builder(file).format("ONNX (IR version " + m.getIrVersion() + ", opset " + opset
                    + producer + ")").assumptions(g.assumptions()).outputShapes(g.shapes()).build();
            String name = m.getGraph().getName().isEmpty() ? path.getFileName().toString() : m.getGraph().getName();
            return new Model(name, "ONNX", g.layers(), g.calls(), g.inputs(), g.outputs(), Map.of(), info);
        } catch (ModelFileException e) {
            throw e;
        } catch (LstmException e) {
            throw new ModelFileException(file + ": " + e.getMessage(), e);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            throw new ModelFileException(file + ": cannot be read as ONNX (damaged?): " + e, e);
        }
    }

    private static ModelProto parse(Path path, String file) {
        if (Files.isDirectory(path)) {
            throw new ModelFileException(file + ": is a directory; expected an .onnx file");
        }
        ModelProto m;
        long size;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new ModelFileException(file + ": is " + size + " bytes; a protobuf file is at most 2 GB (larger "
                        + "ONNX models keep their weights in external data files)");
            }
            // mapped, not read into the heap: raw_data stays a view of the file until each array is converted
            MappedByteBuffer bytes = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.enableAliasing(true);
            m = ModelProto.parseFrom(in);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file + ": no such file");
        } catch (InvalidProtocolBufferException e) {
            throw new ModelFileException(file + ": is not a valid ONNX model: its protobuf cannot be parsed (truncated "
                    + "or damaged?): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot be read: " + e.getMessage(), e);
        }
        if (!m.hasGraph() || m.getGraph().getNodeCount() == 0 || m.getIrVersion() <= 0) {
            throw new ModelFileException(file + ": is not an ONNX model: " + (m.getIrVersion() <= 0
                    ? "it states no ir_version" : "it has no graph with nodes") + " (" + size + " bytes; "
                    + "truncated, or another kind of file?)");
        }
        return m;
    }

    /** The version of the default operator set the graph is written in. */
    private static int opset(ModelProto m, String file) {
        for (OperatorSetIdProto o : m.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return (int) o.getVersion();
            }
        }
        throw new ModelFileException(file + ": imports no version of the default operator set (opset_import has "
                + m.getOpsetImportCount() + " entries, none for domain \"\" or \"ai.onnx\")");
    }
}
