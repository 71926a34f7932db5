package org.nabla.models;

/** A {@link ModelFactory} of {@link org.nabla.sequence.LanguageModel}s: sample shape [T], outputs the vocabulary size. */
@FunctionalInterface
public interface LanguageModelFactory extends ModelFactory {
    @Override
    default boolean languageModel() { return true; }
}
