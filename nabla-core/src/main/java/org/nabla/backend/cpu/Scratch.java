package org.nabla.backend.cpu;

/**
 * Per-thread scratch arrays that kernels reuse from call to call (packed GEMM panels, im2col matrices), so a
 * training step does not allocate them again. Each slot is one buffer; a kernel must not hand its slot's array
 * to code that takes the same slot. Contents are not cleared between uses.
 */
final class Scratch {
    enum Slot { GEMM_A, GEMM_B, GEMM_TILE, GEMM_SHARED, CONV_COLS, CONV_ROWS, CONV_IMAGE, CONV_ACC, POOL, RECURRENT_WEIGHT }

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[Slot.values().length][]);

    private Scratch() {}

    /** A float array of at least size elements, owned by this thread and slot. */
    static float[] floats(Slot slot, int size) {
        float[][] all = BUFFERS.get();
        float[] b = all[slot.ordinal()];
        if (b == null || b.length < size) {
            b = new float[Math.max(size, b == null ? 0 : b.length + b.length / 2)];
            all[slot.ordinal()] = b;
        }
        return b;
    }
}
