package dev.atelier.server.service;

/**
 * Who starts studio or arena work: a browser user (by session) from a client address, or this process itself
 * (an arena simulation), which the per-user and per-address limits do not apply to.
 *
 * @param user    the session's user id, {@code u_...} (or a name such as {@code simulator})
 * @param address the client's address as limits group it (see {@link #addressGroup}), or null in-process
 */
public record Visitor(String user, String address) {
    public Visitor {
        if (user == null || user.isBlank()) throw new IllegalArgumentException("a visitor needs a user id, got '" + user + "'");
        if (address != null && address.isBlank()) throw new IllegalArgumentException("a client address must not be blank");
    }

    /** A browser user at {@code remoteAddress} (an IPv4 or IPv6 literal). */
    public static Visitor web(String user, String remoteAddress) {
        return new Visitor(user, addressGroup(remoteAddress));
    }

    /** Work started by this process (e.g. {@code atelier arena simulate}). */
    public static Visitor inProcess(String user) {
        return new Visitor(user, null);
    }

    public boolean limited() {
        return address != null;
    }

    /**
     * The unit per-address limits count: an IPv4 address as it is, an IPv6 address by its /64 prefix (one
     * subscriber usually holds a whole /64, so counting single IPv6 addresses would not limit anyone).
     */
    static String addressGroup(String address) {
        if (address == null || address.isBlank()) return "unknown";
        String a = address.strip();
        if (a.startsWith("[") && a.endsWith("]")) a = a.substring(1, a.length() - 1);
        int zone = a.indexOf('%');
        if (zone >= 0) a = a.substring(0, zone);
        if (!a.contains(":")) return a;
        try {
            byte[] b = java.net.InetAddress.ofLiteral(a).getAddress();
            if (b.length == 4) return java.net.InetAddress.getByAddress(b).getHostAddress();
            var sb = new StringBuilder();
            for (int i = 0; i < 8; i += 2) sb.append(String.format("%x:", ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)));
            return sb.append(":/64").toString();
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            return a;
        }
    }
}
