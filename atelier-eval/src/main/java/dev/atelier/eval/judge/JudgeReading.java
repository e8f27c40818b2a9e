package dev.atelier.eval.judge;

import java.util.List;

/**
 * What the judge reads from one image.
 *
 * @param background index of the background colour (network head)
 * @param style      index of the style (network head); the objects carry the prototypes' style too
 * @param count      number of objects, 1–4 (network head)
 * @param position   index of the position of a single object (network head)
 * @param features   pooled network features, the space of FD-judge and precision/recall
 * @param embedding  unit-length image embedding (CLIPScore)
 * @param objects    regions that differ from the background, largest first, with their nearest prototype
 */
public record JudgeReading(int background, int style, int count, int position, float[] features, float[] embedding,
                           List<DetectedObject> objects) {
    public JudgeReading {
        objects = List.copyOf(objects);
    }
}
