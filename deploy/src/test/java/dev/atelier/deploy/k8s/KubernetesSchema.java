package dev.atelier.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.util.Map;

/**
 * Validates a Kubernetes object against the Kubernetes API's OpenAPI schemas, as compiled into the official Java
 * client's models (io.kubernetes:client-java-api, generated from the API server's OpenAPI document): reading an
 * object checks every field name against its schema's properties (a misspelt or misplaced field is an error, as with
 * {@code kubectl apply --validate=strict}), the required fields, and each value's type (integers, strings,
 * quantities such as {@code 500m}, int-or-string ports).
 */
final class KubernetesSchema {
    /** The kinds Atelier's manifests use, by {@code apiVersion/kind}. */
    private static final Map<String, Class<?>> KINDS = Map.of(
            "v1/ConfigMap", V1ConfigMap.class,
            "v1/Secret", V1Secret.class,
            "v1/Service", V1Service.class,
            "v1/PersistentVolumeClaim", V1PersistentVolumeClaim.class,
            "apps/v1/Deployment", V1Deployment.class,
            "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class);

    private KubernetesSchema() {
    }

    /**
     * Checks {@code object} against its kind's schema.
     *
     * @throws IllegalArgumentException naming the object and what is wrong
     */
    static void validate(JsonNode object) {
        String kind = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        String name = kind + " " + object.path("metadata").path("name").asText("(no name)");
        Class<?> type = KINDS.get(kind);
        if (type == null) throw new IllegalArgumentException(name + ": no schema for this kind here; known: " + KINDS.keySet());
        try {
            Object parsed = JSON.deserialize(object.toString(), type);
            if (parsed == null) throw new IllegalArgumentException(name + ": empty");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }
}
