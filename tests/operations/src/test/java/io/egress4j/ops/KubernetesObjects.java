package io.egress4j.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.egress4j.core.config.ConfigLoader;
import io.egress4j.core.config.CpuCostConfig;
import io.egress4j.core.config.EgressConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The objects a rendering of deploy/ produced (kustomize or Helm), bound to the Kubernetes API types strictly (a field
 * the API does not have fails), and the checks both renderings must pass.
 */
final class KubernetesObjects {

    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);

    /** The API types keep unknown fields in an "any setter"; without it, an unknown field is an error. */
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated member) {
                    return false;
                }
            });

    private final List<HasMetadata> objects = new ArrayList<>();

    KubernetesObjects(String yaml) throws IOException {
        try (var documents = new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
                Class<? extends HasMetadata> apiType = TYPES.get(type);
                if (apiType == null) {
                    fail("unexpected object " + type + " " + document.path("metadata").path("name").asText());
                }
                try {
                    objects.add(STRICT.treeToValue(document, apiType));
                } catch (IOException e) {
                    fail(type + " does not match the Kubernetes API: " + e.getMessage());
                }
            }
        }
    }

    List<String> kinds() {
        return objects.stream().map(HasMetadata::getKind).sorted().toList();
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        assertEquals(1, found.size(), "objects of type " + type.getSimpleName());
        return found.get(0);
    }

    /** The checks every rendering of the worker must pass. */
    void checkWorker() throws Exception {
        assertEquals(List.of("ConfigMap", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Secret",
                "Service", "ServiceMonitor"), kinds());
        Deployment deployment = one(Deployment.class);
        var pod = deployment.getSpec().getTemplate().getSpec();
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(deployment.getSpec().getSelector().getMatchLabels().entrySet()));
        assertTrue(pod.getTerminationGracePeriodSeconds() >= 3600, "a worker drains its egresses for hours");
        assertEquals(1000L, pod.getSecurityContext().getRunAsUser(), "the image's egress user");
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        Container container = pod.getContainers().get(0);
        assertNull(container.getLifecycle(), "no preStop: the kubelet's SIGTERM after it would end the drain");
        assertFalse(container.getSecurityContext().getAllowPrivilegeEscalation());

        EgressConfig config = config(container);
        assertEquals(config.healthPort, port(container, "health"));
        assertEquals(config.prometheusPort, port(container, "metrics"));
        assertEquals("/ready", container.getReadinessProbe().getHttpGet().getPath());
        assertEquals("health", container.getReadinessProbe().getHttpGet().getPort().getStrVal());
        assertEquals(CpuCostConfig.MemorySource.CGROUP, config.cpuCost.memorySource, "a pod's memory is its cgroup's");

        Quantity cpu = container.getResources().getRequests().get("cpu");
        assertTrue(Quantity.getAmountInBytes(cpu).doubleValue() >= config.cpuCost.webCpuCost,
                "the CPU request fits one web egress (cpu_cost.web_cpu_cost)");
        assertNull(container.getResources().getLimits().get("cpu"), "no CPU limit: throttling breaks media");
        EnvVar cpuRequest = env(container, "LIVEKIT_CPU_REQUEST");
        assertEquals("requests.cpu", cpuRequest.getValueFrom().getResourceFieldRef().getResource());
        assertEquals(container.getName(), cpuRequest.getValueFrom().getResourceFieldRef().getContainerName());

        assertTrue(container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/out")));

        Service service = one(Service.class);
        assertEquals("None", service.getSpec().getClusterIP());
        assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()));
        assertEquals("metrics", service.getSpec().getPorts().get(0).getName());
        assertEquals("metrics", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        ServiceMonitor monitor = one(ServiceMonitor.class);
        assertTrue(service.getMetadata().getLabels().entrySet()
                .containsAll(monitor.getSpec().getSelector().getMatchLabels().entrySet()));
        assertEquals("metrics", monitor.getSpec().getEndpoints().get(0).getPort());
        assertEquals("egress4j", service.getMetadata().getLabels().get(monitor.getSpec().getJobLabel()),
                "the scrape job is called egress4j, as EgressWorkerDown expects");
        assertEquals("/metrics", monitor.getSpec().getEndpoints().get(0).getPath());

        PodDisruptionBudget budget = one(PodDisruptionBudget.class);
        assertTrue(podLabels.entrySet().containsAll(budget.getSpec().getSelector().getMatchLabels().entrySet()));
        assertEquals(1, budget.getSpec().getMaxUnavailable().getIntVal());

        HorizontalPodAutoscaler hpa = one(HorizontalPodAutoscaler.class);
        assertEquals(deployment.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
        assertEquals("livekit_egress_busy", hpa.getSpec().getMetrics().get(1).getPods().getMetric().getName());
    }

    /**
     * The config the worker gets: the ConfigMap's settings and the Secret's credentials joined, as the Deployment's
     * EGRESS_CONFIG_BODY says; loaded by egress4j's own config loader. Credentials are only in the Secret.
     */
    EgressConfig config(Container container) throws Exception {
        EnvVar settings = env(container, "EGRESS_SETTINGS");
        EnvVar credentials = env(container, "EGRESS_CREDENTIALS");
        assertEquals("$(EGRESS_SETTINGS)\n$(EGRESS_CREDENTIALS)", env(container, "EGRESS_CONFIG_BODY").getValue());
        ConfigMap configMap = all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName()
                .equals(settings.getValueFrom().getConfigMapKeyRef().getName())).findFirst().orElseThrow();
        Secret secret = all(Secret.class).stream().filter(s -> s.getMetadata().getName()
                .equals(credentials.getValueFrom().getSecretKeyRef().getName())).findFirst().orElseThrow();
        String settingsYaml = configMap.getData().get(settings.getValueFrom().getConfigMapKeyRef().getKey());
        String credentialsYaml = new String(Base64.getMimeDecoder().decode(
                secret.getData().get(credentials.getValueFrom().getSecretKeyRef().getKey())), StandardCharsets.UTF_8);
        assertNotNull(settingsYaml);
        assertFalse(settingsYaml.contains("api_secret"), "credentials belong in the Secret");
        assertTrue(credentialsYaml.contains("api_secret"), credentialsYaml);
        return ConfigLoader.load(null, Map.of(ConfigLoader.CONFIG_BODY_ENV, settingsYaml + "\n" + credentialsYaml));
    }

    static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static int port(Container container, String name) {
        return container.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no port " + name)).getContainerPort();
    }
}
