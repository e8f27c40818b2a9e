package dev.atelier.engine.pipeline;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.library.Planner;
import dev.atelier.engine.library.Sprite;
import dev.atelier.engine.library.SpriteFit;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A request's reference pictures in a retrieval model's conditioning (docs/edits.md, "Reference pictures"): each is
 * framed as a library sprite ({@link SpriteFit}) and takes the place of the prompt's library hit of the same rank, in
 * its slot and where the plan draws it; a reference without a hit takes a free slot. With no hit at all the references
 * are drawn in the draft themselves: one centred (side 0.6, the planner's medium centre), two side by side (the
 * planner's pair), more in a row.
 */
final class ReferencePictures {
    private ReferencePictures() {
    }

    /**
     * What the model is conditioned on.
     *
     * @param sprites  the slots' sprites, in slot order
     * @param plan     the draft's items, each naming a sprite by index
     * @param replaced how many of the first library hits a reference took the place of (the rest were drawn from)
     */
    record Conditioning(List<Sprite> sprites, List<Planner.Item> plan, int replaced) {
    }

    /** The hits' {@code sprites} (at most {@code slots}) and {@code plan} with {@code references} put in. */
    static Conditioning place(List<RgbImage> references, List<Sprite> sprites, List<Planner.Item> plan, int slots) {
        if (references.isEmpty()) return new Conditioning(sprites, plan, 0);
        if (references.size() > slots) {
            throw new IllegalArgumentException(references.size() + " reference pictures for " + slots + " slots");
        }
        var out = new ArrayList<>(sprites);
        for (int k = 0; k < references.size(); k++) {
            Sprite s = sprite(references.get(k));
            if (k < out.size()) out.set(k, s);
            else out.add(s);
        }
        int replaced = Math.min(references.size(), sprites.size());
        return new Conditioning(List.copyOf(out), plan.isEmpty() ? row(references.size()) : plan, replaced);
    }

    // the planner's layouts for one thing or a pair, and an even row beyond
    static List<Planner.Item> row(int n) {
        if (n == 1) return List.of(new Planner.Item(0, 0.5, 0.5, 0.6));
        if (n == 2) return List.of(new Planner.Item(0, 0.27, 0.5, 0.40), new Planner.Item(1, 0.73, 0.5, 0.40));
        var items = new ArrayList<Planner.Item>();
        for (int k = 0; k < n; k++) items.add(new Planner.Item(k, (k + 0.5) / n, 0.5, 0.9 / n));
        return items;
    }

    /** {@code picture} framed as a library sprite; a picture with nothing drawn (fully transparent) is refused. */
    static Sprite sprite(RgbImage picture) {
        int w = picture.width();
        var image = new BufferedImage(w, picture.height(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < picture.height(); y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                image.setRGB(x, y, picture.alphaByteAt(p) << 24 | picture.byteAt(p, 0) << 16 | picture.byteAt(p, 1) << 8
                        | picture.byteAt(p, 2));
            }
        }
        return SpriteFit.fit(image);
    }
}
