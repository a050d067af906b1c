package dev.servermonitor.common.host;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.servermonitor.common.config.CommonConfig;

/**
 * The server hosts refused as SSH targets ({@code SERVER_HOST_DENY}): a comma list of categories
 * ({@code metadata}, {@code unspecified}, {@code broadcast}, {@code multicast} — together
 * {@code default} — and {@code loopback}, {@code private}, {@code link-local}), addresses or CIDR
 * ranges, and host names with a dot ({@code *.suffix} for a whole domain); {@code none} alone
 * refuses nothing. An IPv6 address that carries an IPv4 one (mapped, compatible, NAT64
 * {@code 64:ff9b::/96}, 6to4) is judged by both.
 */
public final class HostDenyList {

    public static final String DEFAULT = CommonConfig.SERVER_HOST_DENY_DEFAULT;

    private final Set<HostCategory> categories;
    private final List<Cidr> ranges;
    private final List<String> names;

    private HostDenyList(Set<HostCategory> categories, List<Cidr> ranges, List<String> names) {
        this.categories = categories;
        this.ranges = ranges;
        this.names = names;
    }

    /**
     * Reads the variable's value; blank means {@link #DEFAULT}. A wrong entry is an
     * {@link IllegalArgumentException} naming it.
     */
    public static HostDenyList parse(String spec) {
        String value = spec == null || spec.isBlank() ? DEFAULT : spec;
        Set<HostCategory> categories = new LinkedHashSet<>();
        List<Cidr> ranges = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> entries = Arrays.stream(value.split(",")).map(e -> e.strip().toLowerCase(Locale.ROOT))
                .filter(e -> !e.isEmpty()).toList();
        if (entries.contains("none")) {
            if (entries.size() > 1) {
                throw new IllegalArgumentException("SERVER_HOST_DENY: 'none' stands alone (it allows every host)");
            }
            return new HostDenyList(Set.of(), List.of(), List.of());
        }
        for (String entry : entries) {
            HostCategory category = category(entry);
            if (entry.equals("default")) {
                categories.addAll(HostCategory.DEFAULT);
            } else if (category != null) {
                categories.add(category);
            } else if (entry.contains("/") || entry.contains(":") || HostNames.literal(entry)) {
                try {
                    ranges.add(Cidr.parse(entry));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("SERVER_HOST_DENY: " + e.getMessage());
                }
            } else if (entry.contains(".") && HostNames.valid(entry.startsWith("*.") ? entry.substring(2) : entry)) {
                // a name has a dot: a misspelt category word is an error, not a host name nobody uses
                names.add(bare(entry));
            } else {
                throw new IllegalArgumentException("SERVER_HOST_DENY: '" + entry + "' is not a category ("
                        + Arrays.stream(HostCategory.values()).map(HostCategory::word).collect(Collectors.joining(", "))
                        + ", default, none), an address, a CIDR range or a host name");
            }
        }
        return new HostDenyList(categories, ranges, names);
    }

    /**
     * Why {@code host} as written (already {@link HostNames#valid}) is refused, beginning with "host";
     * null when it is not. A name is judged here only by the names listed: its addresses are judged
     * when connecting ({@link #deniedAs(InetAddress)}).
     */
    public String refusal(String host) {
        if (HostNames.literal(host)) {
            try {
                String what = deniedAs(InetAddress.getByName(host));
                return what == null ? null : "host " + host + " is " + what + ", refused by SERVER_HOST_DENY";
            } catch (UnknownHostException e) {
                return null;
            }
        }
        String name = bare(host);
        for (HostCategory c : categories) {
            if (c.names.contains(name)) {
                return "host " + name + " is " + c.words + ", refused by SERVER_HOST_DENY";
            }
        }
        for (String denied : names) {
            if (denied.startsWith("*.") ? name.endsWith(denied.substring(1)) : name.equals(denied)) {
                return "host " + name + " matches " + denied + ", refused by SERVER_HOST_DENY";
            }
        }
        return null;
    }

    /**
     * What makes {@code address} refused, as words that follow "is" ("a cloud metadata address", "in
     * 10.0.0.0/8"); null when it is allowed.
     */
    public String deniedAs(InetAddress address) {
        List<InetAddress> judged = new ArrayList<>(List.of(address));
        InetAddress carried = embeddedIpv4(address);
        if (carried != null) {
            judged.add(carried);
        }
        for (InetAddress a : judged) {
            for (HostCategory c : categories) {
                if (c.ranges.stream().anyMatch(r -> r.contains(a))) {
                    return c.words;
                }
            }
            for (Cidr r : ranges) {
                if (r.contains(a)) {
                    return "in " + r;
                }
            }
        }
        return null;
    }

    /** Whether this list refuses nothing ({@code none}). */
    public boolean empty() {
        return categories.isEmpty() && ranges.isEmpty() && names.isEmpty();
    }

    /**
     * The IPv4 address an IPv6 one stands for: IPv4-compatible {@code ::a.b.c.d}, NAT64
     * {@code 64:ff9b::a.b.c.d}, 6to4 {@code 2002:AABB:CCDD::}. (Mapped {@code ::ffff:a.b.c.d} Java
     * already reads as IPv4.)
     */
    static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] b = address.getAddress();
        boolean zeros96 = allZero(b, 0, 12);
        boolean mapped = allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean nat64 = b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && allZero(b, 4, 12);
        if ((zeros96 && !allZero(b, 12, 15)) || mapped || nat64) {
            return Cidr.v4(Arrays.copyOfRange(b, 12, 16));
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return Cidr.v4(Arrays.copyOfRange(b, 2, 6));
        }
        return null;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static HostCategory category(String entry) {
        for (HostCategory c : HostCategory.values()) {
            if (c.word().equals(entry) || c.name().toLowerCase(Locale.ROOT).equals(entry)) {
                return c;
            }
        }
        return null;
    }

    private static String bare(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
