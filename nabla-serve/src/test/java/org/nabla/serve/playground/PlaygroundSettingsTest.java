package org.nabla.serve.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaygroundSettingsTest {
    @Test
    void theDefaultsAreTheOriginalPlaygrounds() {
        PlaygroundSettings d = PlaygroundSettings.parse(Map.of());
        assertThat(d.dataset()).isEqualTo("circle");
        assertThat(d.layers()).containsExactly(4, 2);
        assertThat(d.features()).containsExactly("x1", "x2");
        assertThat(d.activation()).isEqualTo("tanh");
        assertThat(d.learningRate()).isEqualTo(0.03);
        assertThat(d.batch()).isEqualTo(10);
        assertThat(d.ratio()).isEqualTo(50);
        assertThat(d.regression()).isFalse();
    }

    @Test
    void parsesEverySettingAndOrdersTheFeatures() {
        PlaygroundSettings s = PlaygroundSettings.parse(org.nabla.serve.http.Request.form(
                "dataset=plane&layers=&features=x1x2,x1&activation=ReLU&reg=l2&regRate=0.003&lr=0.1&batch=30&noise=50&ratio=90&seed=7"));
        assertThat(s.regression()).isTrue();
        assertThat(s.layers()).isEmpty();
        assertThat(s.features()).containsExactly("x1", "x1x2");
        assertThat(s.activation()).isEqualTo("relu");
        assertThat(s.toJson()).containsEntry("features", "x1,x1x2").containsEntry("layers", "").containsEntry("seed", 7L);
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> PlaygroundSettings.parse(Map.of("layers", "1,2,3,4,5,6,7"))).hasMessageStartingWith("layers: at most 6");
        assertThatThrownBy(() -> PlaygroundSettings.parse(Map.of("layers", "9"))).hasMessageStartingWith("layers: expected a whole number from 1 to 8");
        assertThatThrownBy(() -> PlaygroundSettings.parse(Map.of("layers", "0"))).hasMessageStartingWith("layers:");
        assertThatThrownBy(() -> PlaygroundSettings.parse(Map.of("features", ""))).hasMessageStartingWith("features: '' is not one of");
        assertThatThrownBy(() -> PlaygroundSettings.parse(Map.of("dataset", "moons"))).hasMessageStartingWith("dataset: 'moons'");
        assertThatThrownBy(() -> PlaygroundSettings.parse(Map.of("lr", "NaN"))).hasMessageStartingWith("lr: expected a number");
        assertThatThrownBy(() -> PlaygroundSettings.parse(Map.of("lr", "1e9"))).hasMessageStartingWith("lr:");
        assertThatThrownBy(() -> PlaygroundSettings.parse(Map.of("batch", "0"))).hasMessageStartingWith("batch:");
        assertThatThrownBy(() -> PlaygroundSettings.parse(Map.of("noise", "51"))).hasMessageStartingWith("noise:");
        assertThatThrownBy(() -> PlaygroundSettings.parse(Map.of("threads", "64"))).hasMessage("unknown setting 'threads'");
    }
}
