package org.nabla.train.doctor;

/** What the training doctor can find, each with the course's name for it. */
public enum Symptom {
    VANISHING_GRADIENTS("vanishing gradients"),
    EXPLODING_GRADIENTS("exploding gradients"),
    SATURATED_UNITS("saturated units"),
    DEAD_RELUS("dead ReLUs"),
    DIVERGENCE("divergence"),
    LOSS_PLATEAU("loss plateau"),
    LR_TOO_LOW("learning rate too low"),
    LR_TOO_HIGH("learning rate too high"),
    OVERFITTING("over-fitting"),
    UNDERFITTING("under-fitting"),
    CLASS_IMBALANCE("class imbalance");

    private final String title;

    Symptom(String title) { this.title = title; }

    /** The symptom in words ("dead ReLUs"). */
    public String title() { return title; }

    /** The JSON name ("dead_relus"). */
    public String key() { return name().toLowerCase(java.util.Locale.ROOT); }
}
