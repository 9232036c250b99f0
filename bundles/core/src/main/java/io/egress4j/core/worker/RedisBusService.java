package io.egress4j.core.worker;

import io.egress4j.core.config.ConfigException;
import io.egress4j.core.config.ConfigLoader;
import io.egress4j.core.config.EgressConfig;
import io.egress4j.core.job.Plugins;
import io.egress4j.psrpc.MessageBus;
import io.egress4j.psrpc.RedisBus;
import io.egress4j.psrpc.RpcException;
import java.util.function.Function;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Connects the Redis bus an egress config names, for {@code egress serve} in front of a cluster: the config's
 * {@code redis} section is read, checked and turned into a connection exactly as the worker does it. A function of
 * JDK and psrpc types, so the console's bundle needs nothing of the core. It throws {@link IllegalArgumentException}
 * naming the key or the reason when the config is wrong or Redis does not answer.
 */
@Component(service = Function.class, property = "egress.bus=redis")
public final class RedisBusService implements Function<String, MessageBus> {

    @Reference
    private Plugins plugins;

    @Override
    public MessageBus apply(String configFile) {
        EgressConfig config;
        try {
            config = ConfigLoader.load(configFile, System.getenv(), plugins.registered());
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        try {
            return RedisBus.connect(Worker.redisSettings(config.redis));
        } catch (RpcException e) {
            throw new IllegalArgumentException("Redis at " + config.redis.address + " does not answer: "
                    + e.getMessage(), e);
        }
    }
}
