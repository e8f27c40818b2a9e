package dev.atelier.eval.judge;

/**
 * One object the judge found: a connected region that differs from the background, and the pack sprite it
 * looks most like.
 *
 * @param cx       centre x, fraction of the image width (0 left, 1 right)
 * @param cy       centre y, fraction of the image height (0 top, 1 bottom)
 * @param width    box width, fraction of the image width
 * @param height   box height, fraction of the image height
 * @param area     foreground cells of the region on the finder's 64 x 64 grid
 * @param concept  index of the nearest prototype's concept
 * @param style    index of the nearest prototype's style
 * @param distance mean squared RGB difference to that prototype (0–1)
 */
public record DetectedObject(double cx, double cy, double width, double height, int area, int concept, int style,
                             double distance) {
}
