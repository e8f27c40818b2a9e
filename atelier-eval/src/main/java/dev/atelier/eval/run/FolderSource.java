package dev.atelier.eval.run;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.eval.suite.SuitePrompt;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Images made earlier, named {@code <prompt id>-<i>.png} in one folder (e.g. the judge's real renderings). */
public record FolderSource(Path dir) implements ImageSource {
    public FolderSource {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("images folder not found: " + dir);
    }

    @Override
    public List<RgbImage> images(SuitePrompt prompt, int n) throws IOException {
        List<RgbImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(read(existingFile(prompt, i)));
        return out;
    }

    @Override
    public Path existingFile(SuitePrompt prompt, int i) {
        return dir.resolve(prompt.id() + "-" + i + ".png");
    }

    @Override
    public String describe() {
        return "images in " + dir;
    }

    /** Reads a PNG or JPEG as RGB in [0, 1]. */
    public static RgbImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("image not found: " + file);
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) throw new IllegalArgumentException("not an image: " + file);
        int w = img.getWidth(), h = img.getHeight();
        float[] px = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y), p = (y * w + x) * 3;
                px[p] = ((rgb >> 16) & 0xFF) / 255f;
                px[p + 1] = ((rgb >> 8) & 0xFF) / 255f;
                px[p + 2] = (rgb & 0xFF) / 255f;
            }
        }
        return new RgbImage(w, h, px);
    }
}
