package dev.atelier.server.arena;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/** Where simulated votes come from ({@code atelier arena simulate --rule ...}). */
public sealed interface VoteRule {
    /** The vote on a battle for {@code prompt} between {@code a} (left) and {@code b}, given their images. */
    Vote vote(String prompt, String a, String b, byte[] imageA, byte[] imageB);

    /** An image judge: which of two images of one prompt is better. */
    @FunctionalInterface
    interface ImageJudge {
        /** Positive when image {@code a} is better for {@code prompt}, negative when {@code b} is, 0 for a tie. */
        int compare(String prompt, byte[] a, byte[] b);
    }

    /** Fixed preference: earlier in {@code order} wins; a contestant not listed loses to listed ones; two unlisted tie. */
    record Fixed(List<String> order) implements VoteRule {
        public Vote vote(String prompt, String a, String b, byte[] ia, byte[] ib) {
            int x = order.indexOf(a) < 0 ? Integer.MAX_VALUE : order.indexOf(a);
            int y = order.indexOf(b) < 0 ? Integer.MAX_VALUE : order.indexOf(b);
            return x < y ? Vote.A : y < x ? Vote.B : Vote.TIE;
        }
    }

    /**
     * Random votes from a Bradley–Terry model with the given true ratings (400-point scale), ties with probability
     * {@code tieRate}, so that the expected score matches the model (ties count half).
     */
    record Strengths(Map<String, Double> ratings, double tieRate, Random random) implements VoteRule {
        public Vote vote(String prompt, String a, String b, byte[] ia, byte[] ib) {
            double p = 1 / (1 + Math.pow(10, (ratings.getOrDefault(b, 1000.0) - ratings.getOrDefault(a, 1000.0)) / 400));
            if (random.nextDouble() < tieRate) return Vote.TIE;
            double q = Math.min(1, Math.max(0, (p - tieRate / 2) / (1 - tieRate)));
            return random.nextDouble() < q ? Vote.A : Vote.B;
        }
    }

    /** A stand-in image judge: prefers the image with more contrast (pixel standard deviation); within 1% is a tie. */
    record Contrast() implements VoteRule {
        public Vote vote(String prompt, String a, String b, byte[] ia, byte[] ib) {
            double x = contrast(ia);
            double y = contrast(ib);
            if (Math.abs(x - y) <= 0.01 * Math.max(x, y)) return Vote.TIE;
            return x > y ? Vote.A : Vote.B;
        }

        static double contrast(byte[] png) {
            try {
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
                double sum = 0;
                double sq = 0;
                int n = 0;
                for (int y = 0; y < img.getHeight(); y++) {
                    for (int x = 0; x < img.getWidth(); x++) {
                        int rgb = img.getRGB(x, y);
                        double l = 0.299 * (rgb >> 16 & 255) + 0.587 * (rgb >> 8 & 255) + 0.114 * (rgb & 255);
                        sum += l;
                        sq += l * l;
                        n++;
                    }
                }
                double mean = sum / n;
                return Math.sqrt(Math.max(0, sq / n - mean * mean));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Votes as an image judge compares the two images against the prompt ({@code judge}: the evaluation suite's). */
    record Judged(ImageJudge judge) implements VoteRule {
        public Vote vote(String prompt, String a, String b, byte[] ia, byte[] ib) {
            int c = judge.compare(prompt, ia, ib);
            return c > 0 ? Vote.A : c < 0 ? Vote.B : Vote.TIE;
        }
    }

    /** Uniformly random among A, B and tie. */
    record Uniform(Random random) implements VoteRule {
        public Vote vote(String prompt, String a, String b, byte[] ia, byte[] ib) {
            return List.of(Vote.A, Vote.B, Vote.TIE).get(random.nextInt(3));
        }
    }

    /**
     * Parses {@code fixed:NAME,NAME,...}, {@code strengths:NAME=RATING,...[;ties=0.1]}, {@code contrast},
     * {@code judge} (opened by {@code judge} only then; null: not offered) or {@code random}; the error lists them.
     */
    static VoteRule parse(String text, long seed, java.util.function.Supplier<ImageJudge> judge) {
        String t = text == null ? "" : text.strip();
        if (t.startsWith("fixed:")) return new Fixed(List.of(t.substring(6).split(",")));
        if (t.startsWith("strengths:")) {
            String body = t.substring(10);
            double ties = 0.1;
            int semi = body.indexOf(';');
            if (semi >= 0) {
                String opt = body.substring(semi + 1);
                if (!opt.startsWith("ties=")) throw new IllegalArgumentException("strengths option must be ties=P, got " + opt);
                ties = Double.parseDouble(opt.substring(5));
                if (ties < 0 || ties >= 1) throw new IllegalArgumentException("ties must be in [0, 1), got " + ties);
                body = body.substring(0, semi);
            }
            var m = new LinkedHashMap<String, Double>();
            for (String part : body.split(",")) {
                String[] kv = part.split("=");
                if (kv.length != 2) throw new IllegalArgumentException("expected NAME=RATING in strengths, got '" + part + "'");
                m.put(kv[0].strip(), Double.parseDouble(kv[1].strip()));
            }
            return new Strengths(m, ties, new Random(seed));
        }
        if (t.equals("contrast")) return new Contrast();
        if (t.equals("judge") && judge != null) return new Judged(judge.get());
        if (t.equals("random")) return new Uniform(new Random(seed));
        throw new IllegalArgumentException("unknown vote rule '" + text + "'; valid: fixed:NAME,NAME,..., "
                + "strengths:NAME=RATING,...[;ties=P], contrast, " + (judge != null ? "judge, " : "") + "random");
    }
}
