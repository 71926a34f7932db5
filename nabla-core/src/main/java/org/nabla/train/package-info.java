/**
 * Training: the {@link org.nabla.train.Trainer} loop (fit, evaluate, predict, checkpoint and exact resume) around a
 * {@link org.nabla.train.Task} (what one step does; built-in tasks in {@code train.task}), the gradient chain run
 * between backward and each optimizer step ({@code train.gradient}), and the {@link org.nabla.train.Callback}s:
 * {@link org.nabla.train.EarlyStopping}, {@link org.nabla.train.ModelCheckpoint}, {@link org.nabla.train.MetricLog}
 * and {@link org.nabla.train.Progress}.
 *
 * <pre>{@code
 * Trainer t = Trainer.builder(model, new SGD(model.parameters(), 0.05))       // a classifier
 *         .train(DataLoader.builder(train).batchSize(64).shuffle(seed).prefetch(2).build())
 *         .validation(DataLoader.builder(val).batchSize(256).build())
 *         .gradientTransform(new ClipGradNorm(1.0))
 *         .callback(new EarlyStopping("val_loss", 3))
 *         .callback(new ModelCheckpoint(out, "val_accuracy", Monitor.MAX))
 *         .callback(new MetricLog(out.resolve("metrics.csv"), out.resolve("metrics.jsonl")))
 *         .callback(Progress.auto(System.out))
 *         .build();
 * t.fit(10);
 * Trainer.builder(new RegressionTask(model, optimizer)).train(loader).build().fit(10);   // train_mae, train_r2 ...
 * }</pre>
 */
package org.nabla.train;
