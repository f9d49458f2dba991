package dev.portbench.harness.testbackends;

import dev.portbench.backend.Availability;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.BackendProvider;

import java.util.Map;

/** What every test backend shares: always available, and no options unless it names some. */
abstract class AlwaysAvailableProvider implements BackendProvider {

    @Override
    public Map<String, String> supportedOptions() {
        return Map.of();
    }

    @Override
    public void checkOptions(BackendOptions options) {
        // test backends take whatever they are given
    }

    @Override
    public Availability probe() {
        return Availability.yes();
    }
}
