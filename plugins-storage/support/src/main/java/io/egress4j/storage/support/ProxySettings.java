package io.egress4j.storage.support;

import io.egress4j.api.StorageSetting;
import java.util.List;

/**
 * The HTTP proxy settings S3 and GCP share: {@code proxy} in a request, {@code proxy_config} (or {@code proxy}) in the
 * config, both read as {@code proxy.url}, {@code proxy.username}, {@code proxy.password}.
 */
public final class ProxySettings {

    public static final StorageSetting URL = StorageSetting.of("proxy.url", "HTTP proxy for uploads")
            .withAlias("proxy_config.url");
    public static final StorageSetting USERNAME = StorageSetting.of("proxy.username", "proxy user name")
            .withAlias("proxy_config.username");
    public static final StorageSetting PASSWORD = StorageSetting.of("proxy.password", "proxy password").asSecret()
            .withAlias("proxy_config.password");
    public static final List<StorageSetting> ALL = List.of(URL, USERNAME, PASSWORD);

    private ProxySettings() {
    }
}
