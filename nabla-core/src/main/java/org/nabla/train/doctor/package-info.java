/**
 * The training doctor: {@link org.nabla.train.doctor.TrainingDoctor}, a callback that watches a run through the
 * gradient chain ({@link org.nabla.train.doctor.GradientProbe}) and forward hooks
 * ({@link org.nabla.train.doctor.ActivationProbe}) on sampled steps, and the step losses and epoch logs always, then
 * names what goes wrong as {@link org.nabla.train.doctor.Finding}s (one per {@link org.nabla.train.doctor.Symptom},
 * collected in a {@link org.nabla.train.doctor.Diagnosis}) by the rules of {@code LayerRules} and {@code CurveRules}.
 */
package org.nabla.train.doctor;
