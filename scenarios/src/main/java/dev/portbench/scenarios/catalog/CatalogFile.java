package dev.portbench.scenarios.catalog;

/**
 * What one catalog file holds: a scenario of portbench's own decoder ({@link ScenarioFile}) or a bring-your-own ONNX
 * model ({@link ByoFile}). Sealed, so {@code instanceof} over the two is exhaustive.
 */
public sealed interface CatalogFile permits ScenarioFile, ByoFile {

    /** The scenario's or model's name; unique across both kinds in a catalog. */
    String name();

    /** The file path or resource name. */
    String source();

    /** The 1-based line of the {@code name} key. */
    int nameLine();

    /** {@code SOURCE:LINE}, for messages that point at another file. */
    default String location() {
        return source() + ":" + nameLine();
    }
}
