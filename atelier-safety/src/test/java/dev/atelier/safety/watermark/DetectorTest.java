package dev.atelier.safety.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DetectorTest {
    private final Detector detector = new Detector(WatermarkKey.ATELIER);
    private final WatermarkKey.Carriers carriers = WatermarkKey.ATELIER.carriers();

    private boolean[] all() {
        boolean[] used = new boolean[carriers.size()];
        java.util.Arrays.fill(used, true);
        return used;
    }

    private static float[] noise(int n, long seed) {
        var random = new SplittableRandom(seed);
        float[] g = new float[n];
        for (int i = 0; i < n; i++) g[i] = (float) random.nextGaussian();
        return g;
    }

    @Test
    void separableCoefficientsEqualThePlainFourierSum() {
        int w = 45;
        int h = 37;
        float[] g = noise(w * h, 1);
        double period = 27.3;
        double[] fast = detector.coefficients(g, w, h, period);
        for (int k = 0; k < carriers.size(); k++) {
            double re = 0;
            double im = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double a = -2 * Math.PI * (carriers.u()[k] * x + carriers.v()[k] * y) / period;
                    re += g[y * w + x] * Math.cos(a);
                    im += g[y * w + x] * Math.sin(a);
                }
            }
            assertThat(fast[2 * k]).isCloseTo(re, within(1e-6));
            assertThat(fast[2 * k + 1]).isCloseTo(im, within(1e-6));
        }
    }

    @Test
    void foldedCoefficientsForAWholePixelPeriodEqualThePlainFourierSum() {
        int w = 70;
        int h = 53;
        float[] g = noise(w * h, 4);
        double[] folded = detector.coefficients(g, w, h, 24);
        for (int k = 0; k < carriers.size(); k++) {
            double re = 0;
            double im = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double a = -2 * Math.PI * (carriers.u()[k] * x + carriers.v()[k] * y) / 24;
                    re += g[y * w + x] * Math.cos(a);
                    im += g[y * w + x] * Math.sin(a);
                }
            }
            assertThat(folded[2 * k]).isCloseTo(re, within(1e-6));
            assertThat(folded[2 * k + 1]).isCloseTo(im, within(1e-6));
        }
    }

    @Test
    void bestOffsetIsThePlainMaximumOfThePhaseAlignment() {
        double[] g = detector.coefficients(noise(64 * 64, 2), 64, 64, 32);
        double[] a = detector.phases(g, all());
        Detector.Peak peak = detector.bestOffset(a, 32, 32, 1);
        double best = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < 32; j++) {
            for (int i = 0; i < 32; i++) {
                double s = 0;
                for (int k = 0; k < carriers.size(); k++) {
                    double phaseError = Math.atan2(g[2 * k + 1], g[2 * k]) - carriers.phase()[k]
                            + 2 * Math.PI * (carriers.u()[k] * i + carriers.v()[k] * j) / 32;
                    s += Math.cos(phaseError);
                }
                best = Math.max(best, s * Math.sqrt(2.0 / carriers.size()));
            }
        }
        assertThat(peak.z()).isCloseTo(best, within(1e-9));
    }

    @Test
    void thePatternAloneScoresTheMaximumAtItsOffset() {
        int period = 32;
        float[] tile = WatermarkKey.ATELIER.tile();
        int w = 96;
        float[] g = new float[w * w];
        for (int y = 0; y < w; y++) for (int x = 0; x < w; x++) g[y * w + x] = tile[((y + 32 - 9) % period) * period + (x + 32 - 5) % period];
        Detector.Peak peak = detector.bestOffset(detector.phases(detector.coefficients(g, w, w, period), all()), period, period, 1);
        assertThat(peak.offsetX()).isEqualTo(5);
        assertThat(peak.offsetY()).isEqualTo(9);
        assertThat(peak.z()).isCloseTo(Math.sqrt(2.0 * carriers.size()), within(1e-6));
    }

    @Test
    void unmarkedNoiseScoresLikeAStandardNormalAtAFixedOffset() {
        int n = 400;
        double sum = 0;
        double sumSq = 0;
        for (int t = 0; t < n; t++) {
            double[] a = detector.phases(detector.coefficients(noise(64 * 64, 100 + t), 64, 64, 32), all());
            double s = 0;
            for (int k = 0; k < carriers.size(); k++) s += a[2 * k];  // offset (0, 0)
            double z = s * Math.sqrt(2.0 / carriers.size());
            sum += z;
            sumSq += z * z;
        }
        double mean = sum / n;
        assertThat(mean).isCloseTo(0, within(0.2));
        assertThat(Math.sqrt(sumSq / n - mean * mean)).isCloseTo(1, within(0.12));
    }

    @Test
    void leavesOutTheCarriersOnTheJpegBlockGridOfTheTriedScale() {
        boolean[] at24 = detector.offBlockGrid(24);  // 0.75x: carrier (3, 0) is 1/8 cycle per pixel
        for (int k = 0; k < carriers.size(); k++) {
            boolean onGrid = carriers.u()[k] % 3 == 0 && carriers.v()[k] % 3 == 0;
            assertThat(at24[k]).as("(%d, %d)", carriers.u()[k], carriers.v()[k]).isEqualTo(!onGrid);
        }
        boolean[] at32 = detector.offBlockGrid(32);
        for (boolean used : at32) assertThat(used).isTrue();  // both-even carriers are not in the key at all
    }

    @Test
    void triesTheOriginalSizeFirstThenHalfAndDouble() {
        assertThat(detector.scales(256, 256)).startsWith(1.0, 0.5, 2.0).allMatch(s -> s >= 0.45 && s <= 2.2);
        assertThat(detector.scales(128, 128)).contains(0.5);
        assertThat(detector.scales(12, 12)).isEmpty();
    }
}
