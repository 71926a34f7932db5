/**
 * The built-in {@link org.nabla.train.Task}s: {@link org.nabla.train.task.ClassificationTask},
 * {@link org.nabla.train.task.RegressionTask} and {@link org.nabla.train.task.SequenceTask}, all
 * {@link org.nabla.train.task.SupervisedTask}s (one model, one optimizer, one loss, pluggable metrics).
 *
 * <pre>{@code
 * Task t = new RegressionTask(model, new Adam(model.parameters()), new HuberLoss()).metric(MyMetric::new);
 * Trainer.builder(t).train(loader).validation(val).build().fit(10);   // logs train_mae, val_r2 ...
 * }</pre>
 */
package org.nabla.train.task;
