package org.nabla.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AugmentParseTest {

    @Test
    void buildsThePipelineInOrder() {
        Compose c = Augment.parse("flip, crop:4,rotate:15,translate:0.1:0.2,zoom:0.1,noise:0.05,brightness:0.2,"
                + "contrast:0.5:1.5,saturation:0.3,blur:3,blur:5:1.5,blur:5:0.5:2,vflip:0.3,erase,erase-random:0.25");
        assertThat(c.steps()).extracting(Object::toString).containsExactly(
                "HorizontalFlip(p=0.5)", "RandomCrop(padding=4)", "Rotate(degrees=[-15.0, 15.0])",
                "Translate(translate=(0.1, 0.2))", "Zoom(scale=(0.9, 1.1))", "GaussianNoise(std=0.05)",
                "Brightness(brightness=[0.8, 1.2])", "Contrast(contrast=[0.5, 1.5])",
                "Saturation(saturation=[0.7, 1.3])", "GaussianBlur(kernel_size=3, sigma=(0.1, 2.0))",
                "GaussianBlur(kernel_size=5, sigma=(1.5, 1.5))", "GaussianBlur(kernel_size=5, sigma=(0.5, 2.0))",
                "VerticalFlip(p=0.3)",
                "RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0.0)",
                "RandomErasing(p=0.25, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=random)");
    }

    @Test
    void emptyOrNoneIsTheIdentity() {
        assertThat(Augment.parse("").steps()).isEmpty();
        assertThat(Augment.parse(" none ").steps()).isEmpty();
    }

    @Test
    void unknownNamesListTheValidOnesOnOneLine() {
        assertThatThrownBy(() -> Augment.parse("flip,mixup:0.2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Augment.parse: unknown augmentation 'mixup' in 'flip,mixup:0.2'; valid: flip[:p], vflip[:p]")
                .hasMessageContaining("erase[:p]")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> Augment.parse("flip,,crop:4")).hasMessageStartingWith("Augment.parse: unknown augmentation ''");
    }

    @Test
    void badArgumentsNameTheStep() {
        assertThatThrownBy(() -> Augment.parse("rotate")).hasMessage(
                "Augment.parse: rotate takes 1 argument, got 0; syntax: rotate:degrees");
        assertThatThrownBy(() -> Augment.parse("crop:four")).hasMessage(
                "Augment.parse: crop: expected a number, got 'four'; syntax: crop:padding");
        assertThatThrownBy(() -> Augment.parse("crop:2.5")).hasMessage("Augment.parse: crop: expected an integer, got 2.5");
        assertThatThrownBy(() -> Augment.parse("blur:3:1:2:4")).hasMessageStartingWith("Augment.parse: blur takes 1 to 3 arguments, got 4");
        assertThatThrownBy(() -> Augment.parse("flip:0.5:1")).hasMessageStartingWith("Augment.parse: flip takes 0 to 1 argument, got 2");
        assertThatThrownBy(() -> Augment.parse("blur:4")).hasMessageStartingWith("GaussianBlur: kernel size must be");
    }
}
