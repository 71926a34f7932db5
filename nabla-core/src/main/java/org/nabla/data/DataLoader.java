package org.nabla.data;

import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.nabla.tensor.Generator;

/**
 * {@link Batch}es from a {@link Dataset}. Each call to {@link #iterator()} is one epoch: the
 * {@link Sampler} draws the epoch's indices (for a seeded shuffle, from a {@link Generator}, whose state
 * before the epoch is kept in {@link #epochState()} so a run can be resumed with the same batches), and
 * the dataset builds each batch ({@link Dataset#batch}). The last batch of an epoch is smaller when the batch
 * size does not divide the samples (PyTorch's {@code drop_last=False}), so a batch size larger than the dataset
 * gives one batch of everything. With {@code prefetch > 0} one producer
 * thread builds batches ahead into a bounded queue; an exception in the producer is rethrown by the
 * consumer's {@code next()}, and {@link Epoch#close()} stops the producer early (an epoch dropped without
 * being closed has its producer stopped once the epoch is garbage-collected).
 */
public final class DataLoader implements Iterable<Batch> {
    private final Dataset dataset;
    private final int batchSize;
    private final boolean dropLast;
    private final int prefetch;
    private final Sampler sampler;
    private final Generator generator;
    private long[] epochState;
    private int[] epochIndices;
    private int epoch;

    private DataLoader(Builder b) {
        dataset = b.dataset;
        batchSize = b.batchSize;
        dropLast = b.dropLast;
        prefetch = b.prefetch;
        generator = b.generator;
        sampler = b.sampler != null ? b.sampler : b.generator != null ? Sampler.shuffled(b.generator) : Sampler.sequential();
    }

    public static Builder builder(Dataset dataset) { return new Builder(dataset); }

    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 1, prefetch;
        private boolean dropLast;
        private Sampler sampler;
        private Generator generator;

        private Builder(Dataset dataset) { this.dataset = dataset; }

        public Builder batchSize(int b) {
            if (b < 1) throw new IllegalArgumentException("DataLoader: batch size must be positive, got " + b);
            batchSize = b;
            return this;
        }

        /** Shuffle every epoch with this generator (its state is recorded at each epoch's start). */
        public Builder shuffle(Generator g) { generator = g; return this; }

        /** Shuffle with a fresh generator seeded with {@code seed}. */
        public Builder shuffle(long seed) { return shuffle(new Generator(seed)); }

        /** Use a custom sampler (e.g. {@link Sampler#weighted}); pass its generator to {@link #shuffle} to have its state recorded. */
        public Builder sampler(Sampler s) { sampler = s; return this; }

        public Builder dropLast(boolean d) { dropLast = d; return this; }

        /** Number of batches the background producer may build ahead; 0 builds them on the caller's thread. */
        public Builder prefetch(int p) {
            if (p < 0) throw new IllegalArgumentException("DataLoader: prefetch must be >= 0, got " + p);
            prefetch = p;
            return this;
        }

        public DataLoader build() {
            return new DataLoader(this);
        }
    }

    public Dataset dataset() { return dataset; }
    public int batchSize() { return batchSize; }

    /** Batches per epoch for the dataset size (for a weighted sampler, its sample count). */
    public int numBatches() { return numBatches(epochIndices != null ? epochIndices.length : dataset.size()); }

    private int numBatches(int n) { return dropLast || n % batchSize == 0 ? n / batchSize : n / batchSize + 1; }

    /** The shuffling generator (null without one); restoring its state replays the same epochs. */
    public Generator generator() { return generator; }

    /** Epochs started so far. */
    public int epoch() { return epoch; }

    /** The generator's state just before the current epoch drew its indices (null without a generator). */
    public long[] epochState() { return epochState == null ? null : epochState.clone(); }

    /** The current epoch's sample order. */
    public int[] epochIndices() { return epochIndices == null ? null : epochIndices.clone(); }

    /** Starts the next epoch. */
    @Override
    public Epoch iterator() { return iterator(0); }

    /** Starts the next epoch, skipping its first {@code startBatch} batches (to resume mid-epoch). */
    public Epoch iterator(int startBatch) {
        if (generator != null) epochState = generator.state();
        epochIndices = sampler.epochIndices(dataset.size());
        epoch++;
        int n = numBatches(epochIndices.length);
        if (startBatch < 0 || startBatch > n) throw new IllegalArgumentException("DataLoader: start batch " + startBatch + " outside 0.." + n);
        return prefetch > 0 ? new Prefetching(epochIndices, startBatch, n) : new Direct(epochIndices, startBatch, n);
    }

    /** Batch {@code k} of an epoch's {@code indices}: positions [k * batchSize, min((k + 1) * batchSize, n)). */
    Batch batch(int[] indices, int k) {
        long from = (long) k * batchSize;
        return dataset.batch(Arrays.copyOfRange(indices, (int) from, (int) Math.min(from + batchSize, indices.length)));
    }

    /** One epoch's batches; close it to stop a prefetching producer before the end. */
    public abstract static sealed class Epoch implements Iterator<Batch>, AutoCloseable permits Direct, Prefetching {
        @Override public void close() {}
    }

    private final class Direct extends Epoch {
        private final int[] indices;
        private final int total;
        private int next;

        Direct(int[] indices, int start, int total) { this.indices = indices; this.next = start; this.total = total; }

        @Override public boolean hasNext() { return next < total; }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException();
            return batch(indices, next++);
        }
    }

    private static final Object END = new Object();
    private record Failure(Throwable error) {}

    /** Interrupts the producer of an epoch that was dropped without being closed or finished. */
    private static final Cleaner CLEANER = Cleaner.create();

    private final class Prefetching extends Epoch {
        private final BlockingQueue<Object> queue;
        private final Thread producer;
        private final Cleaner.Cleanable cleanable;
        private Object head;
        private boolean done;

        Prefetching(int[] indices, int start, int total) {
            // The producer must not reference this Epoch, so that an abandoned epoch can be collected and its producer stopped.
            BlockingQueue<Object> q = new ArrayBlockingQueue<>(prefetch);
            queue = q;
            DataLoader loader = DataLoader.this;
            producer = Thread.ofPlatform().daemon().name("nabla-dataloader").start(() -> {
                try {
                    for (int k = start; k < total; k++) q.put(loader.batch(indices, k));
                    q.put(END);
                } catch (InterruptedException e) {
                    // closed by the consumer
                } catch (Throwable t) {
                    try {
                        q.put(new Failure(t));
                    } catch (InterruptedException ignored) {
                        // closed by the consumer
                    }
                }
            });
            cleanable = CLEANER.register(this, producer::interrupt);
        }

        @Override
        public boolean hasNext() {
            if (done) return false;
            if (head == null) {
                try {
                    head = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new IllegalStateException("DataLoader: interrupted while waiting for a batch", e);
                }
            }
            if (head == END) {
                done = true;
                return false;
            }
            if (head instanceof Failure f) {
                done = true;
                head = null;
                if (f.error() instanceof RuntimeException r) throw r;
                if (f.error() instanceof Error e) throw e;
                throw new IllegalStateException("DataLoader producer failed: " + f.error().getMessage(), f.error());
            }
            return true;
        }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException();
            Batch b = (Batch) head;
            head = null;
            return b;
        }

        /** Stops the producer and waits for it to exit. */
        @Override
        public void close() {
            done = true;
            cleanable.clean();
            queue.clear();
            try {
                producer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
