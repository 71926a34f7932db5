package org.nabla.cli.lab;

/**
 * One of the course's experiments, re-run on real data: it states the course's claim, runs seeded trainings (smaller
 * in a {@link LabRun#smoke()} run) and returns a {@link LabReport} with the numbers, its charts and whether they
 * confirm the claim.
 */
public interface Lab {
    /** The course's claim this lab tests, in one or two sentences. */
    String claim();

    /** Runs the experiment, writing its charts under {@code run.out()}. */
    LabReport run(LabRun run);
}
