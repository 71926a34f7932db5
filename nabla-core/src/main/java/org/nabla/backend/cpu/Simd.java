package org.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float vector species every kernel uses, chosen once at start-up, and the register tiles that go with it.
 * <p>
 * By default it is the machine's preferred species: 256 bits (8 floats) on AVX2, 512 bits (16 floats) on AVX-512
 * (unless the JVM runs with {@code -XX:UseAVX=2}, which makes it 256). The system property {@code nabla.vector.bits}
 * (or the environment variable {@code NABLA_VECTOR_BITS}) overrides it: {@code 256}, {@code 512}, or
 * {@code alternate} (the other of the two), which is how the kernel tests run at both widths on any machine. A
 * species wider than the hardware's runs correctly but slowly (the Vector API falls back to Java code).
 * <p>
 * Register tiles are sized per width: AVX2 has 16 vector registers, AVX-512 has 32, and C2 spills a micro-kernel
 * whose accumulators and operands do not fit (see CONTRIBUTING.md). Kernels read the tile constants below, so the
 * choice of path is stated in one place and tested per width.
 */
public final class Simd {
    /** The species of every float kernel. */
    public static final VectorSpecies<Float> FLOAT = choose();
    /** Floats per vector: 8 at 256 bits, 16 at 512. */
    public static final int LANES = FLOAT.length();
    /** True at 512 bits, where the tiles may hold twice as many accumulators (32 registers). */
    public static final boolean WIDE = FLOAT.vectorBitSize() >= 512;

    private Simd() {}

    /** The vector width the kernels run at. */
    public static int bits() { return FLOAT.vectorBitSize(); }

    private static VectorSpecies<Float> choose() {
        String value = System.getProperty("nabla.vector.bits");
        if (value == null || value.isBlank()) value = System.getenv("NABLA_VECTOR_BITS");
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        if (value == null || value.isBlank()) return preferred;
        value = value.strip();
        int bits;
        if (value.equals("alternate")) {
            bits = preferred.vectorBitSize() >= 512 ? 256 : 512;
        } else {
            try {
                bits = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                bits = -1;
            }
        }
        if (bits != 256 && bits != 512) {
            System.err.println("nabla: ignoring nabla.vector.bits / NABLA_VECTOR_BITS=" + value + " (expected 256, 512 or alternate)");
            return preferred;
        }
        return VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
    }
}
