package org.nabla.models.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.data.HumanDates;
import org.nabla.sequence.decode.DecodeOptions;

/** A small date translator learns in two short epochs; its evaluation, translation and alignment agree. */
class DateTranslatorTest {
    @Test
    void learnsToWriteIsoDatesAndItsMeasuresAgree() {
        HumanDates dates = HumanDates.generate(HumanDates.Options.defaults().withSeed(3).withSizes(3000, 200));
        DateTranslator.Recipe recipe = DateTranslator.Recipe.defaults().withSizes(16, 32).withBatch(32, 5e-3).withEpochs(2).withSeed(1);
        DateTranslator t = DateTranslator.create(dates, recipe);
        double before = t.exactMatch(dates.test());
        List<Map<String, Double>> logs = t.train(recipe);
        assertThat(logs).hasSize(2);
        double after = logs.get(1).get("val_exact_match");
        assertThat(logs.get(1).get("val_loss")).isLessThan(logs.get(0).get("val_loss"));
        assertThat(before).isLessThan(0.05);
        assertThat(after).as("greedy exact match after two short epochs").isGreaterThan(0.5);
        assertThat(t.exactMatch(dates.test())).as("the trainer's metric is the translator's").isCloseTo(after, within(1e-12));

        List<String> greedy = t.translations(dates.test());
        for (int i = 0; i < 20; i++) {
            String human = dates.test().get(i).human();
            assertThat(t.translate(human)).isEqualTo(greedy.get(i));
            assertThat(t.translate(human, DecodeOptions.beam(1))).isEqualTo(greedy.get(i));
        }
        DateTranslator.Alignment a = t.alignment("3 May 1999");
        assertThat(a.output()).isEqualTo(t.translate("3 May 1999"));
        assertThat(a.weights()).hasNumberOfRows(a.output().length());
        for (double[] row : a.weights()) {
            assertThat(row).hasSize("3 May 1999".length());
            assertThat(java.util.Arrays.stream(row).sum()).isCloseTo(1, within(1e-5));
        }
    }

    @Test
    void recipesRefuseBadNumbers() {
        assertThatThrownBy(() -> DateTranslator.Recipe.defaults().withEpochs(0)).hasMessage("epochs must be ≥ 1, got 0");
        assertThatThrownBy(() -> DateTranslator.Recipe.defaults().withBatch(0, 1e-3)).hasMessage("batch size must be ≥ 1, got 0");
        assertThatThrownBy(() -> DateTranslator.Recipe.defaults().withBatch(8, 0)).hasMessage("learning rate must be > 0, got 0.0");
    }
}
