/**
 * Ensembles of classifiers: {@link org.nabla.ensemble.Ensemble} combines trained members by soft or hard
 * {@link org.nabla.ensemble.Voting} and is a {@link org.nabla.nn.Module} like any model;
 * {@link org.nabla.ensemble.EnsembleEvaluation} measures each member and the ensemble in one pass over a dataset.
 */
package org.nabla.ensemble;
