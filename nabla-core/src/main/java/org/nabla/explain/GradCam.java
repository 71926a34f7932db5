package org.nabla.explain;

import org.nabla.autograd.GradMode;
import org.nabla.nn.Module;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * Grad-CAM (Selvaraju et al. 2017) for a layer whose output is a feature map A [1, K, h, w]: the channel weights
 * α_k are the spatial means of d logit[target] / d A_k, the map is relu(Σ_k α_k A_k) [h, w], and {@code upsampled}
 * is that map resized bilinearly (align_corners false) to the input's H x W.
 */
public final class GradCam {
    private GradCam() {}

    public record Map(Tensor map, Tensor upsampled) {}

    public static Map of(Module model, Module layer, Tensor x, int target) {
        Saliency.checkOne(x);
        Tensor in = x.detach().copy().requiresGrad(true); // so that the activation records its graph
        Tensor a = InputGradient.withoutParameterGradients(model, () -> {
            LayerActivations.Pass pass = LayerActivations.run(model, layer, in);
            Tensor act = pass.activation();
            if (act.dim() != 4) throw new IllegalArgumentException("Grad-CAM needs a layer with a feature map [1, C, H, W]; " + layer.name()
                    + " outputs " + java.util.Arrays.toString(act.shape()));
            act.retainGrad();
            Saliency.checkTarget(pass.output(), target);
            pass.output().select(1, target).sum().backward();
            return act;
        });
        try (var g = GradMode.noGrad()) {
            Tensor weights = a.grad().mean(new int[] {2, 3}, true); // [1, K, 1, 1]
            Tensor cam = a.detach().mul(weights).sum(new int[] {1}, true).relu(); // [1, 1, h, w]
            Tensor up = F.interpolate(cam, new int[] {x.size(2), x.size(3)}, "bilinear", false);
            return new Map(cam.reshape(cam.size(2), cam.size(3)), up.reshape(x.size(2), x.size(3)));
        }
    }
}
