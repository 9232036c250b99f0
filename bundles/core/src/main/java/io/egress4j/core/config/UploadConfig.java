package io.egress4j.core.config;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where files are uploaded: at most one provider block is set; none = local storage. Shared by {@code storage},
 * {@code backup} and {@code debug}.
 */
public class UploadConfig {
    /** Prepended to every storage path. */
    public String prefix = "";
    /** Replace each output's location with a presigned GET URL, valid 7 days. */
    public boolean generatePresignedUrl = false;
    public S3 s3 = null;
    public Azure azure = null;
    public Gcp gcp = null;
    public AliOss alioss = null;

    /** {@code s3}: Amazon S3 or a compatible service. */
    public static class S3 {
        public String accessKey = "";
        public String secret = "";
        public String sessionToken = "";
        /** Role assumed with the keys above before uploading. */
        public String assumeRoleArn = "";
        public String assumeRoleExternalId = "";
        /** Empty = us-east-1. */
        public String region = "";
        public String endpoint = "";
        public String bucket = "";
        public boolean forcePathStyle = false;
        public int maxRetries = 5;
        public Duration maxRetryDelay = Duration.ofSeconds(5);
        public Duration minRetryDelay = Duration.ofMillis(100);
        /** AWS SDK log level, e.g. LogDebug; empty = off. */
        public String awsLogLevel = "";
        /** Object metadata added to every upload. */
        public Map<String, String> metadata = new LinkedHashMap<>();
        /** Object tags, URL-query encoded ({@code key1=value1&key2=value2}). */
        public String tagging = "";
        /** Empty = inline. */
        public String contentDisposition = "";
        // upstream's key is proxy_config; "proxy" is the request field's name
        @JsonProperty("proxy_config")
        @JsonAlias("proxy")
        public Proxy proxy = null;
    }

    /** {@code azure}: Azure Blob Storage. */
    public static class Azure {
        public String accountName = "";
        public String accountKey = "";
        public String containerName = "";
        /**
         * egress4j only: the blob service URL, for Azurite or sovereign clouds (e.g.
         * {@code http://127.0.0.1:10000/devstoreaccount1}); empty = {@code https://<account_name>.blob.core.windows.net}.
         */
        public String endpoint = "";
    }

    /** {@code gcp}: Google Cloud Storage. */
    public static class Gcp {
        /** Service account key JSON; empty = GOOGLE_APPLICATION_CREDENTIALS. */
        public String credentialsJson = "";
        public String bucket = "";
        @JsonProperty("proxy_config")
        @JsonAlias("proxy")
        public Proxy proxy = null;
    }

    /** {@code alioss}: Alibaba Cloud OSS. */
    public static class AliOss {
        public String accessKey = "";
        public String secret = "";
        public String region = "";
        public String endpoint = "";
        public String bucket = "";
    }

    /** {@code proxy_config}: HTTP proxy for uploads. */
    public static class Proxy {
        public String url = "";
        public String username = "";
        public String password = "";
    }
}
