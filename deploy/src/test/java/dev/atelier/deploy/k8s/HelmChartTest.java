package dev.atelier.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/helm/atelier: its default values render exactly the objects of deploy/k8s, other values render valid
 * objects with the values in place, and values.schema.json (which Helm checks values against) accepts the defaults
 * and names what is wrong in bad values.
 */
class HelmChartTest {
    static Path chart;
    static ChartRenderer renderer;
    static JsonNode values;

    @BeforeAll
    static void read() throws Exception {
        chart = Manifests.root().resolve("deploy/helm/atelier");
        renderer = new ChartRenderer(chart);
        values = Manifests.YAML.readTree(chart.resolve("values.yaml").toFile());
    }

    @Test
    void defaultValuesRenderTheManifestsOfDeployK8s() throws Exception {
        Map<String, JsonNode> rendered = byKey(Manifests.parse(renderer.render(values, "atelier", "default")));
        Map<String, JsonNode> plain = byKey(Manifests.readDir(Manifests.root().resolve("deploy/k8s")));
        assertThat(rendered.keySet()).containsExactlyElementsOf(plain.keySet());
        plain.forEach((key, object) -> assertThat(rendered.get(key)).as(key).isEqualTo(object));
    }

    @Test
    void otherValuesRenderValidObjectsWithTheValuesInPlace() throws Exception {
        ObjectNode custom = values.deepCopy();
        ((ObjectNode) custom.path("image")).put("repository", "registry.example.com/atelier");
        ((ObjectNode) custom.path("worker")).put("replicas", 5);
        String pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIB \"quoted\" \\ backslash\n-----END PRIVATE KEY-----\n";
        ((ObjectNode) custom.path("secret")).put("signerKey", pem);
        List<JsonNode> objects = Manifests.parse(renderer.render(custom, "prod", "images"));
        objects.forEach(KubernetesSchema::validate);

        JsonNode worker = Manifests.find(objects, "Deployment", "prod-worker");
        assertThat(worker.path("spec").path("replicas").asInt()).isEqualTo(5);
        assertThat(worker.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/instance").asText()).isEqualTo("prod");
        assertThat(KubernetesManifestsTest.container(worker).path("image").asText()).isEqualTo("registry.example.com/atelier:" + values.path("image").path("tag").asText());
        assertThat(Manifests.find(objects, "Secret", "prod").path("stringData").path("signer.key.pem").asText()).isEqualTo(pem);
        assertThat(Manifests.find(objects, "HorizontalPodAutoscaler", "prod-worker").path("spec").path("scaleTargetRef").path("name").asText())
                .isEqualTo("prod-worker");
    }

    @Test
    void theDefaultImageIsTheOneThisBuildMakes() throws Exception {
        String version = System.getProperty("atelier.version");
        assertThat(version).as("the build passes the project version").isNotBlank();
        assertThat(values.path("image").path("tag").asText()).isEqualTo(version);
        assertThat(Manifests.YAML.readTree(chart.resolve("Chart.yaml").toFile()).path("appVersion").asText()).isEqualTo(version);
    }

    @Test
    void valuesYamlSatisfiesValuesSchemaJson() throws Exception {
        assertThat(valuesSchema().validate(Files.readString(chart.resolve("values.yaml")), InputFormat.YAML)).isEmpty();
    }

    @Test
    void valuesSchemaJsonNamesWrongTypesUnknownKeysAndMissingOnes() throws Exception {
        ObjectNode bad = values.deepCopy();
        ((ObjectNode) bad.path("worker")).put("replicas", "two");
        ((ObjectNode) bad.path("api")).put("replica", 3);
        ((ObjectNode) bad.path("secret")).put("databaseUrl", "jdbc:sqlite:atelier.db");
        ((ObjectNode) bad.path("image")).remove("tag");
        List<Error> errors = valuesSchema().validate(bad.toString(), InputFormat.JSON);
        assertThat(errors.stream().map(Error::toString)).anyMatch(e -> e.contains("/worker/replicas"))
                .anyMatch(e -> e.contains("replica") && e.contains("/api"))
                .anyMatch(e -> e.contains("/secret/databaseUrl"))
                .anyMatch(e -> e.contains("tag"));
    }

    @Test
    void theRendererRefusesWhatItCannotRenderAsHelmDoes() {
        assertThatThrownBy(() -> ChartRenderer.renderTemplate("t.yaml", "{{ if .Values.api }}x{{ end }}", values, Map.of()))
                .hasMessageContaining("t.yaml").hasMessageContaining("unsupported template action {{ if .Values.api }}");
        assertThatThrownBy(() -> ChartRenderer.renderTemplate("t.yaml", "{{- .Values.api.replicas }}", values, Map.of()))
                .hasMessageContaining("unsupported");
        assertThatThrownBy(() -> ChartRenderer.renderTemplate("t.yaml", "n: {{ .Values.api.replika }}", values, Map.of()))
                .hasMessageContaining(".Values.api.replika has no value");
        assertThatThrownBy(() -> ChartRenderer.renderTemplate("t.yaml", "r: {{ .Values.api.resources }}", values, Map.of()))
                .hasMessageContaining("not a scalar");
    }

    @Test
    void quoteWritesGoQuotedStrings() {
        assertThat(ChartRenderer.goQuote("a \"b\" \\ c\nd\te\u0001é")).isEqualTo("\"a \\\"b\\\" \\\\ c\\nd\\te\\x01é\"");
    }

    private static Schema valuesSchema() throws Exception {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(Files.readString(chart.resolve("values.schema.json")), InputFormat.JSON);
    }

    private static Map<String, JsonNode> byKey(List<JsonNode> objects) {
        Map<String, JsonNode> out = new TreeMap<>();
        objects.forEach(o -> assertThat(out.put(Manifests.key(o), o)).as("duplicate " + Manifests.key(o)).isNull());
        return out;
    }
}
