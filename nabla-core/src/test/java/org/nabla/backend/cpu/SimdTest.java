package org.nabla.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The vector width the kernels run at, and the tiles chosen for it. */
class SimdTest {
    @Test
    void theWidthIsThePreferredOneUnlessAskedOtherwise() {
        String asked = System.getProperty("nabla.vector.bits", System.getenv().getOrDefault("NABLA_VECTOR_BITS", ""));
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        int want = switch (asked.strip()) {
            case "256" -> 256;
            case "512" -> 512;
            case "alternate" -> preferred >= 512 ? 256 : 512;
            default -> preferred;
        };
        System.out.println("kernels run at " + Simd.bits() + "-bit vectors (preferred " + preferred + ", asked \"" + asked + "\")");
        assertThat(Simd.bits()).isEqualTo(want);
        assertThat(Simd.LANES).isEqualTo(want / 32);
        assertThat(Simd.WIDE).isEqualTo(want == 512);
    }

    @Test
    void gemmTilesFitTheRegisterFile() {
        // 256 bits: 16 registers hold 4 x 2 accumulators; 512 bits: 32 registers hold 8 x 2.
        assertThat(Sgemm.MR).isEqualTo(Simd.WIDE ? 8 : 4);
        assertThat(Sgemm.NR).isEqualTo(2 * Simd.LANES);
        assertThat(Sgemm.tileCols(Simd.LANES)).isEqualTo(Simd.LANES);           // one vector wide: the narrow tile
        assertThat(Sgemm.tileRows(Simd.LANES)).isEqualTo(Simd.WIDE ? 16 : 8);
        assertThat(Sgemm.tileCols(Simd.LANES + 1)).isEqualTo(2 * Simd.LANES);
        assertThat(Sgemm.tileRows(Simd.LANES + 1)).isEqualTo(Sgemm.MR);
    }

    @Test
    void channelBlocksAreSixteenChannelsAtEveryWidth() {
        assertThat(ChannelBlockConv.NR).isEqualTo(16);
        assertThat(ChannelBlockConv.MR).isEqualTo(Simd.WIDE ? 8 : 4);
        assertThat(ChannelBlockConv.NR % Simd.LANES).isZero();
    }

    @Test
    void directWeightGradientTilesFitTheRegisterFile() {
        // 256 bits: 2 x 4 accumulators (+ 3 operands) in 16 registers; 512 bits: 4 x 4 (+ 5) in 32.
        assertThat(DirectConv.WO).isEqualTo(Simd.WIDE ? 4 : 2);
        assertThat(DirectConv.WP).isEqualTo(4);
    }

    @Test
    void directForwardBlocksAreEightRowsAt512Bits() {
        // 256 bits: 4 rows x 2 vectors (8 accumulators); 512 bits: 8 rows x 2 vectors for row counts in 8s.
        assertThat(DirectConv.rowsPerBlock(16)).isEqualTo(Simd.WIDE ? 8 : 4);
        assertThat(DirectConv.rowsPerBlock(12)).isEqualTo(4);
        assertThat(DirectConv.rowsPerBlock(6)).isEqualTo(2);
        // The input gradient's blocks of patch entries: 4 at 256 bits, 8 at 512.
        assertThat(DirectConv.EB).isEqualTo(Simd.WIDE ? 8 : 4);
    }
}
