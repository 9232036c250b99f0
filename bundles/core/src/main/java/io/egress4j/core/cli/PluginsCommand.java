package io.egress4j.core.cli;

import io.egress4j.core.job.Plugins;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code egress plugins}: lists the sources, outputs and storage backends that are registered, including those
 * from bundles in the plugins folder. Handy to check that a self-made plugin resolved.
 */
@Component(service = Function.class, property = "egress.command=plugins")
public final class PluginsCommand implements Function<Map<String, Object>, Integer> {

    /** Plugins register as their bundles start; give the ones from the plugins folder a moment. */
    private static final long SETTLE_MS = 2_000;

    @Reference
    private Plugins plugins;

    @Override
    public Integer apply(Map<String, Object> invocation) {
        try {
            Thread.sleep(SETTLE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, List<String>> names = plugins.names();
        for (String kind : List.of("types", "sources", "outputs", "storage")) {
            System.out.println(kind + ": " + String.join(" ", names.get(kind)));
        }
        return 0;
    }
}
