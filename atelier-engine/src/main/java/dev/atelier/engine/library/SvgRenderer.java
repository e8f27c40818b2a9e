package dev.atelier.engine.library;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Renders SVG files with librsvg's {@code rsvg-convert} (an external program, as the dataset builder uses it) at
 * {@link #RENDER_SIZE} px on the longer side.
 *
 * @param program the rsvg-convert executable: a name looked up on the PATH, or a path
 */
public record SvgRenderer(String program) {
    /** The render size, as the pack's raw renders (data/raster.py). */
    public static final int RENDER_SIZE = 256;
    private static final long TIMEOUT_S = 60;

    /** {@code rsvg-convert} on the PATH. */
    public static SvgRenderer onPath() {
        return new SvgRenderer("rsvg-convert");
    }

    /**
     * The image of {@code svg}; a missing rsvg-convert or a file it cannot render is an
     * {@link IllegalArgumentException} naming the file.
     */
    public BufferedImage render(Path svg) {
        var command = List.of(program, "--keep-aspect-ratio", "--width", String.valueOf(RENDER_SIZE), "--height",
                String.valueOf(RENDER_SIZE), "--format", "png", svg.toString());
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new IllegalArgumentException(svg + ": rendering an SVG needs rsvg-convert (Debian/Ubuntu: apt-get install "
                    + "librsvg2-bin), which could not be run as '" + program + "' (" + e.getMessage() + ")");
        }
        try {
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> text(process.getErrorStream()),
                    Thread::startVirtualThread);
            byte[] png = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalArgumentException(svg + ": rsvg-convert did not finish within " + TIMEOUT_S + " s");
            }
            String error = stderr.get().strip();
            if (process.exitValue() != 0) {
                String why = error.isEmpty() ? "exit status " + process.exitValue() : error.lines().reduce((a, b) -> b).orElse(error);
                throw new IllegalArgumentException(svg + ": not an SVG that rsvg-convert can render (" + why + ")");
            }
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) throw new IllegalArgumentException(svg + ": rsvg-convert gave no image");
            return image;
        } catch (IOException | ExecutionException e) {
            throw new IllegalArgumentException(svg + ": rendering failed (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + svg, e);
        }
    }

    private static String text(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
