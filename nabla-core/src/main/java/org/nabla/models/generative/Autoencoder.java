package org.nabla.models.generative;

import java.util.Arrays;
import org.nabla.nn.Conv2d;
import org.nabla.nn.ConvTranspose2d;
import org.nabla.nn.Flatten;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.Submodule;
import org.nabla.nn.activation.ReLU;
import org.nabla.nn.activation.Sigmoid;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * An autoencoder: {@code encoder} maps an image [N, C, H, W] to a code [N, codeSize], {@code decoder} maps the code back
 * to the image's logits (the reconstruction is their sigmoid: pixels in [0, 1]). {@link #mlp} and {@link #conv} build
 * the two kinds; a code squashed by a sigmoid is what the KL sparsity penalty (target activation ρ) needs.
 */
public final class Autoencoder extends Module {
    private final Submodule<Module> encoder, decoder;
    private final int[] sampleShape;
    private final int codeSize;

    public Autoencoder(Module encoder, Module decoder, int[] sampleShape, int codeSize) {
        this.encoder = registerModule("encoder", encoder);
        this.decoder = registerModule("decoder", decoder);
        this.sampleShape = sampleShape.clone();
        this.codeSize = codeSize;
    }

    /**
     * Flatten, Linear(D, hidden), ReLU, Linear(hidden, code) [, Sigmoid]; then Linear(code, hidden), ReLU,
     * Linear(hidden, D), reshaped to the sample shape.
     */
    public static Autoencoder mlp(int[] sampleShape, int hidden, int codeSize, boolean sigmoidCode, Generator gen) {
        int d = Math.toIntExact(Arrays.stream(sampleShape).asLongStream().reduce(1, Math::multiplyExact));
        checkSizes("mlp autoencoder", hidden, codeSize);
        Sequential enc = new Sequential(new Flatten(), new Linear(d, hidden, true, gen), new ReLU(), new Linear(hidden, codeSize, true, gen));
        if (sigmoidCode) enc.add(new Sigmoid());
        Sequential dec = new Sequential(new Linear(codeSize, hidden, true, gen), new ReLU(), new Linear(hidden, d, true, gen), new Unflatten(sampleShape));
        return new Autoencoder(enc, dec, sampleShape, codeSize);
    }

    /**
     * Conv(C, 16, 3, stride 2) ReLU, Conv(16, 32, 3, stride 2) ReLU, Linear(32·H/4·W/4, code) [, Sigmoid]; the decoder
     * mirrors it with Linear, ReLU, ConvTranspose(32, 16, 4, stride 2) ReLU, ConvTranspose(16, C, 4, stride 2).
     */
    public static Autoencoder conv(int[] sampleShape, int codeSize, boolean sigmoidCode, Generator gen) {
        if (sampleShape.length != 3 || sampleShape[1] % 4 != 0 || sampleShape[2] % 4 != 0 || sampleShape[1] == 0)
            throw new IllegalArgumentException("conv autoencoder takes C x H x W images with H and W multiples of 4, got " + Arrays.toString(sampleShape));
        checkSizes("conv autoencoder", 1, codeSize);
        int c = sampleShape[0], h = sampleShape[1] / 4, w = sampleShape[2] / 4;
        Sequential enc = new Sequential(
                Conv2d.builder(c, 16, 3).stride(2).padding(1).generator(gen).build(), new ReLU(),
                Conv2d.builder(16, 32, 3).stride(2).padding(1).generator(gen).build(), new ReLU(),
                new Flatten(), new Linear(32 * h * w, codeSize, true, gen));
        if (sigmoidCode) enc.add(new Sigmoid());
        Sequential dec = new Sequential(new Linear(codeSize, 32 * h * w, true, gen), new ReLU(), new Unflatten(new int[] {32, h, w}),
                ConvTranspose2d.builder(32, 16, 4).stride(2).padding(1).generator(gen).build(), new ReLU(),
                ConvTranspose2d.builder(16, c, 4).stride(2).padding(1).generator(gen).build());
        return new Autoencoder(enc, dec, sampleShape, codeSize);
    }

    private static void checkSizes(String what, int hidden, int code) {
        if (hidden <= 0 || code <= 0) throw new IllegalArgumentException(what + ": hidden and code sizes must be positive, got " + hidden + " and " + code);
    }

    /** The code of images [N, ...sampleShape]. */
    public Tensor encode(Tensor x) { return encoder.get().call(x); }

    /** The logits of the images a code decodes to. */
    public Tensor decode(Tensor code) { return decoder.get().call(code); }

    /** The reconstruction's logits. */
    @Override
    public Tensor forward(Tensor x) { return decode(encode(x)); }

    public int codeSize() { return codeSize; }

    public int[] sampleShape() { return sampleShape.clone(); }

    /** [N, D] back to [N, ...shape]. */
    public static final class Unflatten extends Module {
        private final int[] shape;

        public Unflatten(int[] shape) { this.shape = shape.clone(); }

        @Override
        public Tensor forward(Tensor x) {
            int[] s = new int[shape.length + 1];
            s[0] = x.size(0);
            System.arraycopy(shape, 0, s, 1, shape.length);
            return x.reshape(s);
        }

        @Override
        protected String extraRepr() { return "unflattened_size=" + Arrays.toString(shape); }
    }
}
