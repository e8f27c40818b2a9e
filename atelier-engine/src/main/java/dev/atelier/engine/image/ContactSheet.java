package dev.atelier.engine.image;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/** Lays images out in a grid with a caption under each, e.g. for docs/samples.png. */
public final class ContactSheet {
    private static final int PAD = 8;
    private static final int CAPTION_LINES = 2;

    private ContactSheet() {
    }

    /** One cell: an image and up to two lines of caption. */
    public record Cell(RgbImage image, String caption) {
    }

    /** Renders {@code cells} in rows of {@code columns}, each image scaled to {@code cellSize} pixels square; PNG bytes. */
    public static byte[] render(List<Cell> cells, int columns, int cellSize) {
        if (cells.isEmpty()) throw new IllegalArgumentException("a contact sheet needs at least one image");
        if (columns < 1) throw new IllegalArgumentException("columns must be ≥ 1, got " + columns);
        int rows = (cells.size() + columns - 1) / columns;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, cellSize / 18));
        var probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        FontMetrics fm = probe.getFontMetrics(font);
        probe.dispose();
        int captionHeight = fm.getHeight() * CAPTION_LINES + PAD / 2;
        int w = columns * (cellSize + PAD) + PAD;
        int h = rows * (cellSize + captionHeight + PAD) + PAD;
        var sheet = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            for (int i = 0; i < cells.size(); i++) {
                int x = PAD + (i % columns) * (cellSize + PAD);
                int y = PAD + (i / columns) * (cellSize + captionHeight + PAD);
                // a transparent image on a checkerboard, so that its transparency shows
                RgbImage image = cells.get(i).image().overCheckerboard(Math.max(4, cells.get(i).image().width() / 16));
                g.drawImage(JpegEncoder.toBufferedImage(image), x, y, cellSize, cellSize, null);
                g.setColor(Color.DARK_GRAY);
                List<String> lines = wrap(cells.get(i).caption(), fm, cellSize);
                for (int l = 0; l < lines.size(); l++) g.drawString(lines.get(l), x, y + cellSize + fm.getAscent() + l * fm.getHeight() + 2);
            }
        } finally {
            g.dispose();
        }
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(sheet, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // Greedy word wrap into at most CAPTION_LINES lines, the last one ellipsised if the text does not fit.
    static List<String> wrap(String text, FontMetrics fm, int width) {
        var lines = new java.util.ArrayList<String>();
        var line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (fm.stringWidth(candidate) <= width || line.isEmpty()) {
                line.setLength(0);
                line.append(candidate);
            } else {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            }
        }
        if (!line.isEmpty()) lines.add(line.toString());
        if (lines.size() <= CAPTION_LINES) return lines;
        var kept = new java.util.ArrayList<>(lines.subList(0, CAPTION_LINES));
        String last = kept.get(CAPTION_LINES - 1);
        while (!last.isEmpty() && fm.stringWidth(last + "…") > width) last = last.substring(0, last.length() - 1);
        kept.set(CAPTION_LINES - 1, last + "…");
        return kept;
    }
}
