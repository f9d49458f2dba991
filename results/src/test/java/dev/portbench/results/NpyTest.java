package dev.portbench.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path dir;

    @Test
    void headerBytesFollowTheSpecification() throws IOException {
        Path file = dir.resolve("a.npy");
        Npy.write(file, new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -0.5f});
        byte[] bytes = Files.readAllBytes(file);

        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        // 10 preamble bytes + 59 dict bytes + '\n' = 70, padded up to 128 with 58 spaces: header length 118 = 0x76.
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0x76, 0x00});
        expected.write(dict.getBytes(StandardCharsets.US_ASCII));
        expected.write(" ".repeat(58).getBytes(StandardCharsets.US_ASCII));
        expected.write('\n');
        // 1.0f = 0x3F800000 and -0.5f = 0xBF000000, little-endian
        expected.write(new byte[] {0, 0, (byte) 0x80, 0x3F});
        assertArrayEquals(expected.toByteArray(), Arrays.copyOf(bytes, 132));
        assertEquals(128 + 6 * 4, bytes.length);
        assertArrayEquals(new byte[] {0, 0, 0, (byte) 0xBF}, Arrays.copyOfRange(bytes, 148, 152));
    }

    @Test
    void headerLengthIsAlwaysAMultipleOf64() {
        long[][] shapes = {{}, {5}, {2, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {123456789012L, 1}};
        for (long[] shape : shapes) {
            byte[] header = Npy.header("<f8", shape);
            assertEquals(0, header.length % 64, Arrays.toString(shape));
            assertEquals('\n', header[header.length - 1]);
            int declared = (header[8] & 0xFF) | (header[9] & 0xFF) << 8;
            assertEquals(header.length - 10, declared, Arrays.toString(shape));
        }
    }

    @Test
    void tuplesAreWrittenAsPythonWritesThem() {
        assertTrue(headerText(new long[] {5}).contains("'shape': (5,), }"));
        assertTrue(headerText(new long[] {}).contains("'shape': (), }"));
        assertTrue(headerText(new long[] {4, 1, 7}).contains("'shape': (4, 1, 7), }"));
    }

    @Test
    void roundTripsEveryWrittenType() throws IOException {
        Path f4 = dir.resolve("f4.npy");
        Npy.write(f4, new long[] {5}, new float[] {0.1f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN});
        NpyArray floats = Npy.read(f4);
        assertEquals("<f4", floats.descr());
        assertArrayEquals(new long[] {5}, floats.shape());
        assertArrayEquals(new double[] {0.1f, -0.0, Float.MIN_VALUE, Float.MAX_VALUE, Double.NaN}, floats.floats());
        assertEquals(0.10000000149011612, floats.floats()[0], 0); // widened exactly, not re-rounded to 0.1
        assertTrue(floats.isFloat());
        assertNull(floats.ints());

        Path f8 = dir.resolve("f8.npy");
        double[] doubles = {Math.PI, -1e-300, 1.0 / 3, 0};
        Npy.write(f8, new long[] {2, 1, 2}, doubles);
        assertEquals(new NpyArray(new long[] {2, 1, 2}, "<f8", doubles, null), Npy.read(f8));

        Path i8 = dir.resolve("i8.npy");
        long[] longs = {Long.MIN_VALUE, -1, 0, 7, Long.MAX_VALUE, 1L << 40};
        Npy.write(i8, new long[] {3, 2}, longs);
        NpyArray ints = Npy.read(i8);
        assertEquals(new NpyArray(new long[] {3, 2}, "<i8", null, longs), ints);
        assertFalse(ints.isFloat());
        assertEquals(6, ints.size());
    }

    @Test
    void roundTripsArraysLargerThanOneWriteChunk() throws IOException {
        float[] data = new float[200_003];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.25f - 7;
        }
        Path file = dir.resolve("big.npy");
        Npy.write(file, new long[] {data.length}, data);
        NpyArray back = Npy.read(file);
        assertEquals(128 + 4L * data.length, Files.size(file));
        assertEquals(data.length, back.size());
        assertEquals(-7.0, back.floats()[0], 0);
        assertEquals(200_002 * 0.25 - 7, back.floats()[200_002], 0);
        assertEquals(65_536 * 0.25 - 7, back.floats()[65_536], 0); // first element of the second chunk
    }

    /** The reader streams the data in chunks of 2^20 items: every value of a file of more than one comes back. */
    @Test
    void readsArraysLargerThanOneReadChunk() throws IOException {
        int n = (1 << 20) + 3;
        double[] data = new double[n];
        for (int i = 0; i < n; i++) {
            data[i] = i * 0.5 - 3;
        }
        Path file = dir.resolve("chunks.npy");
        Npy.write(file, new long[] {n}, data);
        org.junit.jupiter.api.Assertions.assertArrayEquals(data, Npy.read(file).floats());
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 3L * i - 5;
        }
        Npy.write(file, new long[] {n}, ids);
        org.junit.jupiter.api.Assertions.assertArrayEquals(ids, Npy.read(file).ints());
    }

    @Test
    void scalarsAndEmptyArrays() throws IOException {
        Path scalar = dir.resolve("scalar.npy");
        Npy.write(scalar, new long[] {}, new double[] {42.5});
        NpyArray back = Npy.read(scalar);
        assertEquals(0, back.shape().length);
        assertArrayEquals(new double[] {42.5}, back.floats());

        Path empty = dir.resolve("empty.npy");
        Npy.write(empty, new long[] {0, 4}, new long[0]);
        assertEquals(0, Npy.read(empty).size());
        assertArrayEquals(new long[] {0, 4}, Npy.read(empty).shape());
    }

    @Test
    void dataLengthMustMatchTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npy.write(dir.resolve("x.npy"), new long[] {2, 3}, new float[5]));
        assertEquals("data has 5 elements; shape [2, 3] needs 6", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Npy.write(dir.resolve("x.npy"), new long[] {-1}, new long[0]));
        assertFalse(Files.exists(dir.resolve("x.npy")));
    }

    @Test
    void writingReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("out.npy");
        Npy.write(file, new long[] {2}, new double[] {1, 2});
        Npy.write(file, new long[] {3}, new double[] {3, 4, 5});
        assertArrayEquals(new double[] {3, 4, 5}, Npy.read(file).floats());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void readsFilesWrittenByNumpy() throws IOException {
        NpyArray i4 = Npy.read(fixture("numpy_i4_2x2.npy"));
        assertEquals(new NpyArray(new long[] {2, 2}, "<i4", null, new long[] {1, -2, 3, 2147483647}), i4);

        NpyArray f4 = Npy.read(fixture("numpy_f4_3.npy"));
        assertEquals("<f4", f4.descr());
        // numpy: float(np.float32(0.1)) == 0.10000000149011612, float(np.float32(3e-8)) == 2.999999892949745e-08
        assertArrayEquals(new double[] {0.10000000149011612, -1.5, 2.999999892949745e-08}, f4.floats());

        NpyArray scalar = Npy.read(fixture("numpy_f8_scalar.npy"));
        assertEquals(0, scalar.shape().length);
        assertArrayEquals(new double[] {2.5}, scalar.floats());

        NpyArray empty = Npy.read(fixture("numpy_i8_0x3.npy"));
        assertArrayEquals(new long[] {0, 3}, empty.shape());
        assertEquals(0, empty.ints().length);
    }

    @Test
    void unsupportedLayoutsNameTheFileAndTheField() throws IOException {
        Path bigEndian = fixture("numpy_big_endian_f8.npy");
        NpyFormatException be = assertThrows(NpyFormatException.class, () -> Npy.read(bigEndian));
        assertEquals(bigEndian + ": unsupported descr '>f8'; expected one of '<f4', '<f8', '<i8', '<i4'", be.getMessage());

        Path fortran = fixture("numpy_fortran_f4.npy");
        NpyFormatException fo = assertThrows(NpyFormatException.class, () -> Npy.read(fortran));
        assertEquals(fortran + ": unsupported fortran_order True; expected False (C order)", fo.getMessage());

        NpyFormatException u1 = assertThrows(NpyFormatException.class, () -> Npy.read(fixture("numpy_u1.npy")));
        assertTrue(u1.getMessage().contains("unsupported descr '|u1'"), u1.getMessage());
    }

    @Test
    void malformedFilesAreRejected() throws IOException {
        Path notNpy = dir.resolve("text.npy");
        Files.writeString(notNpy, "hello, world");
        NpyFormatException magic = assertThrows(NpyFormatException.class, () -> Npy.read(notNpy));
        assertTrue(magic.getMessage().startsWith(notNpy + ": not a .npy file"), magic.getMessage());

        Path good = dir.resolve("good.npy");
        Npy.write(good, new long[] {4}, new double[] {1, 2, 3, 4});
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = dir.resolve("truncated.npy");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 3));
        NpyFormatException shortData = assertThrows(NpyFormatException.class, () -> Npy.read(truncated));
        assertEquals(truncated + ": data has 29 bytes; shape [4] of <f8 needs 32", shortData.getMessage());

        Path version = dir.resolve("version.npy");
        byte[] v9 = bytes.clone();
        v9[6] = 9;
        Files.write(version, v9);
        NpyFormatException badVersion = assertThrows(NpyFormatException.class, () -> Npy.read(version));
        assertTrue(badVersion.getMessage().contains("unsupported format version 9.0"), badVersion.getMessage());
    }

    @Test
    void arrayRecordChecksItsInvariants() {
        assertThrows(IllegalArgumentException.class, () -> new NpyArray(new long[] {2}, "<f8", null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new NpyArray(new long[] {1}, "<f8", new double[1], new long[1]));
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> new NpyArray(new long[] {2, 2}, "<f8", new double[3], null));
        assertEquals("data has 3 elements; shape [2, 2] needs 4", size.getMessage());
    }

    private static String headerText(long[] shape) {
        return new String(Npy.header("<f4", shape), StandardCharsets.ISO_8859_1);
    }

    private static Path fixture(String name) {
        try {
            return Path.of(NpyTest.class.getResource("npy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
