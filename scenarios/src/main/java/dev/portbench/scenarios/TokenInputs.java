package dev.portbench.scenarios;

/** Seeded token ids [batch, seqLen], row-major; the same for every backend. */
public record TokenInputs(int batch, int seqLen, long[] ids) {

    public TokenInputs {
        if (ids.length != (long) batch * seqLen) {
            throw new SpecException("token ids hold " + ids.length + " values; expected batch × seq_len = "
                    + batch + " × " + seqLen);
        }
        ids = ids.clone();
    }

    public static TokenInputs seeded(long seed, int vocabSize, Workload workload) {
        CounterRng rng = new CounterRng(seed, ModelIo.INPUT_IDS);
        long[] ids = new long[Math.toIntExact(workload.tokensPerForward())];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rng.below(i, vocabSize);
        }
        return new TokenInputs(workload.batch(), workload.seqLen(), ids);
    }

    @Override
    public long[] ids() {
        return ids.clone();
    }

    public long id(int b, int s) {
        return ids[b * seqLen + s];
    }

    public long[] shape() {
        return new long[] {batch, seqLen};
    }
}
