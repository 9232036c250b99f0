package io.egress4j.storage.azure;

import io.egress4j.storage.support.NodeCredentials;
import io.egress4j.storage.support.Errors;
import io.egress4j.storage.support.Locations;
import io.egress4j.storage.support.Settings;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobUploadFromFileOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.StorageSetting;
import io.egress4j.api.StorageSettings;
import io.egress4j.api.Uploader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Uploads to Azure Blob Storage with a shared key, as LiveKit Egress does: block blobs in 4 MiB blocks, 16 in
 * parallel, exponential retries (5 tries, at most 5 s apart).
 */
@Component(property = Uploader.BACKEND + "=azure")
public final class AzureStorage implements Uploader {

    static final String BACKEND = "azure";
    static final long BLOCK_SIZE = 4L * 1024 * 1024;
    static final int PARALLELISM = 16;
    /** Files up to this size go up in one request; larger ones in blocks (as the S3 backend's multipart). */
    static final long MAX_SINGLE_UPLOAD = 16L * 1024 * 1024;

    /**
     * The JDK HttpClient transport warns on every request that it leaves out the restricted Content-Length header
     * (the JDK sets it itself). Its logger is quietened to errors; held here so java.util.logging keeps the level.
     */
    private static final Logger TRANSPORT_LOG = Logger.getLogger("com.azure.core.http.jdk.httpclient");

    static {
        TRANSPORT_LOG.setLevel(Level.SEVERE);
    }

    private final Map<String, String> environment;
    private volatile HttpClient http;

    public AzureStorage() {
        this(System.getenv());
    }

    /** For tests: the environment the AZURE_STORAGE_* fallbacks are read from. */
    AzureStorage(Map<String, String> environment) {
        this.environment = environment;
    }

    static final StorageSetting CONTAINER_NAME = StorageSetting.of("container_name",
            "container; empty = the first segment of each path");
    // upstream redacts the account name in reported requests too
    static final StorageSetting ACCOUNT_NAME = StorageSetting.of("account_name",
            "storage account; empty = AZURE_STORAGE_ACCOUNT").asSecret();
    static final StorageSetting ACCOUNT_KEY = StorageSetting.of("account_key",
            "shared key; empty = AZURE_STORAGE_KEY").asSecret();
    static final StorageSetting ENDPOINT = StorageSetting.of("endpoint",
            "egress4j only: the blob service URL, for Azurite or sovereign clouds; "
                    + "empty = https://<account_name>.blob.core.windows.net");
    static final List<StorageSetting> DECLARED = List.of(CONTAINER_NAME, ACCOUNT_NAME, ACCOUNT_KEY, ENDPOINT,
            NodeCredentials.ALLOWED);

    @Override
    public List<StorageSetting> settings() {
        return DECLARED;
    }

    @Override
    public Optional<String> requestUpload() {
        return Optional.of("livekit.AzureBlobUpload");
    }

    @Override
    public void check(StorageSettings settings) throws EgressException {
        if (settings.get(ACCOUNT_KEY).isEmpty()) {
            NodeCredentials.requireKeysOrConsent(settings, "azure.account_key");
        }
        Account.of(new Settings(BACKEND, settings), environment);
    }

    @Override
    public String upload(Path file, String storagePath, String contentType, StorageSettings settings)
            throws EgressException {
        Blob target = Blob.of(storagePath, new Settings(BACKEND, settings), environment);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        // azure-core finds its JSON/XML providers, tracer and meter through ServiceLoader and the context loader.
        Thread.currentThread().setContextClassLoader(AzureStorage.class.getClassLoader());
        try {
            BlobClient blob = client(target);
            BlobUploadFromFileOptions options = new BlobUploadFromFileOptions(file.toString())
                    .setParallelTransferOptions(new ParallelTransferOptions()
                            .setBlockSizeLong(BLOCK_SIZE)
                            .setMaxConcurrency(PARALLELISM)
                            .setMaxSingleUploadSizeLong(MAX_SINGLE_UPLOAD))
                    .setHeaders(new BlobHttpHeaders().setContentType(
                            contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType));
            blob.uploadFromFileWithResponse(options, null, Context.NONE);
        } catch (RuntimeException e) {
            throw failure(e, "upload " + target.blobName() + " to container " + target.container(), target);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        return target.location();
    }

    /** The location with a read-only service SAS for the blob, signed with the account key (no request is sent). */
    @Override
    public Optional<String> presignedUrl(String storagePath, Duration validity, StorageSettings settings)
            throws EgressException {
        Blob target = Blob.of(storagePath, new Settings(BACKEND, settings), environment);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(AzureStorage.class.getClassLoader());
        try {
            BlobSasPermission read = new BlobSasPermission().setReadPermission(true);
            String sas = client(target).generateSas(
                    new BlobServiceSasSignatureValues(OffsetDateTime.now(ZoneOffset.UTC).plus(validity), read));
            return Optional.of(target.location() + "?" + sas);
        } catch (RuntimeException e) {
            throw failure(e, "sign a URL for " + target.blobName() + " in container " + target.container(), target);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private BlobClient client(Blob target) {
        return new BlobServiceClientBuilder()
                .endpoint(target.serviceUrl())
                .credential(new StorageSharedKeyCredential(target.account(), target.key()))
                .httpClient(httpClient())
                // upstream: exponential, 5 tries, at most 5 s apart (the first delay is azblob's default, 4 s)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 5, (Duration) null,
                        Duration.ofSeconds(4), Duration.ofSeconds(5), null))
                .buildClient()
                .getBlobContainerClient(target.container())
                .getBlobClient(target.blobName());
    }

    /** Where a storage path goes: the account and its key, the service, the container and the blob. */
    private record Blob(String account, String key, String serviceUrl, String container, String blobName,
                        String location) {

        static Blob of(String storagePath, Settings in, Map<String, String> environment) throws EgressException {
            Account credentials = Account.of(in, environment);
            String account = credentials.name();
            String key = credentials.key();
            String container = trimSlashes(in.get(CONTAINER_NAME));
            String endpoint = in.get(ENDPOINT);
            String blobName = Locations.trimLeadingSlashes(storagePath);
            String location = AzureStorage.location(account, endpoint, container, blobName);
            if (container.isEmpty()) {
                // As upstream: without container_name the first segment of the path names the container.
                int slash = blobName.indexOf('/');
                if (slash <= 0 || slash == blobName.length() - 1) {
                    throw new EgressException(Code.INVALID_ARGUMENT, BACKEND + ": container_name is not set and the"
                            + " path " + storagePath + " does not start with one");
                }
                container = blobName.substring(0, slash);
                blobName = blobName.substring(slash + 1);
            }
            String serviceUrl = endpoint.isEmpty() ? "https://" + account + ".blob.core.windows.net"
                    : Locations.withScheme(endpoint);
            return new Blob(account, key, serviceUrl, container, blobName, location);
        }
    }

    /**
     * Upstream's location, {@code https://<account>.blob.core.windows.net/<container>/<blob>}; with an
     * {@code endpoint} (Azurite, sovereign clouds) {@code <endpoint>/<container>/<blob>}.
     */
    static String location(String account, String endpoint, String container, String blobName) {
        String base = endpoint.isEmpty() ? "https://" + account + ".blob.core.windows.net"
                : Locations.withScheme(endpoint);
        String path = joinPath(trimSlashes(container), Locations.trimLeadingSlashes(blobName));
        return base + "/" + Locations.escapePath(path);
    }

    private static String joinPath(String container, String blob) {
        return container.isEmpty() ? blob : container + "/" + blob;
    }

    private static String trimSlashes(String value) {
        String out = Locations.trimLeadingSlashes(value);
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    private HttpClient httpClient() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = new JdkHttpClientBuilder().connectionTimeout(Duration.ofSeconds(10)).build();
                }
                client = http;
            }
        }
        return client;
    }

    private static EgressException failure(RuntimeException e, String action, Blob target) {
        Code code = Code.UNAVAILABLE;
        String cause;
        if (e instanceof BlobStorageException storage) {
            code = Errors.codeForStatus(storage.getStatusCode());
            // The service message can quote the string it signed; the status and the error code say enough.
            cause = "HTTP " + storage.getStatusCode()
                    + (storage.getErrorCode() == null ? "" : " " + storage.getErrorCode());
        } else if (e instanceof HttpResponseException response && response.getResponse() != null) {
            code = Errors.codeForStatus(response.getResponse().getStatusCode());
            cause = "HTTP " + response.getResponse().getStatusCode();
        } else {
            // network failures arrive wrapped by reactor; treat anything but a bad argument as transient
            if (e instanceof IllegalArgumentException) {
                code = Code.INVALID_ARGUMENT;
            }
            cause = Errors.describe(e);
        }
        return new EgressException(code, BACKEND + ": cannot " + action + ": "
                + Errors.redact(cause, List.of(target.key())));
    }

    @Deactivate
    void deactivate() {
        http = null;
        // reactor (embedded with azure-core) keeps scheduler threads that would pin this bundle's class loader
        reactor.core.scheduler.Schedulers.shutdownNow();
    }

    /** The storage account and its key, from the settings or else the environment. */
    private record Account(String name, String key) {

        static Account of(Settings in, Map<String, String> environment) throws EgressException {
            String account = in.getOrEnv(ACCOUNT_NAME, "AZURE_STORAGE_ACCOUNT", environment);
            String key = in.getOrEnv(ACCOUNT_KEY, "AZURE_STORAGE_KEY", environment);
            if (account.isEmpty()) {
                throw new EgressException(Code.INVALID_ARGUMENT,
                        BACKEND + ": account_name is not set (nor AZURE_STORAGE_ACCOUNT)");
            }
            if (key.isEmpty()) {
                throw new EgressException(Code.INVALID_ARGUMENT,
                        BACKEND + ": account_key is not set (nor AZURE_STORAGE_KEY)");
            }
            return new Account(account, key);
        }
    }
}
