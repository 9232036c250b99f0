package io.egress4j.core.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Plugin services of one kind by name, chosen as OSGi chooses among services: the highest {@code service.ranking}
 * wins, then the lowest {@code service.id} (the one registered first). A second service registering a name that
 * is taken therefore does not replace the first one unless it ranks higher, and when it goes away the first one is
 * still there. Built-in services (the distribution's own bundles) come before every plugin whatever its ranking:
 * a plugin cannot take a built-in name.
 */
final class RankedServices<T> {

    static final String RANKING = "service.ranking";
    static final String ID = "service.id";

    private record Candidate<T>(T service, boolean builtIn, int ranking, long id) {
    }

    private static final Comparator<Candidate<?>> PREFERRED = Comparator.<Candidate<?>, Boolean>comparing(
            c -> !c.builtIn()).thenComparingInt(c -> -c.ranking()).thenComparingLong(Candidate::id);

    private final Map<String, List<Candidate<T>>> byName = new HashMap<>();

    /** A plugin's service. */
    synchronized void add(String name, T service, Map<String, Object> properties) {
        add(name, service, properties, false);
    }

    /**
     * @param builtIn whether the service comes with the distribution rather than from the plugins folder
     * @return whether {@code service} is now the one used for {@code name}
     */
    synchronized boolean add(String name, T service, Map<String, Object> properties, boolean builtIn) {
        Object ranking = properties.get(RANKING);
        Object id = properties.get(ID);
        List<Candidate<T>> candidates = byName.computeIfAbsent(name, n -> new ArrayList<>());
        candidates.add(new Candidate<>(service, builtIn, ranking instanceof Integer r ? r : 0,
                id instanceof Number n ? n.longValue() : Long.MAX_VALUE));
        candidates.sort(PREFERRED);
        notifyAll();
        return candidates.get(0).service().equals(service);
    }

    synchronized void remove(String name, T service) {
        List<Candidate<T>> candidates = byName.get(name);
        if (candidates != null) {
            candidates.removeIf(candidate -> candidate.service().equals(service));
            if (candidates.isEmpty()) {
                byName.remove(name);
            }
        }
    }

    synchronized Optional<T> get(String name) {
        List<Candidate<T>> candidates = byName.get(name);
        return candidates == null ? Optional.empty() : Optional.of(candidates.get(0).service());
    }

    /** The service named {@code name}, waiting until {@code deadline} (System.nanoTime) for one to arrive. */
    synchronized Optional<T> await(String name, long deadline) throws InterruptedException {
        for (long left = deadline - System.nanoTime(); !byName.containsKey(name) && left > 0;
             left = deadline - System.nanoTime()) {
            wait(Math.max(1, left / 1_000_000));
        }
        return get(name);
    }

    /** The preferred service of the first name whose service matches, waiting until {@code deadline} for one. */
    synchronized Optional<T> awaitMatching(Predicate<T> matches, long deadline) throws InterruptedException {
        Optional<T> found = firstMatching(matches);
        for (long left = deadline - System.nanoTime(); found.isEmpty() && left > 0;
             left = deadline - System.nanoTime()) {
            wait(Math.max(1, left / 1_000_000));
            found = firstMatching(matches);
        }
        return found;
    }

    synchronized Optional<T> firstMatching(Predicate<T> matches) {
        return names().stream().map(name -> byName.get(name).get(0).service()).filter(matches).findFirst();
    }

    synchronized List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }
}
