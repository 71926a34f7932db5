/**
 * Decoding strategies over a {@link org.nabla.sequence.LanguageModel}: greedy, temperature sampling with top-k and
 * nucleus (top-p) filtering, and beam search with GNMT length normalisation ({@link
 * org.nabla.sequence.decode.Decoding}, configured by {@link org.nabla.sequence.decode.DecodeOptions}), seeded
 * through a {@link org.nabla.tensor.Generator}.
 */
package org.nabla.sequence.decode;
