/**
 * Detection data: {@link BoxDataset} (images with a variable number of labelled boxes, padded to one target tensor),
 * {@link BoxFolder} (a user's images with JSON or YOLO boxes), {@link MnistDetect} (the seeded digit canvases' boxes)
 * (flips, crops and scaling that move the boxes with the image: {@code data.augment.GeometricAugment}).
 */
package org.nabla.data.detection;
