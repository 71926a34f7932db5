package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.models.Models;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** Loading a pretrained body under a new head: keys of another shape are skipped and reported, the rest copied. */
class StateDictLoadTest {
    @Test
    void skipsTheHeadOfAnotherShapeAndCopiesTheBody() {
        Sequential pretrained = Models.lenet5(1, 2, 5, new Generator(1));
        Sequential fresh = Models.lenet5(1, 2, 3, new Generator(2));
        Tensor freshHead = fresh.stateDict().get("11.weight").copy(), freshHeadBias = fresh.stateDict().get("11.bias").copy();

        StateDictLoad load = fresh.loadStateDict(pretrained.stateDict(), true, true);

        assertThat(load.mismatched()).containsExactly("11.weight", "11.bias");
        assertThat(load.fresh()).containsExactly("11.weight", "11.bias");
        assertThat(load.missing()).isEmpty();
        assertThat(load.unexpected()).isEmpty();
        assertThat(load.loaded()).hasSize(8).contains("0.weight", "9.bias");
        Map<String, Tensor> own = fresh.stateDict(), source = pretrained.stateDict();
        for (String k : load.loaded()) assertThat(own.get(k).toFloatArray()).as(k).containsExactly(source.get(k).toFloatArray());
        assertThat(own.get("11.weight").toFloatArray()).containsExactly(freshHead.toFloatArray());
        assertThat(own.get("11.bias").toFloatArray()).containsExactly(freshHeadBias.toFloatArray());
    }

    @Test
    void withoutSkippingAShapeMismatchIsRefusedBeforeAnythingIsCopied() {
        Sequential pretrained = Models.lenet5(1, 2, 5, new Generator(1));
        Sequential fresh = Models.lenet5(1, 2, 3, new Generator(2));
        float[] before = fresh.stateDict().get("0.weight").toFloatArray();
        assertThatThrownBy(() -> fresh.loadStateDict(pretrained.stateDict(), true, false))
                .hasMessage("loadStateDict into Sequential: '11.weight' has shape [5, 84] but the module expects [3, 84]");
        assertThat(fresh.stateDict().get("0.weight").toFloatArray()).containsExactly(before);
    }

    @Test
    void reportsMissingAndUnexpectedKeysWhenNotStrict() {
        Sequential small = new Sequential(new Linear(4, 3, true, new Generator(1)));
        Sequential big = new Sequential(new Linear(4, 3, true, new Generator(2)), new Linear(3, 2, true, new Generator(3)));
        StateDictLoad intoBig = big.loadStateDict(small.stateDict(), false, true);
        assertThat(intoBig.loaded()).containsExactly("0.weight", "0.bias");
        assertThat(intoBig.missing()).containsExactly("1.weight", "1.bias");
        assertThat(intoBig.fresh()).containsExactly("1.weight", "1.bias");
        assertThat(small.loadStateDict(big.stateDict(), false, true).unexpected()).containsExactly("1.weight", "1.bias");
        assertThatThrownBy(() -> small.loadStateDict(big.stateDict(), true, true))
                .hasMessage("loadStateDict into Sequential: missing keys [], unexpected keys [1.weight, 1.bias]");
    }
}
