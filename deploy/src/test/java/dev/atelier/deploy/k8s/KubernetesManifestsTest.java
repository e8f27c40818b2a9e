package dev.atelier.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.cli.Main;
import dev.atelier.safety.SafetyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * deploy/k8s: every object is valid under the Kubernetes API's schemas, the objects refer to each other correctly,
 * and the containers run the CLI with options it accepts.
 */
class KubernetesManifestsTest {
    static List<JsonNode> objects;

    @BeforeAll
    static void read() throws Exception {
        objects = Manifests.readDir(Manifests.root().resolve("deploy/k8s"));
    }

    @Test
    void everyObjectIsValidUnderTheKubernetesSchemas() {
        assertThat(objects.stream().map(Manifests::key)).containsExactlyInAnyOrder(
                "Deployment/atelier-api", "Deployment/atelier-worker", "Service/atelier", "ConfigMap/atelier-config",
                "Secret/atelier", "PersistentVolumeClaim/atelier-data", "PodDisruptionBudget/atelier-api",
                "PodDisruptionBudget/atelier-worker", "HorizontalPodAutoscaler/atelier-worker");
        objects.forEach(KubernetesSchema::validate);
    }

    @Test
    void theSchemasRejectAMisspeltFieldAWrongTypeAndAMissingRequiredField() {
        ObjectNode misspelt = api().deepCopy();
        ((ObjectNode) misspelt.path("spec")).put("replica", 2);
        assertThatThrownBy(() -> KubernetesSchema.validate(misspelt)).hasMessageContaining("replica");

        ObjectNode wrongType = api().deepCopy();
        ((ObjectNode) wrongType.path("spec")).put("replicas", "two");
        assertThatThrownBy(() -> KubernetesSchema.validate(wrongType)).hasMessageContaining("Deployment atelier-api");

        ObjectNode unnamed = api().deepCopy();
        ((ObjectNode) unnamed.path("spec").path("template").path("spec").path("containers").get(0)).remove("name");
        assertThatThrownBy(() -> KubernetesSchema.validate(unnamed)).hasMessageContaining("name");
    }

    @Test
    void theApiServesWithoutWorkersAndIsProbedOnReadyzAndHealthz() {
        JsonNode container = container(api());
        assertThat(strings(container.path("args"))).startsWith("serve").containsSequence("--workers", "0")
                .containsSequence("--host", "0.0.0.0").containsSequence("--database", "$(ATELIER_DATABASE_URL)");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/readyz");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
        assertThat(container.path("readinessProbe").path("httpGet").path("port").asText()).isEqualTo("http");
        assertThat(container.path("ports").get(0).path("name").asText()).isEqualTo("http");
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8080);
        // the pod gets time to finish requests in flight: serve's grace period is within Kubernetes' termination grace
        int grace = Integer.parseInt(strings(container.path("args")).get(strings(container.path("args")).indexOf("--shutdown-grace") + 1));
        assertThat(api().path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asInt()).isGreaterThan(grace);
    }

    @Test
    void workersRunOnTheQueueInTheDatabaseNamedByTheSecret() {
        JsonNode container = container(worker());
        assertThat(strings(container.path("args"))).startsWith("worker").containsSequence("--database", "$(ATELIER_DATABASE_URL)");
        for (JsonNode deployment : List.of(api(), worker())) {
            JsonNode ref = container(deployment).path("env").get(0);
            assertThat(ref.path("name").asText()).isEqualTo("ATELIER_DATABASE_URL");
            JsonNode key = ref.path("valueFrom").path("secretKeyRef");
            assertThat(secretKeys(key.path("name").asText())).contains(key.path("key").asText());
        }
        assertThat(Manifests.find(objects, "Secret", "atelier").path("stringData").path("database-url").asText()).startsWith("jdbc:postgresql://");
    }

    @Test
    void containerArgumentsAreOptionsTheCliAccepts() {
        for (JsonNode deployment : List.of(api(), worker())) {
            String[] args = strings(container(deployment).path("args")).toArray(String[]::new);
            // picocli parses (names, arity, types) without running the command
            var parsed = new CommandLine(new Main()).parseArgs(args);
            assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(args[0]);
            assertThat(parsed.subcommand().unmatched()).isEmpty();
        }
        assertThatThrownBy(() -> new CommandLine(new Main()).parseArgs("serve", "--workers", "none"))
                .as("a value of the wrong type").isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> new CommandLine(new Main()).parseArgs("worker", "--no-such-option"))
                .as("an unknown option").isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void selectorsVolumesAndReferencesResolve() {
        for (JsonNode deployment : List.of(api(), worker())) {
            JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
            assertThat(matches(deployment.path("spec").path("selector").path("matchLabels"), labels)).isTrue();
            for (JsonNode volume : deployment.path("spec").path("template").path("spec").path("volumes")) {
                if (volume.has("configMap")) Manifests.find(objects, "ConfigMap", volume.path("configMap").path("name").asText());
                if (volume.has("persistentVolumeClaim")) {
                    Manifests.find(objects, "PersistentVolumeClaim", volume.path("persistentVolumeClaim").path("claimName").asText());
                }
                if (volume.has("secret")) {
                    List<String> keys = secretKeys(volume.path("secret").path("secretName").asText());
                    volume.path("secret").path("items").forEach(i -> assertThat(keys).contains(i.path("key").asText()));
                }
            }
            List<String> volumes = names(deployment.path("spec").path("template").path("spec").path("volumes"));
            container(deployment).path("volumeMounts").forEach(m -> assertThat(volumes).contains(m.path("name").asText()));
        }
        JsonNode service = Manifests.find(objects, "Service", "atelier");
        assertThat(matches(service.path("spec").path("selector"), api().path("spec").path("template").path("metadata").path("labels"))).isTrue();
        assertThat(matches(service.path("spec").path("selector"), worker().path("spec").path("template").path("metadata").path("labels"))).isFalse();
        assertThat(service.path("spec").path("ports").get(0).path("targetPort").asText()).isEqualTo("http");
        for (String component : List.of("api", "worker")) {
            JsonNode pdb = Manifests.find(objects, "PodDisruptionBudget", "atelier-" + component);
            JsonNode deployment = Manifests.find(objects, "Deployment", "atelier-" + component);
            assertThat(matches(pdb.path("spec").path("selector").path("matchLabels"), deployment.path("spec").path("template").path("metadata").path("labels"))).isTrue();
        }
    }

    @Test
    void everyProcessReadsTheSafetyFileOfTheConfigMapAndSignsWithTheSecretsCertificate(@TempDir Path dir) throws Exception {
        String safety = Manifests.find(objects, "ConfigMap", "atelier-config").path("data").path("safety.yaml").asText();
        Path file = Files.writeString(dir.resolve("safety.yaml"), safety);
        SafetyConfig config = SafetyConfig.load(file);
        assertThat(config.signer()).isInstanceOf(SafetyConfig.Signer.Pem.class);
        var pem = (SafetyConfig.Signer.Pem) config.signer();
        for (JsonNode deployment : List.of(api(), worker())) {
            List<String> args = strings(container(deployment).path("args"));
            assertThat(args.get(args.indexOf("--safety") + 1)).isEqualTo(mountPath(deployment, "config") + "/safety.yaml");
            String c2pa = mountPath(deployment, "c2pa");
            List<String> items = StreamSupport.stream(volume(deployment, "c2pa").path("secret").path("items").spliterator(), false)
                    .map(i -> c2pa + "/" + i.path("path").asText()).toList();
            assertThat(items).contains(pem.key().toString(), pem.chain().toString());
        }
    }

    @Test
    void podsRunAsTheImagesNonRootUserWithAReadOnlyRoot() {
        for (JsonNode deployment : List.of(api(), worker())) {
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
            assertThat(pod.path("securityContext").path("runAsUser").asInt()).isEqualTo(10001);
            JsonNode container = container(deployment);
            assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean()).isFalse();
            // what the image writes: its data folder and the temporary files of the native libraries
            assertThat(mountPath(deployment, "data")).isEqualTo("/var/lib/atelier");
            assertThat(mountPath(deployment, "tmp")).isEqualTo("/tmp");
        }
    }

    @Test
    void workersScaleOnTheQueueDepthTheServerExports() {
        JsonNode hpa = Manifests.find(objects, "HorizontalPodAutoscaler", "atelier-worker");
        assertThat(hpa.path("spec").path("scaleTargetRef").path("kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo("atelier-worker");
        JsonNode metric = hpa.path("spec").path("metrics").get(0);
        assertThat(metric.path("type").asText()).isEqualTo("External");
        assertThat(metric.path("external").path("metric").path("name").asText()).isEqualTo("atelier_queue_depth");
    }

    static JsonNode api() {
        return Manifests.find(objects, "Deployment", "atelier-api");
    }

    static JsonNode worker() {
        return Manifests.find(objects, "Deployment", "atelier-worker");
    }

    static JsonNode container(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static String mountPath(JsonNode deployment, String volume) {
        for (JsonNode m : container(deployment).path("volumeMounts")) if (m.path("name").asText().equals(volume)) return m.path("mountPath").asText();
        throw new AssertionError("no mount of volume " + volume);
    }

    private static JsonNode volume(JsonNode deployment, String name) {
        for (JsonNode v : deployment.path("spec").path("template").path("spec").path("volumes")) if (v.path("name").asText().equals(name)) return v;
        throw new AssertionError("no volume " + name);
    }

    private static List<String> secretKeys(String secret) {
        List<String> keys = new ArrayList<>();
        Manifests.find(objects, "Secret", secret).path("stringData").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        var fields = selector.properties();
        return !fields.isEmpty() && fields.stream().allMatch(e -> e.getValue().equals(labels.path(e.getKey())));
    }

    private static List<String> names(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path("name").asText()).toList();
    }

    static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
