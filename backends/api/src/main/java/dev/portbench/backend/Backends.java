package dev.portbench.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The backends on the class path, found through {@link ServiceLoader}. */
public final class Backends {
    private Backends() {
    }

    public static List<BackendProvider> discover() {
        List<BackendProvider> found = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class).forEach(found::add);
        found.sort(Comparator.comparing(BackendProvider::id));
        return found;
    }

    public static Optional<BackendProvider> find(String id) {
        return discover().stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
