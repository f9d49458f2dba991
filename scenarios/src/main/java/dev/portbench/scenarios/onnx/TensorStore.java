package dev.portbench.scenarios.onnx;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where initializer bytes go: inline in the protobuf ({@code raw_data}), or, for models past protobuf's 2 GiB limit,
 * into one external data file beside the model (ONNX's external-data convention: location, offset, length relative to
 * the model's directory). External writes stream in chunks, so a tensor of any size never needs one byte array.
 */
abstract class TensorStore implements AutoCloseable {

    /** Writes element {@code i} of a tensor into {@code dst} (little-endian). */
    interface Encoder {
        void put(ByteBuffer dst, int i);
    }

    abstract void place(TensorProto.Builder t, long elements, int bytesPerElement, Encoder encoder);

    @Override
    public void close() throws IOException {
    }

    static TensorStore inline() {
        return new TensorStore() {
            @Override
            void place(TensorProto.Builder t, long elements, int bytesPerElement, Encoder encoder) {
                ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(elements * bytesPerElement))
                        .order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < elements; i++) {
                    encoder.put(bytes, i);
                }
                t.setRawData(ByteString.copyFrom(bytes.array()));
            }
        };
    }

    /** Writes every tensor into {@code dataFile}; {@code location} is its name relative to the model file. */
    static TensorStore external(Path dataFile, String location) throws IOException {
        FileChannel channel = FileChannel.open(dataFile, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        return new TensorStore() {
            private static final int CHUNK = 1 << 20;
            private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            private long offset;

            @Override
            void place(TensorProto.Builder t, long elements, int bytesPerElement, Encoder encoder) {
                long length = elements * bytesPerElement;
                try {
                    for (long i = 0; i < elements; i++) {
                        if (chunk.remaining() < bytesPerElement) {
                            drain();
                        }
                        encoder.put(chunk, Math.toIntExact(i));
                    }
                    drain();
                } catch (IOException e) {
                    throw new UncheckedIOException("could not write weights to " + dataFile, e);
                }
                t.setDataLocation(TensorProto.DataLocation.EXTERNAL)
                        .addExternalData(entry("location", location))
                        .addExternalData(entry("offset", Long.toString(offset)))
                        .addExternalData(entry("length", Long.toString(length)));
                offset += length;
            }

            private void drain() throws IOException {
                chunk.flip();
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
                chunk.clear();
            }

            @Override
            public void close() throws IOException {
                channel.force(true);
                channel.close();
            }
        };
    }

    /**
     * Writes nothing: every tensor refers to the same bytes in {@code dataFile}, written by an export of the same
     * weights in the same order (the accuracy graph beside the timed one), so the two graphs share one copy. Closing
     * checks that the tensors placed add up to the file's length; a mismatch means they do not line up.
     */
    static TensorStore referencing(Path dataFile, String location) throws IOException {
        long size = java.nio.file.Files.size(dataFile);
        return new TensorStore() {
            private long offset;

            @Override
            void place(TensorProto.Builder t, long elements, int bytesPerElement, Encoder encoder) {
                long length = elements * bytesPerElement;
                t.setDataLocation(TensorProto.DataLocation.EXTERNAL)
                        .addExternalData(entry("location", location))
                        .addExternalData(entry("offset", Long.toString(offset)))
                        .addExternalData(entry("length", Long.toString(length)));
                offset += length;
            }

            @Override
            public void close() throws IOException {
                if (offset != size) {
                    throw new IOException("the graph's initializers take " + offset + " bytes but " + dataFile
                            + " holds " + size + "; expected the export it shares to have placed the same tensors");
                }
            }
        };
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
