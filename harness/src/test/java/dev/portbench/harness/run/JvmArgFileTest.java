package dev.portbench.harness.run;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JvmArgFileTest {

    @Test
    void eachArgumentIsQuotedOnItsOwnLineWithBackslashesAndQuotesEscaped() {
        assertEquals("\"-cp\"\n\"/a b/c.jar:/d.jar\"\n\"-Dx=say \\\"hi\\\" C:\\\\dir\"",
                JvmArgFile.encode(List.of("-cp", "/a b/c.jar:/d.jar", "-Dx=say \"hi\" C:\\dir")));
    }
}
