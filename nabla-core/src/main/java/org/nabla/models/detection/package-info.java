/**
 * Object detectors: {@link Detector} (a module whose raw output [B, P, ...] has a loss against padded box targets
 * and decodes into {@link Detections}), {@link SingleShotDetector} (SSD/RetinaNet style: anchors at two scales
 * on two feature maps, class and box heads, focal loss or hard-negative mining) and {@link GridDetector} (YOLO
 * style: one box per grid cell), both on the small {@link DetectorBackbone}.
 */
package org.nabla.models.detection;
