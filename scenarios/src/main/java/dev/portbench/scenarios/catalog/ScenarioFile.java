package dev.portbench.scenarios.catalog;

import dev.portbench.scenarios.Scenario;

/**
 * A scenario and where it was read from, so a catalog can say which two files clash over a name.
 *
 * @param source   the file path or resource name
 * @param nameLine the 1-based line of the {@code name} key
 */
public record ScenarioFile(Scenario scenario, String source, int nameLine) implements CatalogFile {

    @Override
    public String name() {
        return scenario.name();
    }
}
