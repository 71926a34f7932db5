/**
 * Adversarial examples: {@link org.nabla.adversarial.Attack} (FGSM and PGD in the L∞ or L2 ball, untargeted or
 * towards a target class) on a classifier that takes pixels ({@link org.nabla.explain.PixelModel}), and
 * {@link org.nabla.adversarial.AdversarialTraining}, a task that trains on PGD examples of each batch (Madry et
 * al. 2018).
 */
package org.nabla.adversarial;
