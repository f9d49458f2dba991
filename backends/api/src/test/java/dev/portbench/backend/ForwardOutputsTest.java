package dev.portbench.backend;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ForwardOutputsTest {

    @Test
    void routingListIsCopiedAndUnmodifiable() {
        List<long[]> routing = new ArrayList<>();
        routing.add(new long[] {0, 1});
        ForwardOutputs out = new ForwardOutputs(OutputTensor.ofFloats(new long[] {1}, new float[1]), routing);
        routing.add(new long[] {2, 3});
        assertEquals(1, out.routerTopK().size());
        assertThrows(UnsupportedOperationException.class, () -> out.routerTopK().add(new long[0]));
    }
}
