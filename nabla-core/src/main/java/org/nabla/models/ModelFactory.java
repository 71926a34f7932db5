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

    /**
     * Whether the model is a {@link org.nabla.models.text.Seq2Seq} translating a source sequence [S] into
     * {@code outputs} target tokens (two inputs: the source and the decoder's input); the command line trains it on
     * pairs of sequences.
     */
    default boolean seq2seq() { return false; }

    /**
     * Whether the model is a {@link org.nabla.models.detection.Detector} (images in, boxes with classes and scores
     * out, {@code outputs} classes); the command line trains it on a box dataset.
     */
    default boolean detector() { return false; }

    /** The sample shape {@code nabla summary} shows the model on when none is given; null: the command's default. */
    default int[] defaultSampleShape() { return null; }

    /** The outputs {@code nabla summary} gives the model when none are given; 0: the command's default (10). */
    default int defaultOutputs() { return 0; }
}
