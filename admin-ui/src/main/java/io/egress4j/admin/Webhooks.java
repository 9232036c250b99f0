package io.egress4j.admin;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.egress4j.psrpc.Ids;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitModels.Room;
import livekit.LivekitModels.WebhookConfig;
import livekit.LivekitWebhook.WebhookEvent;

/**
 * LiveKit's egress webhooks, as livekit-server sends them: {@code egress_started} when an egress is first stored,
 * {@code egress_updated} when it turns ACTIVE or ENDING, {@code egress_ended} when it ends, to the configured URLs
 * and to those of the request's {@code webhooks}. Each POST carries the event as protobuf JSON and, in
 * {@code Authorization}, a JWT with the body's SHA-256. One egress's events go to each URL in order, one at a time;
 * transport errors, 429 and 5xx (not 501) are retried after 1, 2, 4 and 8 s. Nothing here ever waits on a
 * recording, nor a recording on this: a dead URL costs log lines, not media.
 */
final class Webhooks implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Webhooks.class.getName());
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final List<Duration> RETRIES = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(8));
    /** An event still waiting for its turn after this long is dropped, as livekit-server drops it. */
    private static final Duration MAX_AGE = Duration.ofSeconds(30);
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final List<String> urls;
    private final String apiKey;
    private final Map<String, String> secrets;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private final ExecutorService senders = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "webhooks");
        thread.setDaemon(true);
        return thread;
    });
    /** The last event queued per receiver and egress: the next one goes after it. */
    private final Map<String, CompletableFuture<Void>> queues = new ConcurrentHashMap<>();

    /**
     * @param urls    the configured receivers ({@code webhook.urls})
     * @param apiKey  the key that signs for them ({@code webhook.api_key})
     * @param secrets every API key's secret, for a request's own {@code signing_key}
     */
    Webhooks(List<String> urls, String apiKey, Map<String, String> secrets) {
        this.urls = List.copyOf(urls);
        this.apiKey = apiKey;
        this.secrets = Map.copyOf(secrets);
    }

    /** {@code info} was stored for the first time. */
    void created(EgressInfo info) {
        queue("egress_started", info);
    }

    /** {@code info} replaced what was stored; whether that is news depends on its status. */
    void updated(EgressInfo info) {
        switch (info.getStatus()) {
            case EGRESS_ACTIVE, EGRESS_ENDING -> queue("egress_updated", info);
            case EGRESS_COMPLETE, EGRESS_FAILED, EGRESS_ABORTED, EGRESS_LIMIT_REACHED -> queue("egress_ended", info);
            default -> { } // STARTING again: livekit-server sends nothing
        }
    }

    private void queue(String event, EgressInfo info) {
        List<Receiver> receivers = receivers(info);
        if (receivers.isEmpty()) {
            return;
        }
        WebhookEvent webhook = WebhookEvent.newBuilder().setEvent(event).setId(Ids.withPrefix("EV_"))
                .setCreatedAt(Instant.now().getEpochSecond())
                .setRoom(Room.newBuilder().setSid(info.getRoomId()).setName(info.getRoomName()))
                .setEgressInfo(info).build();
        Instant queued = Instant.now();
        boolean last = info.getStatus().getNumber() > EgressStatus.EGRESS_ENDING_VALUE;
        for (Receiver receiver : receivers) {
            // One queue per receiver and egress: a slow or dead URL holds up nobody else's events.
            String key = receiver.url() + " " + info.getEgressId();
            CompletableFuture<Void> sent = queues.compute(key, (id, previous) -> (previous == null
                    ? CompletableFuture.<Void>completedFuture(null) : previous)
                    .thenRunAsync(() -> deliver(webhook, receiver, queued), senders));
            if (last) {
                sent.whenComplete((done, error) -> queues.remove(key, sent));
            }
        }
    }

    private record Receiver(String url, String key, String secret) {
    }

    /** The configured URLs, then the request's own, each with the key that signs for it. */
    private List<Receiver> receivers(EgressInfo info) {
        List<Receiver> receivers = new ArrayList<>();
        String secret = secrets.get(apiKey);
        if (secret != null) {
            urls.forEach(url -> receivers.add(new Receiver(url, apiKey, secret)));
        }
        for (WebhookConfig config : requestWebhooks(info)) {
            String key = config.getSigningKey().isEmpty() ? apiKey : config.getSigningKey();
            String keySecret = secrets.get(key);
            if (keySecret == null) {
                LOG.log(Level.WARNING, "[{0}] webhook {1} skipped: no secret for signing key {2}",
                        info.getEgressId(), config.getUrl(), key);
            } else {
                receivers.add(new Receiver(config.getUrl(), key, keySecret));
            }
        }
        return receivers;
    }

    /** The {@code webhooks} of whichever request the info holds (every request type has them). */
    @SuppressWarnings("unchecked")
    private static List<WebhookConfig> requestWebhooks(EgressInfo info) {
        FieldDescriptor requestField = info.getOneofFieldDescriptor(
                EgressInfo.getDescriptor().getOneofs().stream().filter(oneof -> oneof.getName().equals("request"))
                        .findFirst().orElseThrow());
        if (requestField == null) {
            return List.of();
        }
        Message request = (Message) info.getField(requestField);
        FieldDescriptor webhooks = request.getDescriptorForType().findFieldByName("webhooks");
        return webhooks == null ? List.of() : (List<WebhookConfig>) request.getField(webhooks);
    }

    private void deliver(WebhookEvent event, Receiver receiver, Instant queued) {
        if (Duration.between(queued, Instant.now()).compareTo(MAX_AGE) > 0) {
            LOG.log(Level.WARNING, "[{0}] webhook {1} to {2} dropped: waited more than {3} s for its turn",
                    event.getEgressInfo().getEgressId(), event.getEvent(), receiver.url(), MAX_AGE.toSeconds());
            return;
        }
        try {
            post(event, receiver, JSON.print(event).getBytes(StandardCharsets.UTF_8));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an EgressInfo always prints", e);
        }
    }

    private void post(WebhookEvent event, Receiver receiver, byte[] body) {
        Instant now = Instant.now();
        String token = Jwt.sign(Map.of("iss", receiver.key(), "nbf", now.getEpochSecond(), "iat",
                now.getEpochSecond(), "exp", now.plus(TOKEN_LIFETIME).getEpochSecond(), "sha256", sha256(body)),
                receiver.secret());
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(receiver.url())).timeout(REQUEST_TIMEOUT)
                    .header("Authorization", token).header("Content-Type", "application/webhook+json")
                    .header("User-Agent", "LiveKit").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "[{0}] webhook URL {1} is not usable: {2}",
                    event.getEgressInfo().getEgressId(), receiver.url(), e.getMessage());
            return;
        }
        for (int attempt = 0; ; attempt++) {
            String failure;
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status < 500 && status != 429 || status == 501) {
                    LOG.log(status < 300 ? Level.DEBUG : Level.WARNING, "[{0}] webhook {1} to {2}: HTTP {3}",
                            event.getEgressInfo().getEgressId(), event.getEvent(), receiver.url(), status);
                    return;
                }
                failure = "HTTP " + status;
            } catch (IOException e) {
                failure = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (attempt == RETRIES.size()) {
                LOG.log(Level.WARNING, "[{0}] webhook {1} to {2} failed after {3} attempts: {4}",
                        event.getEgressInfo().getEgressId(), event.getEvent(), receiver.url(), attempt + 1, failure);
                return;
            }
            try {
                Thread.sleep(RETRIES.get(attempt).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Standard base64 (padded) of the body's SHA-256, the {@code sha256} claim receivers check. */
    static String sha256(byte[] body) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Sends what is queued, for up to {@link #MAX_AGE}: the events of the egresses that just ended. */
    @Override
    public void close() {
        senders.shutdown();
        try {
            senders.awaitTermination(MAX_AGE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
