/**
 * t-SNE (van der Maaten and Hinton 2008) of feature vectors into the plane: {@link org.nabla.explain.tsne.TSne}
 * with the exact gradient for small sets and the Barnes–Hut approximation (van der Maaten 2014,
 * {@link org.nabla.explain.tsne.QuadTree}) for large ones, and the {@link org.nabla.explain.tsne.Trustworthiness}
 * score of an embedding. Plain double arrays and the JDK's fork/join pool, no tensors: the work is O(n²) or
 * O(n log n) pair terms, not linear algebra.
 */
package org.nabla.explain.tsne;
