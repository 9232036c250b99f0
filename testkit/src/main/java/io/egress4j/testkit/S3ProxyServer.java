package io.egress4j.testkit;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * S3Proxy, a real S3 HTTP server, in the test's JVM on loopback, keeping objects in a directory: each folder is a
 * bucket, each file an object. Headers it does not implement (object tagging) are ignored rather than refused.
 *
 * <p>s3proxy is an optional dependency of the testkit: a test that uses this class declares {@code org.gaul:s3proxy}
 * itself (with logback excluded).
 */
public final class S3ProxyServer implements AutoCloseable {

    private final S3Proxy proxy;
    private final Path objects;

    private S3ProxyServer(Path objects, int port, AuthenticationType auth, String accessKey, String secret)
            throws Exception {
        this.objects = objects;
        proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(objects.toString()))
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(auth, accessKey, secret)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                proxy.stop();
                throw new IllegalStateException("S3Proxy did not start within 30 s: " + proxy.getState());
            }
            Thread.sleep(20);
        }
    }

    /** Without authentication, on a free port. */
    public static S3ProxyServer start(Path objects) throws Exception {
        return start(objects, 0);
    }

    /** Without authentication, on {@code port} (e.g. the port of an earlier instance, to restart it). */
    public static S3ProxyServer start(Path objects, int port) throws Exception {
        return new S3ProxyServer(objects, port, AuthenticationType.NONE, null, null);
    }

    /** Checking AWS signatures (V2 or V4) against one key pair, on a free port. */
    public static S3ProxyServer startWithKeys(Path objects, String accessKey, String secret) throws Exception {
        return new S3ProxyServer(objects, 0, AuthenticationType.AWS_V2_OR_V4, accessKey, secret);
    }

    /** Creates a bucket: its folder. */
    public S3ProxyServer createBucket(String name) throws IOException {
        Files.createDirectories(objects.resolve(name));
        return this;
    }

    public int port() {
        return proxy.getPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** Where the objects are: {@code <objects>/<bucket>/<key>}. */
    public Path objects() {
        return objects;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
