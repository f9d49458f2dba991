package dev.portbench.scenarios.catalog;

import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.TokenInputs;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A prompt given as token ids: every sequence of a workload starts with it; bad ids and short prompts are named. */
class ScenarioYamlPromptTest {
    private static final String MODEL = "model: {vocab_size: 64, hidden: 16, layers: 1, heads: 2, kv_heads: 1,"
            + " head_dim: 8, ffn_hidden: 32, max_seq_len: 32}\n";

    private static Scenario parse(String yaml) {
        return ScenarioYaml.parse("p.yaml", new StringReader(yaml));
    }

    @Test
    void everySequenceIsThePromptsFirstSeqLenIds() {
        Scenario s = parse("name: p\n" + MODEL + "prompt: [5, 9, 63, 0, 7]\nworkloads:\n"
                + "  - {name: prefill, phase: prefill, batch: 2, seq_len: 4}\n"
                + "  - {name: decode, phase: decode, batch: 1, seq_len: 5, new_tokens: 3}\n");
        assertEquals(List.of(5L, 9L, 63L, 0L, 7L), s.prompt());
        TokenInputs prefill = s.inputs(s.workload("prefill").orElseThrow());
        assertArrayEquals(new long[] {5, 9, 63, 0, 5, 9, 63, 0}, prefill.ids());
        assertArrayEquals(new long[] {5, 9, 63, 0, 7}, s.inputs(s.workload("decode").orElseThrow()).ids());
        assertEquals(s, parse(ScenarioYaml.write(s)), "written back with its prompt");
    }

    @Test
    void idsOutsideTheVocabularyAndShortPromptsAreNamedAtThePromptsLine() {
        CatalogException e = assertThrows(CatalogException.class, () -> parse("name: p\n" + MODEL
                + "prompt: [5, 64]\nworkloads:\n  - {name: prefill, phase: prefill, batch: 1, seq_len: 2}\n"));
        assertTrue(e.getMessage().startsWith("p.yaml:3: prompt: ") && e.getMessage().contains(
                "prompt token 1 is 64; expected an id in the vocabulary [0, 64)"), e.getMessage());
        e = assertThrows(CatalogException.class, () -> parse("name: p\n" + MODEL
                + "prompt: [5, 6]\nworkloads:\n  - {name: prefill, phase: prefill, batch: 1, seq_len: 3}\n"));
        assertTrue(e.getMessage().contains("workload prefill needs 3 prompt tokens (seq_len); the prompt has 2"),
                e.getMessage());
        e = assertThrows(CatalogException.class, () -> parse("name: p\n" + MODEL
                + "prompt: [5, x]\nworkloads:\n  - {name: prefill, phase: prefill, batch: 1, seq_len: 1}\n"));
        assertTrue(e.getMessage().startsWith("p.yaml:3: prompt"), e.getMessage());
    }
}
