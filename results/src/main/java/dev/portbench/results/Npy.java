package dev.portbench.results;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy .npy files, so model inputs and outputs saved by a run open with {@code numpy.load}.
 *
 * <p>Layout (format version 1.0): the magic {@code \x93NUMPY}, bytes {@code 1 0}, a little-endian uint16 header
 * length, then the header: a Python dict literal such as {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (2, 3), }} padded with spaces and ended by {@code \n} so that magic + version + length + header is a
 * multiple of 64 bytes (numpy's alignment since 1.15), then the data, little-endian, C order.
 *
 * <p>Writes {@code <f4}, {@code <f8}, {@code <i8}, atomically (sibling temporary file, forced, renamed into place,
 * replacing an existing file). Reads {@code <f4}, {@code <f8}, {@code <i8}, {@code <i4} with
 * {@code fortran_order: False}, in format versions 1.0, 2.0 and 3.0 (which differ only in the header length field
 * and encoding); anything else is an {@link NpyFormatException}.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final int CHUNK_ELEMENTS = 1 << 16;

    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(\\w+)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    public static void write(Path file, long[] shape, float[] data) throws IOException {
        checkShape(shape, data.length);
        writeAtomically(file, "<f4", shape, Float.BYTES, data.length, (buffer, from, count) -> {
            for (int i = from; i < from + count; i++) {
                buffer.putFloat(data[i]);
            }
        });
    }

    public static void write(Path file, long[] shape, double[] data) throws IOException {
        checkShape(shape, data.length);
        writeAtomically(file, "<f8", shape, Double.BYTES, data.length, (buffer, from, count) -> {
            for (int i = from; i < from + count; i++) {
                buffer.putDouble(data[i]);
            }
        });
    }

    public static void write(Path file, long[] shape, long[] data) throws IOException {
        checkShape(shape, data.length);
        writeAtomically(file, "<i8", shape, Long.BYTES, data.length, (buffer, from, count) -> {
            for (int i = from; i < from + count; i++) {
                buffer.putLong(data[i]);
            }
        });
    }

    /**
     * Reads a whole .npy file; I/O failures are IOExceptions, unsupported or malformed content NpyFormatExceptions. The
     * data is streamed in chunks into the one array it fills, so a file over 2 GiB (a Java array of bytes) reads too.
     */
    public static NpyArray read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer preamble = readAt(channel, 0, (int) Math.min(size, MAGIC.length + 2 + 4));
            if (preamble.remaining() < MAGIC.length + 2 || !Arrays.equals(Arrays.copyOf(preamble.array(), MAGIC.length),
                    MAGIC)) {
                throw new NpyFormatException(file, "not a .npy file; expected it to start with the magic \\x93NUMPY");
            }
            preamble.position(MAGIC.length);
            int major = Byte.toUnsignedInt(preamble.get());
            int minor = Byte.toUnsignedInt(preamble.get());
            int lengthBytes = switch (major) {
                case 1 -> 2;
                case 2, 3 -> 4;
                default -> throw new NpyFormatException(file, "unsupported format version " + major + "." + minor
                        + "; expected 1.0, 2.0 or 3.0");
            };
            if (preamble.remaining() < lengthBytes) {
                throw new NpyFormatException(file, "truncated before the header length");
            }
            long headerLength = lengthBytes == 2 ? Short.toUnsignedInt(preamble.getShort())
                    : Integer.toUnsignedLong(preamble.getInt());
            long headerStart = MAGIC.length + 2L + lengthBytes;
            if (headerLength > size - headerStart) {
                throw new NpyFormatException(file, "header length field says " + headerLength + " bytes; only "
                        + (size - headerStart) + " bytes follow");
            }
            String header = new String(readAt(channel, headerStart, (int) headerLength).array(),
                    major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            long dataStart = headerStart + headerLength;

            String descr = field(file, header, DESCR, "descr");
            String fortran = field(file, header, FORTRAN, "fortran_order");
            if (!fortran.equals("False")) {
                throw new NpyFormatException(file, "unsupported fortran_order " + fortran
                        + "; expected False (C order)");
            }
            long[] shape = parseShape(file, field(file, header, SHAPE, "shape"));
            int itemSize = switch (descr) {
                case "<f4", "<i4" -> 4;
                case "<f8", "<i8" -> 8;
                default -> throw new NpyFormatException(file, "unsupported descr '" + descr
                        + "'; expected one of '<f4', '<f8', '<i8', '<i4'");
            };
            long count;
            try {
                count = elementCount(shape);
            } catch (ArithmeticException overflow) {
                throw new NpyFormatException(file, "shape " + Arrays.toString(shape)
                        + " overflows a 64-bit element count");
            }
            if (count > Integer.MAX_VALUE - 8) {
                throw new NpyFormatException(file, "shape " + Arrays.toString(shape) + " has " + count
                        + " elements; expected at most " + (Integer.MAX_VALUE - 8) + " (one Java array)");
            }
            long expectedBytes = count * itemSize;
            if (size - dataStart != expectedBytes) {
                throw new NpyFormatException(file, "data has " + (size - dataStart) + " bytes; shape "
                        + Arrays.toString(shape) + " of " + descr + " needs " + expectedBytes);
            }
            int n = (int) count;
            boolean decimal = descr.startsWith("<f");
            double[] doubles = decimal ? new double[n] : null;
            long[] longs = decimal ? null : new long[n];
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_ITEMS * itemSize).order(ByteOrder.LITTLE_ENDIAN);
            long position = dataStart;
            for (int from = 0; from < n; from += CHUNK_ITEMS) {
                int items = Math.min(CHUNK_ITEMS, n - from);
                chunk.clear().limit(items * itemSize);
                readFully(channel, chunk, position);
                position += (long) items * itemSize;
                chunk.flip();
                for (int i = from; i < from + items; i++) {
                    switch (descr) {
                        case "<f4" -> doubles[i] = chunk.getFloat();
                        case "<f8" -> doubles[i] = chunk.getDouble();
                        case "<i4" -> longs[i] = chunk.getInt();
                        default -> longs[i] = chunk.getLong();
                    }
                }
            }
            return new NpyArray(shape, descr, doubles, longs);
        }
    }

    /** Items read per chunk: 8 MiB of the largest items. */
    private static final int CHUNK_ITEMS = 1 << 20;

    /** {@code length} bytes from {@code position}, or fewer where the file ends first. */
    private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                break;
            }
            at += read;
        }
        buffer.flip();
        return buffer;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new java.io.EOFException("the file ended at byte " + at + " while its data was read");
            }
            at += read;
        }
    }

    /** Product of the shape's dimensions; 1 for the empty shape (a scalar). */
    static long elementCount(long[] shape) {
        long count = 1;
        for (long dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                        + " has a negative dimension; expected every dimension >= 0");
            }
            count = Math.multiplyExact(count, dimension);
        }
        return count;
    }

    /** The header bytes (magic to the final newline) for a C-order array. */
    static byte[] header(String descr, long[] shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + pythonTuple(shape) + ", }";
        int preamble = MAGIC.length + 2 + 2;
        int unpadded = preamble + dict.length() + 1; // + the closing '\n'
        int padding = (ALIGN - unpadded % ALIGN) % ALIGN;
        int headerLength = dict.length() + padding + 1;
        if (headerLength > 0xFFFF) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                    + " needs a header longer than format 1.0 allows (65535 bytes)");
        }
        ByteBuffer out = ByteBuffer.allocate(preamble + headerLength).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLength);
        out.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < padding; i++) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    /** Python's repr of a tuple of ints: {@code ()}, {@code (5,)}, {@code (2, 3)}. */
    private static String pythonTuple(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            out.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return out.append(')').toString();
    }

    private static void checkShape(long[] shape, int dataLength) {
        if (shape == null) {
            throw new IllegalArgumentException("shape is null; expected an array of dimensions ({} for a scalar)");
        }
        long expected = elementCount(shape);
        if (expected != dataLength) {
            throw new IllegalArgumentException("data has " + dataLength + " elements; shape " + Arrays.toString(shape)
                    + " needs " + expected);
        }
    }

    /** Puts {@code count} elements starting at {@code from} into a little-endian buffer. */
    @FunctionalInterface
    private interface Chunk {
        void put(ByteBuffer buffer, int from, int count);
    }

    private static void writeAtomically(Path file, String descr, long[] shape, int itemSize, int length, Chunk chunk)
            throws IOException {
        byte[] header = header(descr, shape);
        Path temp = AtomicFiles.writeTemp(file, (FileChannel channel) -> {
            AtomicFiles.writeFully(channel, ByteBuffer.wrap(header));
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK_ELEMENTS * itemSize).order(ByteOrder.LITTLE_ENDIAN);
            for (int from = 0; from < length; from += CHUNK_ELEMENTS) {
                buffer.clear();
                chunk.put(buffer, from, Math.min(CHUNK_ELEMENTS, length - from));
                buffer.flip();
                AtomicFiles.writeFully(channel, buffer);
            }
        });
        try {
            AtomicFiles.replace(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String field(Path file, String header, Pattern pattern, String name) {
        Matcher matcher = pattern.matcher(header);
        if (!matcher.find()) {
            throw new NpyFormatException(file, "header has no readable '" + name + "' field; expected a dict like "
                    + "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }, got " + header.strip());
        }
        return matcher.group(1);
    }

    private static long[] parseShape(Path file, String tuple) {
        List<Long> dimensions = new ArrayList<>();
        for (String part : tuple.split(",")) {
            String text = part.strip();
            if (text.isEmpty()) {
                continue; // the trailing comma of (5,) and the empty tuple ()
            }
            try {
                long dimension = Long.parseLong(text.endsWith("L") ? text.substring(0, text.length() - 1) : text);
                if (dimension < 0) {
                    throw new NumberFormatException();
                }
                dimensions.add(dimension);
            } catch (NumberFormatException notDimension) {
                throw new NpyFormatException(file, "unsupported shape (" + tuple + "); expected non-negative integers");
            }
        }
        return dimensions.stream().mapToLong(Long::longValue).toArray();
    }
}
