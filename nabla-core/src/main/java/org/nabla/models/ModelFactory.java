package org.nabla.models;

import org.nabla.nn.Module;
import org.nabla.tensor.Generator;

/** Builds a model for the data: samples of {@code sampleShape} ([features] or [C, H, W]) and {@code outputs} outputs (classes, or values to regress). */
@FunctionalInterface
public interface ModelFactory {
    /** @throws IllegalArgumentException for a shape the model cannot take, naming the model and the shape */
    Module create(int[] sampleShape, int outputs, Generator gen);

    /**
     * Whether the model is a {@link org.nabla.sequence.LanguageModel} over token ids: samples [T] (the chunk or block
     * length), outputs the vocabulary size; the command line trains it on text. Register one as a
     * {@link LanguageModelFactory}.
     */
    default boolean languageModel() { return false; }
}
