package dev.servermonitor.common.host;

import java.util.List;
import java.util.Locale;

/** A named class of addresses {@code SERVER_HOST_DENY} can refuse as one word. */
enum HostCategory {

    /**
     * Cloud instance metadata and its neighbours: the whole IPv4 link-local range, because clouds put
     * several services there (169.254.169.254 on AWS, Azure, GCP, OpenStack, Oracle, DigitalOcean;
     * 169.254.170.2 for ECS credentials; 169.254.169.253 and .123 for DNS and time), AWS' IPv6
     * endpoint, Alibaba's, Azure's WireServer, and GCP's names.
     */
    METADATA("a cloud metadata address",
            List.of("169.254.0.0/16", "fd00:ec2::/32", "100.100.100.200", "168.63.129.16"),
            List.of("metadata.google.internal", "metadata.goog")),
    /** 0.0.0.0 and :: reach the local machine on Linux; the rest of 0.0.0.0/8 is not routable. */
    UNSPECIFIED("an unspecified address", List.of("0.0.0.0/8", "::/128"), List.of()),
    BROADCAST("the broadcast address", List.of("255.255.255.255"), List.of()),
    MULTICAST("a multicast address", List.of("224.0.0.0/4", "ff00::/8"), List.of()),
    LOOPBACK("a loopback address", List.of("127.0.0.0/8", "::1/128"), List.of("localhost")),
    /** RFC 1918, carrier-grade NAT (RFC 6598) and IPv6 unique local addresses. */
    PRIVATE("a private address", List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"),
            List.of()),
    LINK_LOCAL("a link-local address", List.of("169.254.0.0/16", "fe80::/10"), List.of());

    /** What {@code SERVER_HOST_DENY} means when it is not set. */
    static final List<HostCategory> DEFAULT = List.of(METADATA, UNSPECIFIED, BROADCAST, MULTICAST);

    final String words;
    final List<Cidr> ranges;
    final List<String> names;

    HostCategory(String words, List<String> ranges, List<String> names) {
        this.words = words;
        this.ranges = ranges.stream().map(Cidr::parse).toList();
        this.names = names;
    }

    /** As written in {@code SERVER_HOST_DENY}: {@code metadata}, {@code link-local}, … */
    String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
