package io.egress4j.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.egress4j.api.EgressException;
import io.egress4j.api.StorageSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A request naming a role without keys borrows the operator's assume-role keys, or is refused as upstream does. */
class S3CredentialsTest {

    private static final Map<String, String> ROLE_WITHOUT_KEYS =
            Map.of("bucket", "b", "assume_role_arn", "arn:aws:iam::1:role/r");

    @Test
    void aRequestedRoleWithoutKeysIsRefusedWhenTheOperatorGaveNone() {
        EgressException disabled = assertThrows(EgressException.class, () -> S3Credentials.keys(
                StorageSettings.ofRequest(S3Settings.DECLARED, ROLE_WITHOUT_KEYS, Map.of())));
        assertEquals("S3 upload using AssumeRole is disabled for this account", disabled.getMessage());
        assertEquals(EgressException.Code.PERMISSION_DENIED, disabled.code());
    }

    @Test
    void aRequestedRoleWithoutKeysUsesTheOperatorsKeysAndExternalId() throws EgressException {
        S3Credentials.Keys keys = S3Credentials.keys(StorageSettings.ofRequest(S3Settings.DECLARED, ROLE_WITHOUT_KEYS,
                Map.of("s3_assume_role_key", "OPKEY", "s3_assume_role_secret", "OPSECRET",
                        "s3_assume_role_external_id", "OPEXT", "health_port", "8080")));
        assertEquals(new S3Credentials.Keys("OPKEY", "OPSECRET", "OPEXT"), keys);
    }

    @Test
    void theRequestsOwnKeysAndTheConfigsSectionAreLeftAlone() throws EgressException {
        Map<String, String> operator = Map.of("s3_assume_role_key", "OPKEY", "s3_assume_role_secret", "OPSECRET");
        assertEquals(new S3Credentials.Keys("K", "S", ""), S3Credentials.keys(StorageSettings.ofRequest(
                S3Settings.DECLARED, Map.of("bucket", "b", "assume_role_arn", "arn", "access_key", "K",
                        "secret", "S"), operator)));
        // a role in the config's own section signs with the node's default chain, not the request fallback
        assertEquals(new S3Credentials.Keys("", "", ""),
                S3Credentials.keys(StorageSettings.of(S3Settings.DECLARED, ROLE_WITHOUT_KEYS)));
    }
}
