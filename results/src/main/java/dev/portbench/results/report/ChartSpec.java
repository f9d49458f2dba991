package dev.portbench.results.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One chart as the page's script draws it: computed here, so what a chart shows is decided (and tested) in Java and
 * the script only hands it to Chart.js.
 *
 * @param id     the canvas's element id, unique on the page
 * @param kind   {@code bar} or {@code line}
 * @param logY   a logarithmic value axis: backends differ by orders of magnitude (ONNX Runtime vs the Java oracle)
 * @param labels the category axis
 * @param series one per dataset, each with a value (or null) per label
 * @param markers vertical lines at labels (the trend's change points), drawn by the page's script
 */
public record ChartSpec(String id, String kind, String title, String yTitle, boolean logY, List<String> labels,
                        List<Series> series, List<Marker> markers) {

    /** A chart without markers. */
    public ChartSpec(String id, String kind, String title, String yTitle, boolean logY, List<String> labels,
                     List<Series> series) {
        this(id, kind, title, yTitle, logY, labels, series, List.of());
    }

    /**
     * A vertical line at label {@code index} with a short text: on the trend, the night a cell's new tokens/s level
     * began; {@code drop} colours a fall apart from a rise.
     */
    public record Marker(int index, String text, boolean drop) {
    }

    public ChartSpec {
        Objects.requireNonNull(id, "id");
        if (!kind.equals("bar") && !kind.equals("line")) {
            throw new IllegalArgumentException("chart kind must be bar or line, got " + kind);
        }
        labels = List.copyOf(labels);
        series = List.copyOf(series);
        markers = List.copyOf(markers);
        for (Marker m : markers) {
            if (m.index() < 0 || m.index() >= labels.size()) {
                throw new IllegalArgumentException("marker '" + m.text() + "' at label " + m.index() + "; expected"
                        + " 0 to " + (labels.size() - 1));
            }
        }
        for (Series s : series) {
            if (s.values().size() != labels.size()) {
                throw new IllegalArgumentException("series " + s.label() + " has " + s.values().size()
                        + " values; expected one per label, " + labels.size());
            }
        }
    }

    /**
     * A dataset; {@code values} and {@code errors} hold null where nothing was measured.
     *
     * @param errors the half-width of each value's interval (its 99.9% error over iterations and forks), shown in the tooltip; null entries
     *               where none was recorded
     */
    public record Series(String label, List<Double> values, List<Double> errors) {
        public Series {
            values = nullable(values);
            errors = nullable(errors);
            if (errors.size() != values.size()) {
                throw new IllegalArgumentException("series " + label + " has " + errors.size() + " errors for "
                        + values.size() + " values");
            }
        }

        /** Values that are all measured or not at all, with no errors. */
        public static Series of(String label, List<Double> values) {
            List<Double> none = new ArrayList<>();
            values.forEach(v -> none.add(null));
            return new Series(label, values, none);
        }

        boolean hasValue() {
            return values.stream().anyMatch(Objects::nonNull);
        }

        private static List<Double> nullable(List<Double> list) {
            return java.util.Collections.unmodifiableList(new ArrayList<>(list)); // List.copyOf rejects nulls
        }
    }

    /**
     * The power of ten at or below the smallest value: on a log axis bars grow from the axis minimum, and Chart.js's
     * own choice (just under the smallest value) makes the smallest bar look like zero; null without values.
     */
    Double logAxisMinimum() {
        double min = series.stream().flatMap(s -> s.values().stream()).filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue).filter(v -> v > 0).min().orElse(Double.NaN);
        return Double.isNaN(min) ? null : Math.pow(10, Math.floor(Math.log10(min)));
    }

    /** The spec as the page's JSON reads it. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("kind", kind);
        json.put("title", title);
        json.put("yTitle", yTitle);
        json.put("logY", logY);
        json.put("yMin", logY ? logAxisMinimum() : null);
        json.put("labels", labels);
        List<Object> datasets = new ArrayList<>();
        for (Series s : series) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("label", s.label());
            d.put("values", s.values());
            d.put("errors", s.errors());
            datasets.add(d);
        }
        json.put("series", datasets);
        List<Object> lines = new ArrayList<>();
        for (Marker m : markers) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("index", m.index());
            line.put("text", m.text());
            line.put("drop", m.drop());
            lines.add(line);
        }
        json.put("markers", lines);
        return json;
    }
}
