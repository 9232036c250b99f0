package io.egress4j.core.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import livekit.LivekitEgress.AzureBlobUpload;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.S3Upload;
import livekit.LivekitEgress.ProxyConfig;
import io.egress4j.api.StorageSetting;
import java.util.List;
import java.util.Map;
import livekit.LivekitEgress.TrackEgressRequest;
import livekit.LivekitEgress.DirectFileOutput;
import livekit.LivekitEgress.WebEgressRequest;
import livekit.LivekitModels.WebhookConfig;
import org.junit.jupiter.api.Test;
import io.egress4j.core.storage.TestStorage;

class RedactionTest {

    @Test
    void secretsInUploadsNeverReachTheReportAndWebhookKeysDo() {
        WebEgressRequest request = WebEgressRequest.newBuilder().setUrl("https://example.com/")
                .addFileOutputs(EncodedFileOutput.newBuilder().setFilepath("a.mp4").setS3(S3Upload.newBuilder()
                        .setAccessKey("AKIA123").setSecret("s3cr3t").setBucket("bucket").setRegion("eu-west-1")))
                .addWebhooks(WebhookConfig.newBuilder().setUrl("https://hooks/").setSigningKey("hook-key"))
                .addWebhooks(WebhookConfig.newBuilder().setUrl("https://other/"))
                .build();
        WebEgressRequest redacted = Redaction.redact(request, TestStorage.BACKENDS);
        S3Upload s3 = redacted.getFileOutputs(0).getS3();
        assertEquals("{access_key}", s3.getAccessKey());
        assertEquals("{secret}", s3.getSecret());
        assertEquals("bucket", s3.getBucket(), "non-secret fields stay");
        assertEquals("hook-key", redacted.getWebhooks(0).getSigningKey(),
                "a webhook's signing_key names an API key; the LiveKit server needs it to sign the webhook");
        assertEquals("s3cr3t", request.getFileOutputs(0).getS3().getSecret(), "the original is untouched");
    }

    @Test
    void streamKeysAreMasked() {
        WebEgressRequest request = WebEgressRequest.newBuilder().setUrl("https://example.com/")
                .addStreamOutputs(livekit.LivekitEgress.StreamOutput.newBuilder()
                        .addUrls("rtmp://live.example.com/app/streamkey123")).build();
        String url = Redaction.redact(request, TestStorage.BACKENDS).getStreamOutputs(0).getUrls(0);
        assertEquals("rtmp://live.example.com/app/{str...123}", url);
    }

    @Test
    void worksThroughAnyRequestInsideAnEgressInfo() {
        EgressInfo info = EgressInfo.newBuilder().setEgressId("EG_1").setTrack(TrackEgressRequest.newBuilder()
                .setTrackId("TR_1").setFile(DirectFileOutput.newBuilder().setAzure(AzureBlobUpload.newBuilder()
                        .setAccountName("acct").setAccountKey("key").setContainerName("c")))).build();
        String printed = Redaction.redact(info, TestStorage.BACKENDS).toString();
        assertFalse(printed.contains("\"key\""), printed);
        assertFalse(printed.contains("acct"), printed);
        assertEquals("{account_key}", Redaction.redact(info, TestStorage.BACKENDS).getTrack().getFile().getAzure().getAccountKey());
    }

    @Test
    void uploadSecretsAreWhatThePluginDeclares() {
        S3Upload upload = S3Upload.newBuilder().setBucket("b").setSessionToken("tok")
                .setProxy(ProxyConfig.newBuilder().setUrl("http://proxy").setPassword("pw")).build();
        WebEgressRequest request = WebEgressRequest.newBuilder().setUrl("https://example.com/")
                .addFileOutputs(EncodedFileOutput.newBuilder().setFilepath("a.mp4").setS3(upload)).build();

        S3Upload declared = Redaction.redact(request, Map.of("s3", new TestStorage.Declaring("livekit.S3Upload",
                List.of(StorageSetting.of("bucket", "").asSecret(), StorageSetting.of("proxy.password", "")
                        .asSecret())))).getFileOutputs(0).getS3();
        assertEquals("{bucket}", declared.getBucket(), "declared secret");
        assertEquals("{password}", declared.getProxy().getPassword(), "nested settings by their dotted name");
        assertEquals("http://proxy", declared.getProxy().getUrl());
        assertEquals("tok", declared.getSessionToken(), "not declared secret by this plugin");

        S3Upload unserved = Redaction.redact(request, Map.of()).getFileOutputs(0).getS3();
        assertEquals("{bucket}", unserved.getBucket(), "no plugin says what is safe: every text is redacted");
        assertEquals("{session_token}", unserved.getSessionToken());
        assertEquals("{url}", unserved.getProxy().getUrl());
    }
}
