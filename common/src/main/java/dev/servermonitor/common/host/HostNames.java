package dev.servermonitor.common.host;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * What a server's {@code host} may be written as: a DNS host name, an IPv4 address as four decimal
 * numbers, or an IPv6 literal. Anything else (whitespace, shell metacharacters, URLs, ports,
 * brackets, zone ids) is refused before it reaches SSH, and so is every legacy numeric form of an
 * IPv4 address ({@code 127.1}, {@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}): the C
 * resolver reads those as addresses while they look like names, so no check could agree with it.
 */
public final class HostNames {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern
            .compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    /** A part inet_aton(3) reads as a number: decimal, octal (leading 0) or hexadecimal (0x). */
    private static final Pattern NUMERIC_PART = Pattern.compile("[0-9]+|0[xX][0-9A-Fa-f]*");

    private static final String INVALID = "host must be a DNS host name or an IPv4/IPv6 address";

    private HostNames() {
    }

    public static boolean valid(String host) {
        return problem(host) == null;
    }

    /** Why {@code host} cannot be a server's host, in words that name the field; null when it can. */
    public static String problem(String host) {
        if (host == null || host.isEmpty() || host.length() > 253) {
            return INVALID;
        }
        if (host.contains(":")) {
            return ipv6(host) ? null : INVALID;
        }
        if (IPV4.matcher(host).matches()) {
            return null;
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] labels = name.split("\\.", -1);
        if (NUMERIC_PART.matcher(labels[labels.length - 1]).matches()) {
            // a name never ends in a number (RFC 1123 2.1); the resolver would read it as an address
            byte[] meant = legacyIpv4(name);
            return meant == null
                    ? INVALID
                    : "host is a legacy numeric form of the IPv4 address " + dotted(meant)
                            + " (fewer than four parts, octal or hexadecimal): write it as " + dotted(meant);
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return INVALID;
            }
        }
        return null;
    }

    /** Whether {@code host} (already {@link #valid}) is an address literal rather than a name. */
    public static boolean literal(String host) {
        return host.contains(":") || IPV4.matcher(host).matches();
    }

    private static boolean ipv6(String host) {
        if (!IPV6_CHARS.matcher(host).matches()) {
            return false;
        }
        // an embedded IPv4 tail (::ffff:1.2.3.4) is four decimal numbers too
        if (host.contains(".") && !IPV4.matcher(host.substring(host.lastIndexOf(':') + 1)).matches()) {
            return false;
        }
        try {
            // a literal with ':' is parsed, never looked up in DNS
            return InetAddress.getByName(host).getAddress().length == 16 || host.contains("::ffff:");
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * The address inet_aton(3) makes of {@code text} (1 to 4 numeric parts, the last filling the
     * remaining bytes), or null when it makes none.
     */
    static byte[] legacyIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!NUMERIC_PART.matcher(parts[i]).matches()) {
                return null;
            }
            values[i] = number(parts[i]);
            if (values[i] < 0) {
                return null;
            }
        }
        long last = values[parts.length - 1];
        int lastBytes = 5 - parts.length;
        if (last >= 1L << (8 * lastBytes)) {
            return null;
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                return null;
            }
            address = address << 8 | values[i];
        }
        address = address << (8 * lastBytes) | last;
        return new byte[]{(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    /** A part's value, or -1 when it is not a number inet_aton(3) would take (or too large). */
    private static long number(String part) {
        try {
            if (part.startsWith("0x") || part.startsWith("0X")) {
                return part.length() == 2 ? 0 : part.length() > 10 ? -1 : Long.parseLong(part.substring(2), 16);
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return part.chars().anyMatch(c -> c > '7') || part.length() > 12 ? -1 : Long.parseLong(part, 8);
            }
            return part.length() > 10 ? -1 : Long.parseLong(part);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String dotted(byte[] a) {
        return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }
}
