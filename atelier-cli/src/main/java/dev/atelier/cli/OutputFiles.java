package dev.atelier.cli;

import dev.atelier.engine.image.ImageFormat;
import java.nio.file.Path;
import java.util.Locale;

/** Where generated images go and in which format. */
final class OutputFiles {
    private OutputFiles() {
    }

    /** {@code --format}, else the extension of {@code -o}, else PNG. */
    static ImageFormat format(String format, Path output) {
        if (format != null) {
            ImageFormat f = ImageFormat.lookup(format);
            if (output != null && extension(output) != null && ImageFormat.lookup(extension(output)) != f) {
                throw new IllegalArgumentException("-o " + output + " does not match --format " + format);
            }
            return f;
        }
        if (output == null || extension(output) == null) return ImageFormat.PNG;
        try {
            return ImageFormat.lookup(extension(output));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot tell the format from '" + output + "': use a .png, .jpg or .jpeg name, or --format");
        }
    }

    static Path path(Path output, Path outDir, String prompt, long seed, int index, int count, ImageFormat format) {
        if (output != null) {
            if (count == 1) return output;
            String name = output.getFileName().toString();
            String ext = extension(output);
            String stem = ext == null ? name : name.substring(0, name.length() - ext.length() - 1);
            String file = stem + "-" + index + "." + (ext == null ? format.extension() : ext);
            return output.getParent() == null ? Path.of(file) : output.getParent().resolve(file);
        }
        Path dir = outDir == null ? Path.of(".") : outDir;
        return dir.resolve(slug(prompt) + "-" + seed + "." + format.extension());
    }

    /** A file-name-safe short form of a prompt: lower-case letters and digits joined by dashes. */
    static String slug(String prompt) {
        String s = prompt.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 60) s = s.substring(0, 60).replaceAll("-+$", "");
        return s.isEmpty() ? "image" : s;
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 || dot == name.length() - 1 ? null : name.substring(dot + 1);
    }
}
