package dev.atelier.safety.watermark;

import java.util.ArrayList;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secret-free key of a tiled watermark: which sinusoidal carriers make up the pattern and their phases. The
 * pattern is {@code w(x, y) = Σ_k cos(2π (u_k x + v_k y) / period + φ_k)}, repeated every {@code period} pixels in
 * both directions; the carriers are every integer frequency {@code (u, v)} in the half plane whose radius lies in
 * [{@code minCycles}, {@code maxCycles}] cycles per tile, except those with both {@code u} and {@code v} even (those
 * fall on the 8- and 16-pixel grids of JPEG blocks and transformer patches, whose artefacts would mimic the mark).
 * The phases are drawn from {@code seed}.
 *
 * @param seed      the key: the phases of the carriers
 * @param period    the tile side in pixels, ≥ 8
 * @param minCycles the lowest carrier radius in cycles per tile, > 0
 * @param maxCycles the highest carrier radius in cycles per tile, below {@code period / 4} so that a 0.5× resize
 *                  keeps every carrier under the Nyquist frequency
 */
public record WatermarkKey(long seed, int period, double minCycles, double maxCycles) {
    /**
     * Atelier's project-wide key: seed {@code 0x4154454C49455231} (the ASCII bytes of "ATELIER1"), a 32-pixel tile,
     * carriers between 2 and 6.5 cycles per tile (0.0625 to 0.2 cycles per pixel). Every installation embeds and
     * detects with it, so any Atelier detector recognises any Atelier image. It is public: it proves provenance
     * against accidents (re-encoding, resizing, cropping), not against someone who sets out to remove the mark.
     */
    public static final WatermarkKey ATELIER = new WatermarkKey(0x4154454C49455231L, 32, 2.0, 6.5);

    /** Tiles drawn so far: a key's tile is drawn once (46 cosines per pixel), then copied. */
    private static final Map<WatermarkKey, float[]> TILES = new ConcurrentHashMap<>();

    public WatermarkKey {
        if (period < 8) throw new IllegalArgumentException("watermark period must be at least 8 pixels, got " + period);
        if (!(minCycles > 0) || !(maxCycles > minCycles) || maxCycles >= period / 4.0) {
            throw new IllegalArgumentException("watermark carriers must satisfy 0 < minCycles < maxCycles < period/4 = "
                    + period / 4.0 + ", got " + minCycles + ".." + maxCycles);
        }
    }

    /** The carriers this key selects, in a fixed order. */
    public Carriers carriers() {
        var random = new SplittableRandom(seed);
        var us = new ArrayList<Integer>();
        var vs = new ArrayList<Integer>();
        int r = (int) Math.ceil(maxCycles);
        for (int v = 0; v <= r; v++) {
            for (int u = -r; u <= r; u++) {
                if (v == 0 && u <= 0) continue;  // the other half plane holds the conjugates
                double radius = Math.hypot(u, v);
                if (radius < minCycles || radius > maxCycles) continue;
                if (u % 2 == 0 && v % 2 == 0) continue;
                us.add(u);
                vs.add(v);
            }
        }
        int k = us.size();
        int[] u = new int[k];
        int[] v = new int[k];
        double[] phase = new double[k];
        for (int i = 0; i < k; i++) {
            u[i] = us.get(i);
            v[i] = vs.get(i);
            phase[i] = random.nextDouble() * 2 * Math.PI;
        }
        return new Carriers(u, v, phase);
    }

    /** The pattern over one tile, scaled to unit root-mean-square ({@code // [period, period]}); a fresh copy. */
    public float[] tile() {
        return TILES.computeIfAbsent(this, WatermarkKey::drawTile).clone();
    }

    private static float[] drawTile(WatermarkKey key) {
        int period = key.period();
        Carriers c = key.carriers();
        float[] tile = new float[period * period];
        double norm = Math.sqrt(2.0 / c.size());  // k unit cosines of distinct frequencies have mean square k/2
        for (int y = 0; y < period; y++) {
            for (int x = 0; x < period; x++) {
                double s = 0;
                for (int i = 0; i < c.size(); i++) s += Math.cos(2 * Math.PI * (c.u()[i] * x + c.v()[i] * y) / period + c.phase()[i]);
                tile[y * period + x] = (float) (s * norm);
            }
        }
        return tile;
    }

    /**
     * The carriers of a key.
     *
     * @param u     horizontal frequencies in cycles per tile
     * @param v     vertical frequencies in cycles per tile, ≥ 0
     * @param phase phases in radians
     */
    public record Carriers(int[] u, int[] v, double[] phase) {
        public Carriers {
            if (u.length != v.length || u.length != phase.length || u.length == 0) {
                throw new IllegalArgumentException("carriers need as many u, v and phases, at least one; got "
                        + u.length + ", " + v.length + ", " + phase.length);
            }
        }

        public int size() {
            return u.length;
        }
    }
}
