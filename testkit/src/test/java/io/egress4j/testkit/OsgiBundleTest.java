package io.egress4j.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.egress4j.protocol.psrpc.Psrpc;
import io.egress4j.psrpc.RedisBus;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * The protocol and worker-redis bundles inside a real Felix: they resolve with nothing but the JDK, and the
 * embedded Lettuce/netty/reactor work from the bundle class loader (pub/sub, SET NX, a full claimed RPC), with a
 * thread context class loader that knows nothing.
 */
class OsgiBundleTest {

    @TempDir
    Path storage;

    @Test
    void bundlesResolveAndTalkToRedis() throws Exception {
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Framework framework = new FrameworkFactory().newFramework(properties);
        framework.start();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            Bundle protocol = framework.getBundleContext().installBundle(location(Psrpc.class));
            Bundle worker = framework.getBundleContext().installBundle(location(RedisBus.class));
            protocol.start();
            worker.start();
            assertEquals(Bundle.ACTIVE, protocol.getState());
            assertEquals(Bundle.ACTIVE, worker.getState());

            Class<?> busClass = worker.loadClass("io.egress4j.psrpc.RedisBus");
            assertNotSame(RedisBus.class, busClass, "must be the bundle's own copy");
            // A context class loader that can load nothing, as a worst case for library lookups.
            Thread.currentThread().setContextClassLoader(new URLClassLoader(new URL[0], null));

            Object settings = call(worker.loadClass("io.egress4j.psrpc.RedisSettings"), null, "of", redis.address());
            Object bus = call(busClass, null, "connect", settings);
            try {
                // pub/sub round trip
                BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
                Consumer<byte[]> handler = got::add;
                call(busClass, bus, "subscribe", "osgi|test", handler);
                call(busClass, bus, "publishAndWait", "osgi|test", new byte[] {4, 2});
                assertArrayEquals(new byte[] {4, 2}, got.poll(5, TimeUnit.SECONDS));

                // a claimed queue RPC: SET NX, bid, winner notice, response; protobuf from the protocol bundle
                Class<?> specClass = worker.loadClass("io.egress4j.psrpc.MethodSpec");
                Object spec = specClass.getConstructors()[0].newInstance("OsgiTest", "Echo", false, false, true, true);
                Object emptyParser = call(protocol.loadClass("com.google.protobuf.Empty"), null, "parser");
                Object emptyValue = call(protocol.loadClass("com.google.protobuf.Empty"), null, "getDefaultInstance");
                Class<?> handlerType = worker.loadClass("io.egress4j.psrpc.RpcHandler");
                InvocationHandler echo = (proxy, method, args) -> method.getName().equals("handle") ? args[0]
                        : method.invoke(this, args);
                Object rpcHandler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                        echo);
                Class<?> anyBus = worker.loadClass("io.egress4j.psrpc.MessageBus");
                Object server = worker.loadClass("io.egress4j.psrpc.RpcServer").getConstructor(anyBus)
                        .newInstance(bus);
                call(server.getClass(), server, "register", spec, "topic", emptyParser, rpcHandler);
                Object client = worker.loadClass("io.egress4j.psrpc.RpcClient")
                        .getConstructor(anyBus, String.class).newInstance(bus, "OsgiTest");
                Object result = call(client.getClass(), client, "call", spec, "topic", emptyValue, emptyParser);
                assertNotNull(result);
                assertEquals("com.google.protobuf.Empty", result.getClass().getName());
                assertEquals(protocol.loadClass("com.google.protobuf.Empty"), result.getClass());
                call(client.getClass(), client, "close");
                call(server.getClass(), server, "close");
            } finally {
                call(busClass, bus, "close");
            }
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    /** The bundle's location: its jar, or (inside a reactor build) its target/classes folder with bnd's manifest. */
    private static String location(Class<?> type) throws URISyntaxException {
        Path path = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(path)) {
            return "reference:" + path.toUri();
        }
        return path.toUri().toString();
    }

    private static Object call(Class<?> type, Object target, String name, Object... args) throws Exception {
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == args.length) {
                try {
                    return method.invoke(target, args);
                } catch (IllegalArgumentException e) {
                    continue; // another overload
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name + Arrays.toString(args));
    }
}
