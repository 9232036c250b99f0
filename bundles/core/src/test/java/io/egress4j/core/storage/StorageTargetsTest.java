package io.egress4j.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.api.EgressException;
import io.egress4j.api.StorageSetting;
import io.egress4j.api.Uploader;
import io.egress4j.core.config.EgressConfig;
import io.egress4j.core.config.StorageConfig;
import io.egress4j.core.config.ConfigLoader;
import java.util.List;
import java.util.Map;
import livekit.LivekitEgress.GCPUpload;
import livekit.LivekitEgress.ProxyConfig;
import livekit.LivekitEgress.S3Upload;
import org.junit.jupiter.api.Test;

class StorageTargetsTest {

    private static final StorageCatalog CATALOG = TestStorage.catalog();

    private static StorageSetting setting(String name) {
        return StorageSetting.of(name, "");
    }

    @Test
    void theOutputsOwnUploadWinsAndIsFlattenedWithUpstreamKeys() throws Exception {
        EgressConfig config = new EgressConfig();
        config.storage.prefix = "rooms";
        S3Upload s3 = S3Upload.newBuilder().setAccessKey("AK").setSecret("SK").setBucket("b").setRegion("eu")
                .setForcePathStyle(true).putMetadata("team", "video")
                .setProxy(ProxyConfig.newBuilder().setUrl("http://proxy:3128")).build();
        StorageTarget target = StorageTargets.resolve(s3, config, CATALOG);
        assertEquals("s3", target.backend());
        assertEquals("b", target.settings().get(setting("bucket")));
        assertEquals("true", target.settings().get(setting("force_path_style")));
        assertEquals("video", target.settings().get(setting("metadata.team")));
        assertEquals("http://proxy:3128", target.settings().get(setting("proxy.url")));
        assertEquals("rooms/a/b.mp4", target.path("a/b.mp4"), "the config prefix applies");
        assertEquals("s3 (b)", target.describe(), "no credentials in messages");
    }

    @Test
    void generatePresignedUrlComesFromTheConfigsStorageOrBackup() throws Exception {
        EgressConfig config = new EgressConfig();
        config.storage.generatePresignedUrl = true;
        config.storage.backends().put("s3", Map.of("bucket", "configured"));
        assertTrue(StorageTargets.resolve(null, config, CATALOG).presign());
        assertTrue(StorageTargets.resolve(S3Upload.newBuilder().setBucket("b").build(), config, CATALOG).presign(),
                "a request's own upload follows the config's storage, as its prefix does");
        config.backup = new StorageConfig();
        config.backup.backends().put("s3", Map.of());
        assertFalse(StorageTargets.backup(config, CATALOG).orElseThrow().presign(), "the backup has its own setting");
        config.storage.generatePresignedUrl = false;
        assertFalse(StorageTargets.resolve(null, config, CATALOG).presign());
    }

    @Test
    void aRequestsEndpointsAndProxiesMustNotLeadToLinkLocalAddresses() {
        S3Upload metadata = S3Upload.newBuilder().setAccessKey("AK").setSecret("SK").setBucket("b")
                .setEndpoint("http://169.254.169.254/latest").build();
        io.egress4j.core.request.InvalidArgument.assertRejected("request has missing or invalid field: s3.endpoint "
                + "(169.254.169.254 is a link-local address (169.254.169.254))",
                () -> StorageTargets.resolve(metadata, new EgressConfig(), CATALOG));
        S3Upload proxied = S3Upload.newBuilder().setAccessKey("AK").setSecret("SK").setBucket("b")
                .setProxy(livekit.LivekitEgress.ProxyConfig.newBuilder().setUrl("http://[fe80::1]:3128")).build();
        org.junit.jupiter.api.Assertions.assertThrows(io.egress4j.api.EgressException.class,
                () -> StorageTargets.resolve(proxied, new EgressConfig(), CATALOG));
    }

    @Test
    void googleUploadsGoToTheGcpPlugin() throws Exception {
        StorageTarget target = StorageTargets.resolve(GCPUpload.newBuilder().setBucket("g").setCredentials("{}")
                .build(), new EgressConfig(), CATALOG);
        assertEquals("gcp", target.backend());
        assertEquals("{}", target.settings().get(setting("credentials")));
    }

    @Test
    void configuredStorageWhenTheOutputHasNone() throws Exception {
        EgressConfig config = new EgressConfig();
        config.storage.backends().put("azure", Map.of("account_name", "acct", "container_name", "c"));
        StorageTarget target = StorageTargets.resolve(null, config, CATALOG);
        assertEquals("azure", target.backend());
        assertEquals("acct", target.settings().get(setting("account_name")));
    }

    @Test
    void anyOtherKeyUnderStorageNamesAPluginBackend() throws Exception {
        EgressConfig config = ConfigLoader.load(null, Map.of(
                "EGRESS_CONFIG_BODY", "storage:\n  copy:\n    directory: /mnt/archive\n"), TestStorage.BACKENDS);
        StorageTarget target = StorageTargets.resolve(null, config, CATALOG);
        assertEquals("copy", target.backend());
        assertEquals("/mnt/archive", target.settings().get(setting("directory")));
        assertEquals("copy (/mnt/archive)", target.describe());
    }

    @Test
    void localDirectoryLastUnlessDisallowed() throws Exception {
        EgressConfig config = new EgressConfig();
        StorageTarget local = StorageTargets.resolve(null, config, CATALOG);
        assertEquals("local", local.backend());
        assertTrue(local.settings().get(setting("root")).endsWith("recordings"));

        config.disallowLocalStorage = true;
        EgressException refused = assertThrows(EgressException.class, () -> StorageTargets.resolve(null, config, CATALOG));
        assertEquals("request has missing or invalid field: output", refused.getMessage());
    }

    /** The S3 plugin applies the assume-role rule (S3CredentialsTest); the core hands it the operator's keys. */
    @Test
    void requestUploadsCarryTheOperatorSettingsTheirPluginDeclares() throws Exception {
        S3Upload role = S3Upload.newBuilder().setAssumeRoleArn("arn:aws:iam::1:role/r").setBucket("b").build();
        EgressConfig config = ConfigLoader.load(null, Map.of("EGRESS_CONFIG_BODY",
                "s3_assume_role_key: OPKEY\ns3_assume_role_secret: OPSECRET\nstorage: {gcp: {bucket: g}}\n"),
                TestStorage.BACKENDS);
        StorageTarget requested = StorageTargets.resolve(role, config, CATALOG);
        assertEquals("OPKEY", requested.settings().get(setting("s3_assume_role_key")));
        assertTrue(requested.settings().fromRequest());
        assertEquals("", StorageTargets.resolve(null, config, CATALOG).settings().get(setting("s3_assume_role_key")),
                "a config section is the operator's own: it needs no fallback");
    }

    @Test
    void aRequestsUploadBlockIsCheckedAgainstItsPluginsDeclaration() {
        Uploader strict = new TestStorage.Declaring("livekit.S3Upload", List.of(StorageSetting.of("bucket", "")
                .asRequired()));
        EgressException missing = assertThrows(EgressException.class, () -> StorageTargets.resolve(
                S3Upload.getDefaultInstance(), new EgressConfig(),
                TestStorage.catalog(Map.of("s3", strict, "local", TestStorage.LOCAL))));
        assertEquals("request has missing or invalid field: s3.bucket", missing.getMessage());
        assertEquals(EgressException.Code.INVALID_ARGUMENT, missing.code());

        EgressException undeclared = assertThrows(EgressException.class, () -> StorageTargets.resolve(
                S3Upload.newBuilder().setBucket("b").setRegion("eu").build(), new EgressConfig(),
                TestStorage.catalog(Map.of("s3", strict, "local", TestStorage.LOCAL))));
        assertEquals("request has missing or invalid field: s3.region", undeclared.getMessage());
    }

    @Test
    void aConfigSectionIsCheckedWhenUsed() {
        EgressConfig config = new EgressConfig();
        config.storage.backends().put("copy", Map.of("directry", "/mnt"));
        EgressException unknown = assertThrows(EgressException.class,
                () -> StorageTargets.resolve(null, config, CATALOG));
        assertEquals("config: unknown key \"storage.copy.directry\"", unknown.getMessage());
        config.storage.backends().put("copy", Map.of());
        EgressException missing = assertThrows(EgressException.class,
                () -> StorageTargets.resolve(null, config, CATALOG));
        assertEquals("config: \"storage.copy.directory\" must be set", missing.getMessage());
    }

    @Test
    void nestedConfigFlattensToTheRequestsNames() throws Exception {
        EgressConfig config = ConfigLoader.load(null, Map.of("EGRESS_CONFIG_BODY", """
                storage:
                  s3:
                    bucket: b
                    metadata: {team: media}
                    proxy_config: {url: http://proxy:3128, password: pw}
                """), TestStorage.BACKENDS);
        StorageTarget target = StorageTargets.resolve(null, config, CATALOG);
        assertEquals("media", target.settings().get(setting("metadata.team")));
        assertEquals("http://proxy:3128", target.settings().get(setting("proxy.url")));
        assertFalse(target.settings().toString().contains("pw"), "secrets never print");
    }

    @Test
    void backupHasTheStorageShape() throws Exception {
        EgressConfig config = new EgressConfig();
        assertTrue(StorageTargets.backup(config, CATALOG).isEmpty());
        config.backup = new StorageConfig();
        config.backup.backends().put("s3", Map.of("bucket", "spare"));
        assertEquals("s3 (spare)", StorageTargets.backup(config, CATALOG).orElseThrow().describe());
    }
}
