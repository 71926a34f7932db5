/**
 * Sequence models' common seam: {@link org.nabla.sequence.LanguageModel} (logits for a chunk of tokens given the
 * state the previous chunk left) and {@link org.nabla.sequence.SequenceState} (detach for truncated BPTT, select
 * rows for beam search). Recurrent layers live in {@code nn.recurrent}, attention and transformers in
 * {@code nn.attention}, decoding strategies in {@code sequence.decode}.
 */
package org.nabla.sequence;
