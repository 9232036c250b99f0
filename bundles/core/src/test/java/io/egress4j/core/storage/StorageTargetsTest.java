package io.egress4j.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.api.EgressException;
import io.egress4j.core.config.EgressConfig;
import io.egress4j.core.config.StorageConfig;
import io.egress4j.core.config.UploadConfig;
import livekit.LivekitEgress.GCPUpload;
import livekit.LivekitEgress.ProxyConfig;
import livekit.LivekitEgress.S3Upload;
import org.junit.jupiter.api.Test;

class StorageTargetsTest {

    @Test
    void theOutputsOwnUploadWinsAndIsFlattenedWithUpstreamKeys() throws Exception {
        EgressConfig config = new EgressConfig();
        config.storage.prefix = "rooms";
        S3Upload s3 = S3Upload.newBuilder().setAccessKey("AK").setSecret("SK").setBucket("b").setRegion("eu")
                .setForcePathStyle(true).putMetadata("team", "video")
                .setProxy(ProxyConfig.newBuilder().setUrl("http://proxy:3128")).build();
        StorageTarget target = StorageTargets.resolve(s3, config);
        assertEquals("s3", target.backend());
        assertEquals("b", target.settings().get("bucket"));
        assertEquals("true", target.settings().get("force_path_style"));
        assertEquals("video", target.settings().get("metadata.team"));
        assertEquals("http://proxy:3128", target.settings().get("proxy.url"));
        assertEquals("rooms/a/b.mp4", target.path("a/b.mp4"), "the config prefix applies");
        assertEquals("s3 (b)", target.describe(), "no credentials in messages");
    }

    @Test
    void generatePresignedUrlComesFromTheConfigsStorageOrBackup() throws Exception {
        EgressConfig config = new EgressConfig();
        config.storage.generatePresignedUrl = true;
        config.storage.s3 = new UploadConfig.S3();
        config.storage.s3.bucket = "configured";
        assertTrue(StorageTargets.resolve(null, config).presign());
        assertTrue(StorageTargets.resolve(S3Upload.newBuilder().setBucket("b").build(), config).presign(),
                "a request's own upload follows the config's storage, as its prefix does");
        config.backup = new StorageConfig();
        config.backup.s3 = new UploadConfig.S3();
        assertFalse(StorageTargets.backup(config).orElseThrow().presign(), "the backup has its own setting");
        config.storage.generatePresignedUrl = false;
        assertFalse(StorageTargets.resolve(null, config).presign());
    }

    @Test
    void googleUploadsGoToTheGcpPlugin() throws Exception {
        StorageTarget target = StorageTargets.resolve(GCPUpload.newBuilder().setBucket("g").setCredentials("{}")
                .build(), new EgressConfig());
        assertEquals("gcp", target.backend());
        assertEquals("{}", target.settings().get("credentials"));
    }

    @Test
    void configuredStorageWhenTheOutputHasNone() throws Exception {
        EgressConfig config = new EgressConfig();
        config.storage.azure = new UploadConfig.Azure();
        config.storage.azure.accountName = "acct";
        config.storage.azure.containerName = "c";
        StorageTarget target = StorageTargets.resolve(null, config);
        assertEquals("azure", target.backend());
        assertEquals("acct", target.settings().get("account_name"));
    }

    @Test
    void anyOtherKeyUnderStorageNamesAPluginBackend() throws Exception {
        EgressConfig config = io.egress4j.core.config.ConfigLoader.load(null, java.util.Map.of(
                "EGRESS_CONFIG_BODY", "storage:\n  copy:\n    directory: /mnt/archive\n"));
        StorageTarget target = StorageTargets.resolve(null, config);
        assertEquals("copy", target.backend());
        assertEquals("/mnt/archive", target.settings().get("directory"));
        assertEquals("copy (/mnt/archive)", target.describe());
    }

    @Test
    void localDirectoryLastUnlessDisallowed() throws Exception {
        EgressConfig config = new EgressConfig();
        StorageTarget local = StorageTargets.resolve(null, config);
        assertEquals("local", local.backend());
        assertTrue(local.settings().get("root").endsWith("recordings"));

        config.disallowLocalStorage = true;
        EgressException refused = assertThrows(EgressException.class, () -> StorageTargets.resolve(null, config));
        assertEquals("request has missing or invalid field: output", refused.getMessage());
    }

    @Test
    void assumeRoleWithoutKeysNeedsTheOperatorsKeys() throws Exception {
        S3Upload role = S3Upload.newBuilder().setAssumeRoleArn("arn:aws:iam::1:role/r").setBucket("b").build();
        EgressConfig config = new EgressConfig();
        EgressException disabled = assertThrows(EgressException.class, () -> StorageTargets.resolve(role, config));
        assertEquals("S3 upload using AssumeRole is disabled for this account", disabled.getMessage());
        assertEquals(EgressException.Code.PERMISSION_DENIED, disabled.code());

        config.s3AssumeRoleKey = "OPKEY";
        config.s3AssumeRoleSecret = "OPSECRET";
        assertEquals("OPKEY", StorageTargets.resolve(role, config).settings().get("access_key"));
    }

    @Test
    void backupHasTheStorageShape() {
        EgressConfig config = new EgressConfig();
        assertTrue(StorageTargets.backup(config).isEmpty());
        config.backup = new StorageConfig();
        config.backup.s3 = new UploadConfig.S3();
        config.backup.s3.bucket = "spare";
        assertEquals("s3 (spare)", StorageTargets.backup(config).orElseThrow().describe());
    }
}
