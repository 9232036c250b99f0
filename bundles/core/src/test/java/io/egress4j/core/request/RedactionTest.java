package io.egress4j.core.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import livekit.LivekitEgress.AzureBlobUpload;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.S3Upload;
import livekit.LivekitEgress.TrackEgressRequest;
import livekit.LivekitEgress.DirectFileOutput;
import livekit.LivekitEgress.WebEgressRequest;
import livekit.LivekitModels.WebhookConfig;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void secretsInUploadsAndWebhooksNeverReachTheReport() {
        WebEgressRequest request = WebEgressRequest.newBuilder().setUrl("https://example.com/")
                .addFileOutputs(EncodedFileOutput.newBuilder().setFilepath("a.mp4").setS3(S3Upload.newBuilder()
                        .setAccessKey("AKIA123").setSecret("s3cr3t").setBucket("bucket").setRegion("eu-west-1")))
                .addWebhooks(WebhookConfig.newBuilder().setUrl("https://hooks/").setSigningKey("hook-key"))
                .addWebhooks(WebhookConfig.newBuilder().setUrl("https://other/"))
                .build();
        WebEgressRequest redacted = Redaction.redact(request);
        S3Upload s3 = redacted.getFileOutputs(0).getS3();
        assertEquals("{access_key}", s3.getAccessKey());
        assertEquals("{secret}", s3.getSecret());
        assertEquals("bucket", s3.getBucket(), "non-secret fields stay");
        assertEquals("{signing_key}", redacted.getWebhooks(0).getSigningKey());
        assertEquals("", redacted.getWebhooks(1).getSigningKey(), "empty stays empty");
        assertEquals("s3cr3t", request.getFileOutputs(0).getS3().getSecret(), "the original is untouched");
    }

    @Test
    void streamKeysAreMasked() {
        WebEgressRequest request = WebEgressRequest.newBuilder().setUrl("https://example.com/")
                .addStreamOutputs(livekit.LivekitEgress.StreamOutput.newBuilder()
                        .addUrls("rtmp://live.example.com/app/streamkey123")).build();
        String url = Redaction.redact(request).getStreamOutputs(0).getUrls(0);
        assertEquals("rtmp://live.example.com/app/{str...123}", url);
    }

    @Test
    void worksThroughAnyRequestInsideAnEgressInfo() {
        EgressInfo info = EgressInfo.newBuilder().setEgressId("EG_1").setTrack(TrackEgressRequest.newBuilder()
                .setTrackId("TR_1").setFile(DirectFileOutput.newBuilder().setAzure(AzureBlobUpload.newBuilder()
                        .setAccountName("acct").setAccountKey("key").setContainerName("c")))).build();
        String printed = Redaction.redact(info).toString();
        assertFalse(printed.contains("\"key\""), printed);
        assertFalse(printed.contains("acct"), printed);
        assertEquals("{account_key}", Redaction.redact(info).getTrack().getFile().getAzure().getAccountKey());
    }
}
