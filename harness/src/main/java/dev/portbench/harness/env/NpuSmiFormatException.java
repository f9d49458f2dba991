package dev.portbench.harness.env;

/** npu-smi printed a line its parser cannot make sense of; the message names the line, its text and what was expected. */
public final class NpuSmiFormatException extends IllegalArgumentException {
    public NpuSmiFormatException(String command, int lineNumber, String line, String expected) {
        super(command + " line " + lineNumber + ": expected " + expected + ", got '" + line.strip() + "'");
    }

    public NpuSmiFormatException(String command, String problem) {
        super(command + ": " + problem);
    }
}
