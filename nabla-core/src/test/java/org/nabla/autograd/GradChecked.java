package org.nabla.autograd;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares which recorded ops (the names given to {@link Node#record}) a test method gradient-checks, and on
 * which kinds of input. {@link GradCoverage} verifies the claim after the method ran, and
 * {@code GradCheckCoverageTest} requires every op in the main sources to be claimed somewhere.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface GradChecked {
    String[] value();

    Inputs[] on() default Inputs.PLAIN;

    enum Inputs {
        /** Every input given to GradCheck was contiguous. */
        PLAIN,
        /** The op's node had an input whose shape differs from its output (its gradient was summed back). */
        BROADCAST,
        /** Some input given to GradCheck was a strided, non-contiguous view. */
        NON_CONTIGUOUS,
        /** The checked function returns a gradient computed with createGraph=true: the op's backward is differentiated. */
        SECOND_ORDER
    }
}
