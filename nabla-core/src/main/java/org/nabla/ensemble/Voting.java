package org.nabla.ensemble;

/** How an {@link Ensemble} combines its members' class scores. */
public enum Voting {
    /** The mean of the members' softmax probabilities (soft voting); the ensemble predicts its argmax. */
    SOFT,
    /**
     * A majority vote of the members' predicted classes (hard voting). A tie in the vote goes to the class with the
     * higher mean probability (soft voting's score), and a tie there to the lowest class index.
     */
    HARD
}
