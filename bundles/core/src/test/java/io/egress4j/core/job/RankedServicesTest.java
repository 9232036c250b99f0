package io.egress4j.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RankedServicesTest {

    private final RankedServices<String> services = new RankedServices<>();

    @Test
    void aLaterServiceWithTheSameNameNeitherReplacesNorRemovesTheFirst() {
        services.add("s3", "built-in", Map.of(RankedServices.ID, 5L));
        services.add("s3", "plugin", Map.of(RankedServices.ID, 9L));
        assertEquals(Optional.of("built-in"), services.get("s3"));
        services.remove("s3", "plugin");
        assertEquals(Optional.of("built-in"), services.get("s3"));
    }

    @Test
    void aPluginCannotTakeABuiltInNameWhateverItsRanking() {
        assertTrue(services.add("s3", "built-in", Map.of(RankedServices.ID, 5L), true));
        assertFalse(services.add("s3", "impostor", Map.of(RankedServices.ID, 9L, RankedServices.RANKING, 1000),
                false));
        assertEquals(Optional.of("built-in"), services.get("s3"));
        assertTrue(services.add("copy", "plugin", Map.of(RankedServices.ID, 10L), false), "a new name is free");
    }

    @Test
    void aHigherRankingWinsUntilItLeaves() {
        services.add("s3", "built-in", Map.of(RankedServices.ID, 5L));
        services.add("s3", "preferred", Map.of(RankedServices.ID, 9L, RankedServices.RANKING, 10));
        assertEquals(Optional.of("preferred"), services.get("s3"));
        services.remove("s3", "preferred");
        assertEquals(Optional.of("built-in"), services.get("s3"));
        services.remove("s3", "built-in");
        assertEquals(Optional.empty(), services.get("s3"));
        assertEquals(List.of(), services.names());
    }

    @Test
    void aLookupWaitsForAServiceThatArrivesInTime() throws Exception {
        CompletableFuture<Optional<String>> found = CompletableFuture.supplyAsync(() -> {
            try {
                return services.await("gcp", System.nanoTime() + Duration.ofSeconds(5).toNanos());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        services.add("gcp", "gcs", Map.of(RankedServices.ID, 1L));
        assertEquals(Optional.of("gcs"), found.get());
    }

    @Test
    void aLookupGivesUpAtItsDeadline() throws Exception {
        long started = System.nanoTime();
        assertEquals(Optional.empty(), services.await("azure", started + Duration.ofMillis(200).toNanos()));
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(200).toNanos());
    }
}
