package dev.portbench.scenarios.catalog;

import dev.portbench.scenarios.byo.ByoModel;

/**
 * A bring-your-own model and where it was read from.
 *
 * @param nameLine the 1-based line of the {@code name} key
 */
public record ByoFile(ByoModel model, int nameLine) implements CatalogFile {

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public String source() {
        return model.source();
    }
}
