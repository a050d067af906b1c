package dev.servermonitor.common.host;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address range such as {@code 169.254.0.0/16} or {@code ff00::/8}; a bare address is a range of
 * one.
 */
public final class Cidr {

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** Reads {@code address[/prefix]}; the address is a literal, never looked up. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!HostNames.valid(address) || !HostNames.literal(address)) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4/IPv6 address or range");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4/IPv6 address or range");
        }
        // Java reads ::ffff:a.b.c.d as the IPv4 address itself: count the prefix in IPv4 bits too
        int offset = address.contains(":") && bytes.length == 4 ? 96 : 0;
        int max = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(text.substring(slash + 1)) - offset;
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("'" + text + "' has a prefix length out of range");
        }
        return new Cidr(mask(bytes, prefix), prefix, text);
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && Arrays.equals(mask(bytes, prefix), network);
    }

    public boolean ipv4() {
        return network.length == 4;
    }

    @Override
    public String toString() {
        return text;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            out[i] &= (byte) (0xff00 >> keep);
        }
        return out;
    }

    static InetAddress v4(byte[] bytes) {
        try {
            return Inet4Address.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
