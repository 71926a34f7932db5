package org.nabla.models.detection;

/**
 * One image's detections, best first: boxes [n * 4] (x1, y1, x2, y2 in pixels), scores in [0, 1] and classes.
 */
public record Detections(float[] boxes, float[] scores, int[] classes) {
    public Detections {
        if (boxes.length != 4 * scores.length || scores.length != classes.length)
            throw new IllegalArgumentException("Detections: " + boxes.length / 4 + " boxes, " + scores.length + " scores, " + classes.length + " classes");
    }

    public int count() { return scores.length; }
}
