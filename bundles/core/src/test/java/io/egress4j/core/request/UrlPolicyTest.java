package io.egress4j.core.request;

import static io.egress4j.core.request.InvalidArgument.assertRejected;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlPolicyTest {

    private final UrlPolicy open = new UrlPolicy(List.of(), false);

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "rtmp://169.254.0.1/live/key",
            "http://[fd00:ec2::254]/", "wss://[fe80::1%25eth0]/socket", "http://[::ffff:169.254.169.254]/"})
    void linkLocalAndMetadataAddressesAreRefusedAlways(String url) {
        assertThrows(io.egress4j.api.EgressException.class, () -> open.check("web url", url));
        assertThrows(io.egress4j.api.EgressException.class,
                () -> new UrlPolicy(List.of("0.0.0.0/0", "::/0"), true).check("web url", url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/", "http://localhost/", "rtmp://10.1.2.3/live/key live=1",
            "https://192.168.1.10/", "srt://[::1]:9000", "https://unresolvable.invalid/"})
    void loopbackPrivateAndUnresolvableAddressesAreAllowedByDefault(String url) {
        assertDoesNotThrow(() -> open.check("web url", url));
    }

    @Test
    void withAllowedNetworksOnlyThoseAreReachable() throws Exception {
        UrlPolicy policy = new UrlPolicy(List.of("10.0.0.0/8", "2001:db8::/32"), false);
        policy.check("stream url", "rtmp://10.200.0.1/live/key");
        policy.check("web url", "http://[2001:db8::5]/");
        assertRejected("request has missing or invalid field: web url (127.0.0.1 (127.0.0.1) is outside "
                + "allowed_networks)", () -> policy.check("web url", "http://127.0.0.1/"));
    }

    @Test
    void fileUrlsOnlyForTheLocalUser() throws Exception {
        new UrlPolicy(List.of(), true).check("web url", "file:///tmp/page.html");
        assertRejected("request has missing or invalid field: web url (file URLs are only for the local egress "
                + "record command)", () -> open.check("web url", "file:///proc/self/environ"));
    }

    @Test
    void networksMustBeIpLiteralsInCidrNotation() {
        for (String bad : List.of("example.com/24", "10.0.0.0/33", "10.0.0.0/x", "")) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> new UrlPolicy(List.of(bad), false));
            assertEquals("not a network in CIDR notation (e.g. 10.0.0.0/8): " + bad, error.getMessage());
        }
    }
}
