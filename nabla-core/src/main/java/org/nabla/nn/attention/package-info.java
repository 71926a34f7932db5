/**
 * Attention and transformers, with PyTorch's semantics and state-dict keys: {@link org.nabla.nn.attention.MultiheadAttention},
 * {@link org.nabla.nn.attention.TransformerEncoderLayer} / {@link org.nabla.nn.attention.TransformerDecoderLayer} (pre- and
 * post-norm) and their stacks, sinusoidal and learned positional encodings, and the encoder-decoder attentions of
 * seq2seq models ({@link org.nabla.nn.attention.AdditiveAttention}, {@link org.nabla.nn.attention.MultiplicativeAttention}).
 * The math is in {@code nn.functional.F} ({@code scaledDotProductAttention}, {@code multiHeadAttention}).
 *
 * <p>Masks follow PyTorch's modules: an integer key padding mask or attention mask is non-zero where attending is
 * NOT allowed (padding, future positions); a floating one is added to the scores (0 keeps, -inf removes).
 * {@link org.nabla.nn.attention.Masks} builds both kinds.
 */
package org.nabla.nn.attention;
