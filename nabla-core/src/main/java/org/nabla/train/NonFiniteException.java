package org.nabla.train;

/**
 * Training stopped because the loss or a gradient became NaN or infinite. The message names the epoch, the batch,
 * the step and where: the parameter and its layer for a gradient; for the loss, the first layer whose output was
 * not finite when the step's forward pass was replayed (or the input batch itself).
 */
public final class NonFiniteException extends IllegalStateException {
    private static final String ADVICE = " (lower the learning rate, clip the gradients or check the inputs)";
    private final int epoch, batch;
    private final long step;
    private final String parameter, layer;

    private NonFiniteException(int epoch, int batch, long step, String what, String parameter, String layer) {
        super("Training diverged at epoch " + epoch + ", batch " + batch + " (step " + step + "): " + what + ADVICE);
        this.epoch = epoch;
        this.batch = batch;
        this.step = step;
        this.parameter = parameter;
        this.layer = layer;
    }

    /** The gradient of {@code parameter} (a dotted name such as "2.weight") holds {@code value}. */
    public static NonFiniteException gradient(int epoch, int batch, long step, String parameter, double value) {
        int dot = parameter.lastIndexOf('.');
        String layer = dot < 0 ? "" : parameter.substring(0, dot);
        return new NonFiniteException(epoch, batch, step, "the gradient of '" + parameter + "' (layer '" + layer + "') contains " + value,
                parameter, layer);
    }

    /**
     * The loss is {@code value}; {@code layer} is the first module (by dotted name, "" for the whole model) whose
     * output was not finite, described by {@code where} (e.g. "layer '3' (Linear) outputs inf"), or null if unknown.
     */
    public static NonFiniteException loss(int epoch, int batch, long step, double value, String layer, String where) {
        return new NonFiniteException(epoch, batch, step, "the loss is " + value + (where == null ? "" : "; " + where), null, layer);
    }

    public int epoch() { return epoch; }

    public int batch() { return batch; }

    /** The optimizer step that was refused, 1-based. */
    public long step() { return step; }

    /** The parameter whose gradient went bad (e.g. "2.weight"), null when the loss did. */
    public String parameter() { return parameter; }

    /** The layer (dotted module name) of the bad gradient, or the first with a non-finite output; null when unknown. */
    public String layer() { return layer; }
}
