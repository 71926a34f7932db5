/**
 * Seeded, composable image augmentation applied on the fly to training batches.
 *
 * <p>Images are float tensors {@code [C, H, W]} or batches {@code [N, C, H, W]}, channels first, values in [0, 1].
 * Every {@link org.nabla.data.augment.Augmentation} transforms one image in place on a primitive array and draws
 * its random parameters from a {@link org.nabla.tensor.Generator}, image by image in batch order, so a seeded run
 * is reproducible. Parameters and formulas follow torchvision: {@code HorizontalFlip}/{@code VerticalFlip}
 * (RandomHorizontalFlip/RandomVerticalFlip), {@code Translate} (RandomAffine translate), {@code RandomCrop}
 * (RandomCrop with padding), {@code Rotate} (RandomRotation, bilinear), {@code Zoom} (RandomAffine scale),
 * {@code GaussianNoise} (v2.GaussianNoise, clipped), {@code Brightness}/{@code Contrast}/{@code Saturation}
 * (ColorJitter, clamped), {@code GaussianBlur}, {@code RandomErasing}; {@code Compose} and {@code RandomApply}
 * combine them and {@link org.nabla.data.augment.Augment#parse} builds a pipeline from a spec such as
 * {@code "flip,crop:4,rotate:15"}.
 */
package org.nabla.data.augment;
