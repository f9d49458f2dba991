package dev.portbench.results;

import java.nio.file.Path;

/** A .npy file this reader does not support or that is malformed; the message names the file and the field. */
public final class NpyFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NpyFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
