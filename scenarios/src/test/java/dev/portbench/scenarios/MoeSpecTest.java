package dev.portbench.scenarios;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MoeSpecTest {

    private static void assertRejected(String expectedInMessage, Runnable construct) {
        SpecException e = assertThrows(SpecException.class, construct::run);
        assertTrue(e.getMessage().contains(expectedInMessage),
                "expected '" + expectedInMessage + "' in: " + e.getMessage());
    }

    @Test
    void topKLargerThanExpertsIsRejectedNamingBoth() {
        assertRejected("moe.top_k = 5 is larger than moe.experts = 4", () -> new MoeSpec(4, 5, 64, 0));
    }

    @Test
    void topKEqualToExpertsAndNoSharedExpertsAreAccepted() {
        assertDoesNotThrow(() -> new MoeSpec(4, 4, 64, 0));
    }

    @Test
    void nonPositiveFieldsAreRejectedNamingFieldAndValue() {
        assertRejected("moe.experts = 0", () -> new MoeSpec(0, 1, 64, 0));
        assertRejected("moe.top_k = 0", () -> new MoeSpec(4, 0, 64, 0));
        assertRejected("moe.expert_ffn_hidden = -8", () -> new MoeSpec(4, 2, -8, 0));
        assertRejected("moe.shared_experts = -1", () -> new MoeSpec(4, 2, 64, -1));
    }

    private static RouterSpec grouped(int groups, int topkGroups, boolean bias) {
        return new RouterSpec(RouterSpec.Scoring.SIGMOID, true, 2.5, groups, topkGroups, bias);
    }

    @Test
    void groupsMustSplitTheExpertsEvenlyAndHoldTopK() {
        assertRejected("moe.n_group = 3 does not divide moe.experts = 8",
                () -> new MoeSpec(8, 2, 16, 0, grouped(3, 1, false), 0));
        assertRejected("moe.topk_group = 5 is larger than moe.n_group = 4", () -> grouped(4, 5, false));
        assertRejected("moe.topk_group = 1 groups of 2 experts hold fewer than top_k = 3",
                () -> new MoeSpec(8, 3, 16, 0, grouped(4, 1, false), 0));
        assertRejected("leaves 1 expert per group", () -> new MoeSpec(8, 2, 16, 0, grouped(8, 2, true), 0));
        assertDoesNotThrow(() -> new MoeSpec(8, 2, 16, 0, grouped(8, 2, false), 0)); // V2's max needs no pair
        assertEquals(2, new MoeSpec(8, 2, 16, 0, grouped(4, 2, true), 0).expertsPerGroup());
    }

    @Test
    void routerScalarsAreChecked() {
        assertRejected("moe.routed_scaling_factor = 0.0", () -> new RouterSpec(RouterSpec.Scoring.SOFTMAX, true, 0.0,
                1, 1, false));
        assertRejected("moe.scoring = 'tanh'; expected softmax or sigmoid", () -> RouterSpec.Scoring.fromId("tanh"));
        assertRejected("moe.first_dense_layers = -1", () -> new MoeSpec(8, 2, 16, 0, RouterSpec.SOFTMAX_TOP_K, -1));
    }

    @Test
    void firstDenseLayersNeedTheModelsFfnHidden() {
        MoeSpec moe = new MoeSpec(8, 2, 16, 0, RouterSpec.SOFTMAX_TOP_K, 1);
        assertRejected("ffn_hidden = 0", () -> new ModelSpec("m", 64, 16, 3, 2, 2, 8, 0, moe, 1e4, 1e-5, 16));
        ModelSpec m = new ModelSpec("m", 64, 16, 3, 2, 2, 8, 32, moe, 1e4, 1e-5, 16);
        assertEquals(java.util.List.of(false, true, true),
                java.util.List.of(m.isMoeLayer(0), m.isMoeLayer(1), m.isMoeLayer(2)));
        assertRejected("on an MoE model without dense layers", () -> new ModelSpec("m", 64, 16, 3, 2, 2, 8, 32,
                new MoeSpec(8, 2, 16, 0), 1e4, 1e-5, 16));
    }

    @Test
    void theFusedOpIsRefusedForRoutersItCannotExpress() {
        RouterSpec softmax = RouterSpec.SOFTMAX_TOP_K;
        assertEquals(MoeOp.LOOP, new MoeSpec(8, 2, 16, 0).op());
        assertDoesNotThrow(() -> new MoeSpec(8, 2, 16, 1, softmax, 0, MoeOp.FUSED));
        assertDoesNotThrow(() -> new MoeSpec(8, 2, 16, 0,
                new RouterSpec(RouterSpec.Scoring.SOFTMAX, false, 2.5, 1, 1, false), 0, MoeOp.FUSED));
        assertRejected("com.microsoft.MoE routes by softmax top-k only",
                () -> new MoeSpec(8, 2, 16, 0, new RouterSpec(RouterSpec.Scoring.SIGMOID, true, 1, 1, 1, false), 0,
                        MoeOp.FUSED));
        assertRejected("n_group 4", () -> new MoeSpec(8, 2, 16, 0,
                new RouterSpec(RouterSpec.Scoring.SOFTMAX, true, 1, 4, 2, false), 0, MoeOp.FUSED));
        assertRejected("correction_bias true", () -> new MoeSpec(8, 2, 16, 0,
                new RouterSpec(RouterSpec.Scoring.SOFTMAX, true, 1, 1, 1, true), 0, MoeOp.FUSED));
        assertRejected("moe.moe_op = 'fuse'; expected loop or fused", () -> MoeOp.fromId("fuse"));
    }
}
