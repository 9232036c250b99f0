package io.egress4j.core.job;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.EgressType;
import io.egress4j.api.Output;
import io.egress4j.api.Source;
import io.egress4j.api.Uploader;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import io.egress4j.core.handler.HandlerCommandLine;
import io.egress4j.core.storage.StorageCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Every egress type, source, output and storage backend currently registered, by name; where two plugins register
 * one name, the one OSGi ranks first ({@link RankedServices}). Plugins come and go at run time (FileInstall); in the
 * first seconds after start-up a lookup waits for one that is still starting instead of failing at once.
 */
@Component(service = Plugins.class)
public final class Plugins implements StorageCatalog {

    private static final Duration ARRIVAL_GRACE = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(Plugins.class.getName());

    private final RankedServices<EgressType> types = new RankedServices<>();
    private final RankedServices<Source> sources = new RankedServices<>();
    private final RankedServices<Output> outputs = new RankedServices<>();
    private final RankedServices<Uploader> uploaders = new RankedServices<>();
    /** The same uploaders by the request upload message they serve (livekit.S3Upload), valued by backend name. */
    private final RankedServices<Backend> uploadsServed = new RankedServices<>();
    /** Plugins from the plugins folder start just after the framework; later, a missing one is simply absent. */
    private final long graceEnds = System.nanoTime() + ARRIVAL_GRACE.toNanos();

    /** The running egress type that handles {@code request}, if any; never waits (the worker bids with it). */
    public Optional<EgressType> typeFor(StartEgressRequest request) {
        return types.firstMatching(type -> type.handles(request));
    }

    /**
     * The egress type that handles {@code request}, waiting in the first seconds after start-up for one still
     * starting.
     *
     * @throws EgressException INVALID_ARGUMENT when no running type handles it
     */
    public EgressType awaitTypeFor(StartEgressRequest request) throws EgressException {
        String requestType = request.getRequestCase().name().toLowerCase(Locale.ROOT);
        try {
            return types.awaitMatching(type -> type.handles(request), graceEnds).orElseThrow(() ->
                    new EgressException(Code.INVALID_ARGUMENT, requestType + " egress is not supported here (egress"
                            + " types running: " + types.names() + ")"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EgressException(Code.UNAVAILABLE, "interrupted while waiting for the " + requestType
                    + " egress type");
        }
    }

    public Source source(String type) throws EgressException {
        return await(sources, type, missing("source", type));
    }

    /** Every source running now. */
    public List<Source> sources() {
        return sources.names().stream().map(sources::get).flatMap(Optional::stream).toList();
    }

    public Output output(String kind) throws EgressException {
        return await(outputs, kind, missing("output", kind));
    }

    @Override
    public Uploader uploader(String backend) throws EgressException {
        return await(uploaders, backend, missing("storage backend", backend));
    }

    @Override
    public Backend servingUpload(String uploadMessage) throws EgressException {
        return await(uploadsServed, uploadMessage, "no storage plugin serving " + uploadMessage + " is running");
    }

    @Override
    public Map<String, Uploader> registered() {
        Map<String, Uploader> registered = new LinkedHashMap<>();
        uploaders.names().forEach(name -> uploaders.get(name).ifPresent(uploader -> registered.put(name, uploader)));
        return registered;
    }

    /** Names of everything registered right now, by kind, for {@code egress plugins}. */
    public Map<String, List<String>> names() {
        return Map.of("types", types.names(), "sources", sources.names(), "outputs", outputs.names(),
                "storage", uploaders.names());
    }

    private static String missing(String what, String name) {
        return "no " + what + " plugin named \"" + name + "\" is running";
    }

    private <T> T await(RankedServices<T> registry, String name, String missing) throws EgressException {
        try {
            return registry.await(name, graceEnds).orElseThrow(() -> new EgressException(Code.UNAVAILABLE,
                    missing + " (registered: " + registry.names() + ")"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EgressException(Code.UNAVAILABLE, "interrupted while waiting: " + missing);
        }
    }

    /** Adds {@code service}; a plugin that names a built-in's name is not used, and the log says so. */
    private static <T> void register(RankedServices<T> registry, String kind, String name, T service,
                                     Map<String, Object> properties) {
        boolean builtIn = builtIn(service);
        if (!registry.add(name, service, properties, builtIn) && !builtIn) {
            LOG.log(Level.WARNING, "the plugin {0} named \"{1}\" is not used: that name is taken",
                    kind, name);
        }
    }

    /** Whether {@code service} comes with the distribution, not from the plugins folder. */
    private static boolean builtIn(Object service) {
        Bundle bundle = FrameworkUtil.getBundle(service.getClass());
        String plugins = System.getProperty(HandlerCommandLine.PLUGINS_PROPERTY);
        return bundle == null || plugins == null
                || !bundle.getLocation().contains(Path.of(plugins).toUri().getPath());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addType(EgressType type, Map<String, Object> properties) {
        register(types, "egress type", String.valueOf(properties.get(EgressType.NAME)), type, properties);
    }

    void removeType(EgressType type, Map<String, Object> properties) {
        types.remove(String.valueOf(properties.get(EgressType.NAME)), type);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(Source source, Map<String, Object> properties) {
        register(sources, "source", String.valueOf(properties.get(Source.TYPE)), source, properties);
    }

    void removeSource(Source source, Map<String, Object> properties) {
        sources.remove(String.valueOf(properties.get(Source.TYPE)), source);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addOutput(Output output, Map<String, Object> properties) {
        register(outputs, "output", String.valueOf(properties.get(Output.KIND)), output, properties);
    }

    void removeOutput(Output output, Map<String, Object> properties) {
        outputs.remove(String.valueOf(properties.get(Output.KIND)), output);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addUploader(Uploader uploader, Map<String, Object> properties) {
        String backend = String.valueOf(properties.get(Uploader.BACKEND));
        register(uploaders, "storage backend", backend, uploader, properties);
        uploader.requestUpload().ifPresent(message ->
                uploadsServed.add(message, new Backend(backend, uploader), properties, builtIn(uploader)));
    }

    void removeUploader(Uploader uploader, Map<String, Object> properties) {
        String backend = String.valueOf(properties.get(Uploader.BACKEND));
        uploaders.remove(backend, uploader);
        uploader.requestUpload().ifPresent(message -> uploadsServed.remove(message, new Backend(backend, uploader)));
    }
}
