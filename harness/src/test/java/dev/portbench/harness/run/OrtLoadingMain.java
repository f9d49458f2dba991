package dev.portbench.harness.run;

import ai.onnxruntime.OrtEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;

/** A JVM that loads ONNX Runtime and prints its version and the files its JNI library was mapped from. */
public final class OrtLoadingMain {
    private OrtLoadingMain() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("version=" + OrtEnvironment.getEnvironment().getVersion());
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.contains("onnxruntime4j_jni")) {
                System.out.println("mapped=" + line.substring(line.indexOf('/')));
                break;
            }
        }
    }
}
