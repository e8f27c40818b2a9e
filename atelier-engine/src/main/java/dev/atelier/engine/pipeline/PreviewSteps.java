package dev.atelier.engine.pipeline;

import java.util.TreeSet;

/** Which steps get a preview when a client asks for a number of partial images. */
public final class PreviewSteps {
    private PreviewSteps() {
    }

    /** The steps (1-based) after which previews are sent: {@code count} spread evenly, never the last step. */
    public static TreeSet<Integer> of(int count, int totalSteps) {
        var out = new TreeSet<Integer>();
        for (int j = 1; j <= count; j++) {
            int s = (int) Math.round(totalSteps * j / (count + 1.0));
            if (s >= 1 && s < totalSteps) out.add(s);
        }
        return out;
    }
}
