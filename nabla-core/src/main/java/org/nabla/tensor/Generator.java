package org.nabla.tensor;

/**
 * A seedable random number generator (xoshiro256**) whose whole state can be saved and restored, so a
 * training run resumes with the same random stream. Not thread-safe: give each thread its own.
 */
public final class Generator {
    private static final Generator GLOBAL = new Generator(System.nanoTime());

    private final long[] s = new long[4];
    private double spareGaussian;
    private boolean hasSpare;

    public Generator(long seed) { seed(seed); }

    /**
     * The generator used when none is given, like torch's default generator: the {@link RunContext}'s inside one,
     * else the process's.
     */
    public static Generator global() {
        RunContext run = RunContext.active();
        return run != null ? run.generator() : GLOBAL;
    }

    /** Seeds {@link #global()}, like {@code torch.manual_seed}. */
    public static void manualSeed(long seed) { global().seed(seed); }

    public synchronized void seed(long seed) {
        long x = seed;
        for (int i = 0; i < 4; i++) {
            // SplitMix64 spreads one seed over the four words.
            x += 0x9E3779B97F4A7C15L;
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            s[i] = z ^ (z >>> 31);
        }
        hasSpare = false;
    }

    public synchronized long nextLong() { return next(); }

    /** One step of xoshiro256**: the next 64 random bits. */
    private long next() {
        long result = Long.rotateLeft(s[1] * 5, 7) * 9;
        long t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = Long.rotateLeft(s[3], 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() { return (nextLong() >>> 11) * 0x1.0p-53; }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() { return (nextLong() >>> 40) * 0x1.0p-24f; }

    /**
     * Fills out with the values of {@code out.length} calls of {@link #nextFloat()}, the state held in locals
     * (tensors of a hundred million values fill in a fraction of a second).
     */
    public synchronized void nextFloats(float[] out) {
        long s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
        for (int i = 0; i < out.length; i++) {
            long result = Long.rotateLeft(s1 * 5, 7) * 9;
            long t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = Long.rotateLeft(s3, 45);
            out[i] = (result >>> 40) * 0x1.0p-24f;
        }
        s[0] = s0;
        s[1] = s1;
        s[2] = s2;
        s[3] = s3;
    }

    /** Fills out with the values of {@code out.length} calls of {@link #nextGaussian()}, rounded to float, under one lock. */
    public synchronized void nextGaussians(float[] out) {
        for (int i = 0; i < out.length; i++) out[i] = (float) gaussian();
    }

    /** Uniform integer in [0, bound). */
    public long nextLong(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        long r, m = bound - 1;
        if ((bound & m) == 0) return nextLong() & m;
        long u = nextLong() >>> 1;
        while (u + m - (r = u % bound) < 0) u = nextLong() >>> 1;
        return r;
    }

    /** Standard normal by the Box-Muller transform. */
    public synchronized double nextGaussian() { return gaussian(); }

    private double gaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u1, u2;
        do u1 = (next() >>> 11) * 0x1.0p-53; while (u1 == 0);
        u2 = (next() >>> 11) * 0x1.0p-53;
        double r = Math.sqrt(-2 * Math.log(u1));
        spareGaussian = r * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * Math.cos(2 * Math.PI * u2);
    }

    /** The complete state: four words, a flag and the cached Gaussian. */
    public synchronized long[] state() {
        return new long[] {s[0], s[1], s[2], s[3], hasSpare ? 1 : 0, Double.doubleToRawLongBits(spareGaussian)};
    }

    public synchronized void setState(long[] state) {
        if (state.length != 6) throw new IllegalArgumentException("generator state must have 6 words, got " + state.length);
        System.arraycopy(state, 0, s, 0, 4);
        hasSpare = state[4] != 0;
        spareGaussian = Double.longBitsToDouble(state[5]);
    }
}
