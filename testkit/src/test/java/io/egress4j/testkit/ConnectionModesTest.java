package io.egress4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.egress4j.psrpc.MethodSpec;
import io.egress4j.psrpc.RedisBus;
import io.egress4j.psrpc.RedisSettings;
import io.egress4j.psrpc.RpcCode;
import io.egress4j.psrpc.RpcException;
import io.egress4j.psrpc.RpcServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.StopEgressRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS and Sentinel deployments of Redis: the bus connects and a claimed RPC goes through. */
class ConnectionModesTest {

    @TempDir
    Path certificates;

    /** A stand-in and a worker on the given settings; the worker answers StopEgress for EG_mode. */
    private static void roundTrip(RedisSettings serverSide, RedisSettings workerSide) throws Exception {
        try (LivekitServerStandIn server = LivekitServerStandIn.start(serverSide);
             RedisBus bus = RedisBus.connect(workerSide);
             RpcServer worker = new RpcServer(bus)) {
            worker.register(MethodSpec.STOP_EGRESS, "EG_mode", StopEgressRequest.parser(),
                    (request, info) -> EgressInfo.newBuilder().setEgressId(request.getEgressId()).build());
            assertEquals("EG_mode", server.stopEgress("EG_mode").getEgressId());
        }
    }

    @Test
    void tls() throws Exception {
        makeCertificates();
        try (RedisServerProcess redis = RedisServerProcess.startTls(certificates.resolve("server.crt"),
                certificates.resolve("server.key"), certificates.resolve("ca.crt"))) {
            RedisSettings verified = RedisSettings.builder().address(redis.address())
                    .tls(new RedisSettings.Tls(true, false, "", certificates.resolve("ca.crt"), null, null))
                    .build();
            RedisSettings insecure = RedisSettings.builder().address(redis.address())
                    .tls(new RedisSettings.Tls(true, true, "", null, null, null))
                    .build();
            roundTrip(verified, insecure);

            // the JDK's trust store does not know the test CA
            RpcException untrusted = assertThrows(RpcException.class, () -> RedisBus.connect(
                    RedisSettings.builder().address(redis.address()).useTls(true).build()).close());
            assertEquals(RpcCode.UNAVAILABLE, untrusted.code());
            // and plain text is refused by a TLS port
            assertThrows(RpcException.class, () -> RedisBus.connect(RedisSettings.builder()
                    .address(redis.address()).readTimeout(java.time.Duration.ofSeconds(1)).build()).close());
        }
    }

    @Test
    void sentinel() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start();
             RedisServerProcess sentinel = RedisServerProcess.startSentinel(master, "egress")) {
            RedisSettings viaSentinel = RedisSettings.builder()
                    .sentinelMasterName("egress")
                    .sentinelAddresses(List.of(sentinel.address()))
                    .build();
            roundTrip(viaSentinel, master.settings());
        }
    }

    @Test
    void cluster() throws Exception {
        List<RedisServerProcess> nodes = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(RedisServerProcess.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "5000"));
            }
            List<String> command = new java.util.ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes.forEach(node -> command.add(node.address()));
            command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            run(command);
            awaitClusterOk(nodes);
            List<String> seeds = nodes.stream().map(RedisServerProcess::address).toList();
            RedisSettings cluster = RedisSettings.builder().clusterAddresses(seeds.subList(0, 1)).build();
            RedisSettings otherSeed = RedisSettings.builder().clusterAddresses(seeds.subList(2, 3)).build();
            roundTrip(cluster, otherSeed);
        } finally {
            nodes.forEach(RedisServerProcess::close);
        }
    }

    private static void awaitClusterOk(List<RedisServerProcess> nodes) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            boolean ok = true;
            for (RedisServerProcess node : nodes) {
                ok &= run(List.of("redis-cli", "-p", Integer.toString(node.port()), "cluster", "info"))
                        .contains("cluster_state:ok");
            }
            if (ok) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("cluster did not become ok");
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    private void makeCertificates() throws IOException, InterruptedException {
        Files.writeString(certificates.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                "-days", "2", "-subj", "/CN=egress4j test CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=127.0.0.1");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "2", "-extfile", "ext.cnf");
    }

    private void openssl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(certificates.toFile()).redirectErrorStream(true)
                .redirectOutput(certificates.resolve("openssl.log").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", arguments) + " failed:\n"
                    + Files.readString(certificates.resolve("openssl.log")));
        }
    }
}
