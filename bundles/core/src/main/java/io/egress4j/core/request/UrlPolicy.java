package io.egress4j.core.request;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which addresses a request's URLs may point at (web pages, stream and websocket URLs). Link-local addresses, cloud
 * metadata services among them (169.254.169.254, fd00:ec2::254), are refused always; with {@code allowed_networks}
 * set, only addresses inside those networks are allowed; otherwise loopback and private ranges are allowed too, as
 * self-hosted deployments need. A host name is checked by what it resolves to now. {@code file:} URLs are for the
 * local user's own CLI only.
 */
public final class UrlPolicy {

    /** The longest URL a request may carry. */
    private static final int MAX_LENGTH = 8192;
    private static final Network METADATA_V6 = Network.parse("fd00:ec2::254/128");

    private final List<Network> allowed;
    private final boolean localFiles;

    /**
     * @param allowedNetworks CIDR blocks ({@code allowed_networks}); empty for every address but link-local ones
     * @param localFiles      whether {@code file:} URLs are allowed (the CLI of the local user)
     * @throws IllegalArgumentException naming the entry that is not a CIDR block
     */
    public UrlPolicy(List<String> allowedNetworks, boolean localFiles) {
        List<Network> networks = new ArrayList<>();
        for (String network : allowedNetworks) {
            networks.add(Network.parse(network));
        }
        this.allowed = List.copyOf(networks);
        this.localFiles = localFiles;
    }

    /**
     * @param field names the URL in errors, as upstream names fields ({@code web url}, {@code stream url})
     * @throws EgressException INVALID_ARGUMENT {@code request has missing or invalid field: <field> (...)}
     */
    public void check(String field, String url) throws EgressException {
        if (url.length() > MAX_LENGTH) {
            throw refused(field, "longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            // RTMP URLs may carry librtmp options after a space ("rtmp://h/app/key live=1").
            uri = new URI(url.split("\\s", 2)[0]);
        } catch (URISyntaxException e) {
            throw EgressException.invalidField(field);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            if (!localFiles) {
                throw refused(field, "file URLs are only for the local egress record command");
            }
            return;
        }
        String host = uri.getHost();
        if (host == null) {
            return; // nothing to reach; the field's own rules decide whether the URL is usable
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(literalOrName(host));
        } catch (UnknownHostException e) {
            return; // unreachable anyway; the connection reports it
        }
        for (InetAddress address : addresses) {
            checkAddress(field, host, address);
        }
    }

    /** An IPv6 literal without its brackets and zone ({@code [fe80::1%25eth0]}: the zone cannot make it safe). */
    private static String literalOrName(String host) {
        if (!host.startsWith("[")) {
            return host;
        }
        String literal = host.substring(1, host.length() - 1);
        int zone = literal.indexOf('%');
        return zone < 0 ? literal : literal.substring(0, zone);
    }

    private void checkAddress(String field, String host, InetAddress address) throws EgressException {
        if (address.isLinkLocalAddress() || METADATA_V6.contains(address)) {
            throw refused(field, host + " is a link-local address (" + address.getHostAddress() + ")");
        }
        if (!allowed.isEmpty() && allowed.stream().noneMatch(network -> network.contains(address))) {
            throw refused(field, host + " (" + address.getHostAddress() + ") is outside allowed_networks");
        }
    }

    private static EgressException refused(String field, String why) {
        return new EgressException(Code.INVALID_ARGUMENT, "request has missing or invalid field: " + field + " ("
                + why + ")");
    }

    /** A CIDR block. */
    private record Network(byte[] prefix, int bits) {

        static Network parse(String cidr) {
            int slash = cidr.indexOf('/');
            String literal = slash < 0 ? cidr : cidr.substring(0, slash);
            try {
                // An IP literal only: a host name here would be resolved, once, by whoever reads the config.
                if (!literal.matches("[0-9A-Fa-f:.]+")) {
                    throw new IllegalArgumentException(cidr);
                }
                byte[] address = InetAddress.getByName(literal).getAddress();
                int bits = slash < 0 ? address.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException(cidr);
                }
                return new Network(address, bits);
            } catch (UnknownHostException | IllegalArgumentException e) {
                throw new IllegalArgumentException("not a network in CIDR notation (e.g. 10.0.0.0/8): " + cidr);
            }
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((bytes[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
