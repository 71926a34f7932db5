package org.nabla.train.task;

import org.nabla.metrics.Accuracy;
import org.nabla.nn.Module;
import org.nabla.nn.loss.CrossEntropyLoss;
import org.nabla.nn.loss.Loss;
import org.nabla.optim.Optimizer;

/** A classifier: logits [N, C] against class labels [N], cross-entropy unless told otherwise; metric: accuracy. */
public final class ClassificationTask extends SupervisedTask {
    /** Cross-entropy when {@code loss} is null. */
    public ClassificationTask(Module model, Optimizer optimizer, Loss loss) {
        super(model, optimizer, loss != null ? loss : new CrossEntropyLoss());
        metric(Accuracy::new);
    }

    public ClassificationTask(Module model, Optimizer optimizer) { this(model, optimizer, null); }
}
