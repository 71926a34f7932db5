package org.nabla.train;

/** Training stopped because the loss or a gradient became NaN or infinite. */
public final class NonFiniteException extends IllegalStateException {
    private final int epoch, batch;
    private final String layer;

    NonFiniteException(int epoch, int batch, long step, String layer, double value) {
        super("Training diverged at epoch " + epoch + ", batch " + batch + " (step " + step + "): "
                + (layer.equals("loss") ? "the loss is " + value : "the gradient of '" + layer + "' contains " + value)
                + " (lower the learning rate or check the inputs)");
        this.epoch = epoch;
        this.batch = batch;
        this.layer = layer;
    }

    public int epoch() { return epoch; }

    public int batch() { return batch; }

    /** "loss", or the dotted name of the parameter whose gradient went bad (e.g. "2.weight"). */
    public String layer() { return layer; }
}
