package dev.atelier.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders the atelier Helm chart's templates the way {@code helm template} does, for the one kind of template action
 * the chart is allowed to use: substitution of a value, {@code {{ .Values.a.b }}}, {@code {{ .Release.Name }}},
 * {@code {{ .Release.Namespace }}}, {@code {{ .Chart.Name }}}, {@code {{ .Chart.Version }}},
 * {@code {{ .Chart.AppVersion }}}, each optionally piped to {@code quote} (Go's {@code %q}). Helm itself is not
 * packaged for Debian and cannot be downloaded here, so the chart keeps to this subset, whose output is unambiguous,
 * and any other action (conditionals, loops, {@code include}, {@code toYaml}, whitespace trimming) fails the
 * rendering with the file and the action named, rather than being rendered differently from Helm. A value that is
 * missing, or not a scalar, fails too (Helm would print {@code <no value>} or a Go map).
 */
final class ChartRenderer {
    private static final Pattern ACTION = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final Pattern SUPPORTED = Pattern.compile(
            " (\\.Values(?:\\.[A-Za-z][A-Za-z0-9]*)+|\\.Release\\.Name|\\.Release\\.Namespace|\\.Chart\\.Name|\\.Chart\\.Version|\\.Chart\\.AppVersion)( \\| quote)? ");

    private final Path chart;
    private final JsonNode chartYaml;

    ChartRenderer(Path chart) throws IOException {
        this.chart = chart;
        this.chartYaml = Manifests.YAML.readTree(chart.resolve("Chart.yaml").toFile());
    }

    /** Every template (templates/*.yaml, sorted by name) rendered with {@code values} for release {@code release}. */
    String render(JsonNode values, String release, String namespace) throws IOException {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.list(chart.resolve("templates"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                out.append("---\n# Source: atelier/templates/").append(f.getFileName()).append('\n');
                out.append(renderTemplate(f.getFileName().toString(), Files.readString(f), values,
                        Map.of(".Release.Name", release, ".Release.Namespace", namespace,
                                ".Chart.Name", chartYaml.path("name").asText(), ".Chart.Version", chartYaml.path("version").asText(),
                                ".Chart.AppVersion", chartYaml.path("appVersion").asText())));
            }
        }
        return out.toString();
    }

    static String renderTemplate(String file, String template, JsonNode values, Map<String, String> builtins) {
        Matcher m = ACTION.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Matcher action = SUPPORTED.matcher(m.group(1));
            if (!action.matches()) {
                throw new IllegalArgumentException(file + ": unsupported template action " + m.group()
                        + "; the chart keeps to {{ .Values.x }}, {{ .Release.Name }}, {{ .Chart.AppVersion }}... with an optional | quote");
            }
            String value = action.group(1).startsWith(".Values.") ? scalar(file, values, action.group(1)) : builtins.get(action.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(action.group(2) != null ? goQuote(value) : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String scalar(String file, JsonNode values, String path) {
        JsonNode node = values;
        for (String part : path.substring(".Values.".length()).split("\\.")) node = node.path(part);
        if (node.isMissingNode() || node.isNull()) throw new IllegalArgumentException(file + ": " + path + " has no value");
        if (node.isContainerNode()) throw new IllegalArgumentException(file + ": " + path + " is not a scalar");
        // Helm keeps numbers as float64: integers print plainly below 1e21 but large ones as 1e+06 and so on
        if (node.isNumber() && !(node.canConvertToExactIntegral() && Math.abs(node.asDouble()) < 1e6)) {
            throw new IllegalArgumentException(file + ": " + path + " = " + node + ": write non-integers and large numbers as strings");
        }
        return node.asText();
    }

    /** Go's {@code strconv.Quote}, which Helm's {@code quote} uses (through {@code fmt.Sprintf("%q")}). */
    static String goQuote(String s) {
        StringBuilder q = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                case '\r' -> q.append("\\r");
                case 0x07 -> q.append("\\a");
                case '\b' -> q.append("\\b");
                case '\f' -> q.append("\\f");
                case 0x0b -> q.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) q.append(String.format("\\x%02x", c));
                    else q.appendCodePoint(c);
                }
            }
        });
        return q.append('"').toString();
    }
}
