/**
 * Training loops for classification models: {@link org.nabla.train.Trainer} (fit, evaluate, predict, checkpoint
 * and exact resume) and its {@link org.nabla.train.Callback}s: {@link org.nabla.train.EarlyStopping},
 * {@link org.nabla.train.ModelCheckpoint}, {@link org.nabla.train.MetricLog} and {@link org.nabla.train.Progress}.
 *
 * <pre>{@code
 * Trainer t = Trainer.builder(model, new SGD(model.parameters(), 0.05))
 *         .train(DataLoader.builder(train).batchSize(64).shuffle(seed).prefetch(2).build())
 *         .validation(DataLoader.builder(val).batchSize(256).build())
 *         .callback(new EarlyStopping("val_loss", 3))
 *         .callback(new ModelCheckpoint(out, "val_accuracy", Monitor.MAX))
 *         .callback(new MetricLog(out.resolve("metrics.csv"), out.resolve("metrics.jsonl")))
 *         .callback(Progress.auto(System.out))
 *         .build();
 * t.fit(10);
 * }</pre>
 */
package org.nabla.train;
