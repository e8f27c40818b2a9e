package dev.atelier.deploy.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An image's layers unpacked into one directory, run the way a container runtime would, without one: in new mount
 * and PID namespaces ({@code unshare}) with {@code /proc} and {@code /dev}, its root changed to the directory, in the
 * image's working directory, as the image's user, with the image's environment and entrypoint. The directory is
 * bind-mounted on itself so that, as in a container, the root is a mount point (Java's file stores look theirs up
 * in /proc/self/mounts). The network is the host's, so a server in it is reached on loopback. Layers are unpacked
 * in order without whiteout handling (Jib writes no whiteout files). Needs root (CI runs as root).
 */
record ImageRoot(Path root, OciImage image) {

    /** Unpacks {@code image}'s layers in order into {@code root} (as root, so ownership is the image's). */
    static ImageRoot unpack(OciImage image, Path root) throws IOException, InterruptedException {
        for (Path layer : image.layers()) {
            Commands.run(List.of("tar", "--warning=no-unknown-keyword", "--same-owner", "-xzpf", layer.toString(), "-C", root.toString()));
        }
        Files.createDirectories(root.resolve("proc"));
        Files.createDirectories(root.resolve("dev"));
        return new ImageRoot(root, image);
    }

    /**
     * Why this machine cannot run an image this way, or empty when it can: it needs root with the right to make
     * mount and PID namespaces (a container without CAP_SYS_ADMIN lacks it), and util-linux's unshare.
     */
    static Optional<String> unsupported() {
        if (!"root".equals(System.getProperty("user.name"))) return Optional.of("running the image needs root (CI runs as root)");
        try {
            Commands.run(List.of("unshare", "--mount", "--pid", "--fork", "--mount-proc", "true"));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("this machine cannot make mount and PID namespaces: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** Starts the image's entrypoint with {@code args} (the image's Cmd when empty); stdout and stderr merged. */
    Process start(List<String> args) throws IOException {
        JsonNode run = image.runConfig();
        String[] user = run.path("User").asText().split(":");
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child=SIGKILL",
                "sh", "-c", "mount --bind \"$0\" \"$0\" && mount --rbind /dev \"$0/dev\" && mount -t proc proc \"$0/proc\" && wd=$1 g=$2 u=$3 && shift 3 "
                        + "&& exec unshare --root=\"$0\" --wd=\"$wd\" --setgid \"$g\" --setuid \"$u\" -- \"$@\"",
                root.toString(), run.path("WorkingDir").asText(), user[1], user[0]));
        run.path("Entrypoint").forEach(a -> command.add(a.asText()));
        if (args.isEmpty()) run.path("Cmd").forEach(a -> command.add(a.asText()));
        else command.addAll(args);
        var pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        run.path("Env").forEach(e -> {
            String kv = e.asText();
            pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        });
        return pb.start();
    }
}
