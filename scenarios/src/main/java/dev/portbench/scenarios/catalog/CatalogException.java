package dev.portbench.scenarios.catalog;

/**
 * A scenario (or other YAML) file that cannot be used, located so the user can go straight to the line:
 * {@code SOURCE:LINE: FIELD: what was received and what was expected}, always on one line so it reads well in a
 * terminal, a log and a CSV error column.
 */
public final class CatalogException extends IllegalArgumentException {
    private final String source;
    private final int line;
    private final String field;
    private final String problem;

    /**
     * @param source  file path or resource name
     * @param line    1-based; 0 when no line applies (the file could not be read at all)
     * @param field   dotted path such as {@code model.kv_heads} or {@code workloads[1].new_tokens}; empty when the
     *                problem is the whole document (empty file, syntax error)
     * @param problem what was received and what was expected
     */
    public CatalogException(String source, int line, String field, String problem) {
        this(source, line, field, problem, null);
    }

    public CatalogException(String source, int line, String field, String problem, Throwable cause) {
        super(format(source, line, field, problem), cause);
        this.source = source;
        this.line = line;
        this.field = field == null ? "" : field;
        this.problem = oneLine(problem);
    }

    private static String format(String source, int line, String field, String problem) {
        StringBuilder b = new StringBuilder(source);
        if (line > 0) {
            b.append(':').append(line);
        }
        b.append(": ");
        if (field != null && !field.isEmpty()) {
            b.append(field).append(": ");
        }
        return b.append(oneLine(problem)).toString();
    }

    /** Messages from SnakeYAML and nested exceptions may span lines; one line keeps the format greppable. */
    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** The file path or resource name. */
    public String source() {
        return source;
    }

    /** The 1-based line, or 0 when the file could not be read. */
    public int line() {
        return line;
    }

    /** The dotted path of the field to blame, or "" when the problem is the whole document. */
    public String field() {
        return field;
    }

    /** The message without its location. */
    public String problem() {
        return problem;
    }
}
