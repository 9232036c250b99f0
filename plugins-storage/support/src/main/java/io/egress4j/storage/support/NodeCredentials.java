package io.egress4j.storage.support;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.StorageSetting;
import io.egress4j.api.StorageSettings;

/**
 * Whether a request's upload block may leave out its keys and upload with this node's own cloud credentials (its
 * environment, instance role or metadata server). Off unless the operator sets {@code allow_node_credentials}:
 * otherwise anyone able to start an egress could write with the node's rights to any bucket the node may write to.
 * Uploads the operator configured (the config's {@code storage} section) always may.
 */
public final class NodeCredentials {

    public static final StorageSetting ALLOWED = StorageSetting.operator("allow_node_credentials",
            "let a request's upload block without keys use this node's own cloud credentials; false = refused");

    private NodeCredentials() {
    }

    /**
     * @param field the request field that lacks its keys, e.g. {@code s3.access_key}
     * @throws EgressException INVALID_ARGUMENT naming {@code field}, for a request's upload block when the operator
     *                         did not allow node credentials
     */
    public static void requireKeysOrConsent(StorageSettings settings, String field) throws EgressException {
        if (settings.fromRequest() && !"true".equalsIgnoreCase(settings.get(ALLOWED))) {
            throw new EgressException(Code.INVALID_ARGUMENT, "request has missing or invalid field: " + field
                    + " (this node lends its own credentials to no request; its operator can allow that with"
                    + " allow_node_credentials)");
        }
    }
}
