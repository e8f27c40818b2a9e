package dev.atelier.eval.judge;

import dev.atelier.engine.image.RgbImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the objects of a plain-background image: the background is the median colour of the border, the
 * foreground the 64 x 64 grid cells that differ from it by more than {@link #THRESHOLD} in some channel;
 * regions are 8-connected components after a one-cell dilation (which joins the parts of one emoji), boxed
 * at full resolution.
 */
final class ObjectFinder {
    static final int GRID = 64;
    static final float THRESHOLD = 0.1f;
    static final int MIN_AREA = 3;

    record Region(int x0, int y0, int x1, int y1, int area) {  // pixel box, x1/y1 exclusive; area in cells
    }

    record Found(float[] background, List<Region> regions) {
    }

    private ObjectFinder() {
    }

    static Found find(RgbImage img) {
        int w = img.width(), h = img.height();
        float[] grid = new float[GRID * GRID * 3];  // [gy, gx, c] cell means
        for (int gy = 0; gy < GRID; gy++) {
            int ya = gy * h / GRID, yb = Math.max(ya + 1, (gy + 1) * h / GRID);
            for (int gx = 0; gx < GRID; gx++) {
                int xa = gx * w / GRID, xb = Math.max(xa + 1, (gx + 1) * w / GRID);
                for (int c = 0; c < 3; c++) {
                    double s = 0;
                    for (int y = ya; y < yb; y++) for (int x = xa; x < xb; x++) s += img.pixels()[(y * w + x) * 3 + c];
                    grid[(gy * GRID + gx) * 3 + c] = (float) (s / ((yb - ya) * (xb - xa)));
                }
            }
        }
        float[] bg = borderMedian(grid);
        boolean[] fg = new boolean[GRID * GRID];
        for (int i = 0; i < fg.length; i++) fg[i] = differs(grid, i * 3, bg);
        boolean[] grown = dilate(fg);
        int[] label = new int[GRID * GRID];
        List<Region> regions = new ArrayList<>();
        int next = 0;
        int[] queue = new int[GRID * GRID];
        for (int start = 0; start < label.length; start++) {
            if (!grown[start] || label[start] != 0) continue;
            next++;
            int head = 0, tail = 0, area = 0;
            int gx0 = GRID, gy0 = GRID, gx1 = -1, gy1 = -1;
            queue[tail++] = start;
            label[start] = next;
            while (head < tail) {
                int i = queue[head++], gx = i % GRID, gy = i / GRID;
                if (fg[i]) {
                    area++;
                    gx0 = Math.min(gx0, gx); gx1 = Math.max(gx1, gx);
                    gy0 = Math.min(gy0, gy); gy1 = Math.max(gy1, gy);
                }
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = gx + dx, ny = gy + dy;
                        if (nx < 0 || ny < 0 || nx >= GRID || ny >= GRID) continue;
                        int j = ny * GRID + nx;
                        if (grown[j] && label[j] == 0) {
                            label[j] = next;
                            queue[tail++] = j;
                        }
                    }
                }
            }
            if (area >= MIN_AREA) regions.add(refine(img, bg, gx0, gy0, gx1, gy1, area));
        }
        regions.sort((a, b) -> Integer.compare(b.area(), a.area()));
        return new Found(bg, regions);
    }

    /** The exact pixel box of the differing pixels inside a region's cells (grown by one cell). */
    private static Region refine(RgbImage img, float[] bg, int gx0, int gy0, int gx1, int gy1, int area) {
        int w = img.width(), h = img.height();
        int xa = Math.max(0, (gx0 - 1) * w / GRID), xb = Math.min(w, (gx1 + 2) * w / GRID);
        int ya = Math.max(0, (gy0 - 1) * h / GRID), yb = Math.min(h, (gy1 + 2) * h / GRID);
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = ya; y < yb; y++) {
            for (int x = xa; x < xb; x++) {
                if (differs(img.pixels(), (y * w + x) * 3, bg)) {
                    x0 = Math.min(x0, x); x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y); y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0) return new Region(gx0 * w / GRID, gy0 * h / GRID, (gx1 + 1) * w / GRID, (gy1 + 1) * h / GRID, area);
        return new Region(x0, y0, x1 + 1, y1 + 1, area);
    }

    private static boolean differs(float[] px, int at, float[] bg) {
        return Math.abs(px[at] - bg[0]) > THRESHOLD || Math.abs(px[at + 1] - bg[1]) > THRESHOLD
                || Math.abs(px[at + 2] - bg[2]) > THRESHOLD;
    }

    private static float[] borderMedian(float[] grid) {
        int n = 4 * GRID - 4;
        float[][] ch = new float[3][n];
        int k = 0;
        for (int gy = 0; gy < GRID; gy++) {
            for (int gx = 0; gx < GRID; gx++) {
                if (gy != 0 && gy != GRID - 1 && gx != 0 && gx != GRID - 1) continue;
                for (int c = 0; c < 3; c++) ch[c][k] = grid[(gy * GRID + gx) * 3 + c];
                k++;
            }
        }
        float[] out = new float[3];
        for (int c = 0; c < 3; c++) {
            Arrays.sort(ch[c]);
            out[c] = ch[c][n / 2];
        }
        return out;
    }

    private static boolean[] dilate(boolean[] m) {
        boolean[] out = new boolean[m.length];
        for (int gy = 0; gy < GRID; gy++) {
            for (int gx = 0; gx < GRID; gx++) {
                if (!m[gy * GRID + gx]) continue;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = gx + dx, ny = gy + dy;
                        if (nx >= 0 && ny >= 0 && nx < GRID && ny < GRID) out[ny * GRID + nx] = true;
                    }
                }
            }
        }
        return out;
    }
}
