/**
 * Object detection's building blocks, with torchvision.ops' semantics: boxes as [N, 4] tensors of (x1, y1, x2, y2)
 * corners ({@link Boxes}: area, IoU, generalized IoU, NMS), {@link RoiOps} (ROI pooling and ROI align),
 * {@link BoxCoder} (box regression targets against anchors), {@link AnchorGenerator} (anchors over feature-map grids),
 * {@link FocalLoss} and {@link MeanAveragePrecision} (mAP@0.5 and COCO's mAP@[.5:.95]). The detectors built from them
 * live in {@code org.nabla.models.detection}.
 */
package org.nabla.detection;
