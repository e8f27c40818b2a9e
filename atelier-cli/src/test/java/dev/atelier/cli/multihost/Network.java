package dev.atelier.cli.multihost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A private network of Linux network namespaces, one per host, each joined by a veth pair to a bridge in a namespace
 * of its own ({@code hub}); the test's JVM reaches it through one more veth pair, as the "client" host {@code .1}.
 * Names carry a random tag so that runs never meet, and {@link #close()} deletes every namespace (and with them
 * their veth pairs) even after a failure. Needs root and iproute2's {@code ip}.
 */
final class Network implements AutoCloseable {
    private final String tag;
    private final String subnet;
    private final Map<String, String> hosts = new LinkedHashMap<>();
    private final List<String> namespaces = new ArrayList<>();

    /** Why this machine cannot build the network, or null when it can (root, {@code ip} with netns support). */
    static String unavailable() {
        try {
            String uid = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.split("\\s+")[2]).findFirst().orElse("?"); // effective uid
            if (!uid.equals("0")) return "the multi-host test needs root to make network namespaces; running as uid " + uid + " (" + System.getProperty("user.name") + ")";
        } catch (IOException e) {
            return "the multi-host test needs Linux network namespaces: cannot read /proc/self/status (" + e.getMessage() + ")";
        }
        try {
            var p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return "'ip netns list' failed: iproute2 cannot manage network namespaces here";
        } catch (IOException e) {
            return "no 'ip' command (iproute2): " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return null;
    }

    Network() throws IOException, InterruptedException {
        var random = ThreadLocalRandom.current();
        tag = "ath" + HexFormat.of().toHexDigits((byte) random.nextInt()) + HexFormat.of().toHexDigits((byte) random.nextInt());
        subnet = "10." + (200 + random.nextInt(50)) + "." + random.nextInt(256) + ".";
        try {
            String hub = namespace("hub");
            run("ip", "netns", "exec", hub, "ip", "link", "add", "br0", "type", "bridge");
            run("ip", "netns", "exec", hub, "ip", "link", "set", "br0", "up");
            // the test's own JVM is the client host .1
            String host = tag + "-c";
            run("ip", "link", "add", host, "type", "veth", "peer", "name", "v-client", "netns", hub);
            attach(hub, "v-client");
            run("ip", "addr", "add", subnet + "1/24", "dev", host);
            run("ip", "link", "set", host, "up");
            hosts.put("client", subnet + "1");
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Adds a host: its namespace, linked to the bridge, with the next address; returns the address. */
    String addHost(String name) throws IOException, InterruptedException {
        String ns = namespace(name);
        String address = subnet + (hosts.size() + 1);
        run("ip", "link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", "v-" + name, "netns", ns("hub"));
        attach(ns("hub"), "v-" + name);
        run("ip", "netns", "exec", ns, "ip", "addr", "add", address + "/24", "dev", "eth0");
        run("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up");
        run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        hosts.put(name, address);
        return address;
    }

    /** The namespace of host {@code name}. */
    String ns(String name) {
        return tag + "-" + name;
    }

    /** A command run inside host {@code name}'s namespace. */
    List<String> inside(String name, List<String> command) {
        var cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns(name)));
        cmd.addAll(command);
        return cmd;
    }

    /** Cuts host {@code name} off the network ({@code up=false}) or joins it again. */
    void link(String name, boolean up) throws IOException, InterruptedException {
        run("ip", "netns", "exec", ns(name), "ip", "link", "set", "eth0", up ? "up" : "down");
    }

    private String namespace(String name) throws IOException, InterruptedException {
        String ns = ns(name);
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        return ns;
    }

    private void attach(String hub, String device) throws IOException, InterruptedException {
        run("ip", "netns", "exec", hub, "ip", "link", "set", device, "master", "br0");
        run("ip", "netns", "exec", hub, "ip", "link", "set", device, "up");
    }

    /** Runs a command to its end; a non-zero exit is an error naming the command and its output. */
    static String run(String... command) throws IOException, InterruptedException {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
        return out;
    }

    @Override
    public void close() {
        // deleting a namespace deletes its end of each veth pair, and so the pair (the client's one too)
        for (String ns : namespaces.reversed()) {
            try {
                run("ip", "netns", "del", ns);
            } catch (IOException | InterruptedException e) {
                System.err.println("multihost: could not delete namespace " + ns + ": " + e.getMessage());
            }
        }
    }
}
