package io.egress4j.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s as {@code kubectl kustomize} builds it, and deploy/helm/egress4j as Helm (its Go library, through
 * helm-java) lints and renders it: the same objects, valid Kubernetes API objects, and a worker set up to drain,
 * be probed, scraped and scaled.
 */
class KubernetesManifestsTest {

    private static final Path CHART = Repo.path("deploy/helm/egress4j");

    @Test
    void kustomizeBase() throws Exception {
        String yaml = Tool.KUBECTL.check(Repo.ROOT, "kustomize", "deploy/k8s");
        new KubernetesObjects(yaml).checkWorker();
    }

    @Test
    void aFieldTheApiDoesNotHaveIsRefused() throws Exception {
        String yaml = Tool.KUBECTL.check(Repo.ROOT, "kustomize", "deploy/k8s")
                .replace("terminationGracePeriodSeconds:", "terminationGracePeriod:");
        AssertionError error = assertThrows(AssertionError.class, () -> new KubernetesObjects(yaml));
        assertTrue(error.getMessage().contains("terminationGracePeriod"), error.getMessage());
    }

    @Test
    void helmChartLints() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
    }

    @Test
    void helmChartRendersTheSameWorker() throws Exception {
        String yaml = new Helm(CHART).template().withName("egress").call();
        KubernetesObjects objects = new KubernetesObjects(yaml);
        objects.checkWorker();
        assertEquals("egress-egress4j", objects.one(Deployment.class).getMetadata().getName());
    }

    @Test
    void helmChartOptions() throws Exception {
        KubernetesObjects fixedSize = new KubernetesObjects(new Helm(CHART).template().withName("egress")
                .set("autoscaling.enabled", false).set("replicaCount", 3).call());
        assertTrue(fixedSize.all(HorizontalPodAutoscaler.class).isEmpty());
        assertEquals(3, fixedSize.one(Deployment.class).getSpec().getReplicas());

        KubernetesObjects ownSecret = new KubernetesObjects(new Helm(CHART).template().withName("egress")
                .set("existingSecret", "egress-credentials").call());
        assertTrue(ownSecret.all(Secret.class).isEmpty());
        var container = ownSecret.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("egress-credentials",
                KubernetesObjects.env(container, "EGRESS_CREDENTIALS").getValueFrom().getSecretKeyRef().getName());

        KubernetesObjects cpuOnly = new KubernetesObjects(new Helm(CHART).template().withName("egress")
                .set("autoscaling.targetBusyWorkers", "").call());
        assertEquals(1, cpuOnly.one(HorizontalPodAutoscaler.class).getSpec().getMetrics().size());
    }

    @Test
    void helmChartRefusesAKeyInBothHalvesOfTheConfig() {
        Exception error = assertThrows(Exception.class, () -> new Helm(CHART).template().withName("egress")
                .set("config.api_key", "in-the-configmap").call());
        assertTrue(error.getMessage().contains("api_key is in both config and credentials"), error.getMessage());
    }

    @Test
    void helmChartRequiresThePortsTheProbesUse() {
        Exception error = assertThrows(Exception.class, () -> new Helm(CHART).template().withName("egress")
                .set("config.health_port", "null").call());
        assertTrue(error.getMessage().contains("config.health_port is required"), error.getMessage());
    }
}
