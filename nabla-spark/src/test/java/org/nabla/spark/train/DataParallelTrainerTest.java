package org.nabla.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nabla.data.ArrayDataset;
import org.nabla.data.DataLoader;
import org.nabla.data.Sampler;
import org.nabla.io.Checkpoint;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.ReLU;
import org.nabla.optim.SGD;
import org.nabla.spark.Sessions;
import org.nabla.spark.allreduce.AllReduceKind;
import org.nabla.spark.data.SampleBlock;
import org.nabla.tensor.Generator;
import org.nabla.tensor.RunContext;
import org.nabla.tensor.Tensor;
import org.nabla.train.Callback;
import org.nabla.train.TrainContext;
import org.nabla.train.Trainer;
import org.nabla.train.gradient.LocalAllReduce;

/**
 * Data-parallel training in local[2]: 2 workers x batch B/2 equal 1 worker x batch B (weights after 100 steps,
 * across an epoch boundary, to 1e-6), the replicas are bit-identical after every step, the ring all-reduce gives
 * the allGather one's bits, and a task failing mid-epoch ends with the run's weights all the same. One local
 * SparkContext for the class.
 */
class DataParallelTrainerTest {
    static final int FEATURES = 12, CLASSES = 4, BATCH = 16, WORKERS = 2, STEPS_PER_EPOCH = 50, EPOCHS = 2;
    static final long SEED = 3;
    static SparkSession spark;
    static JavaRDD<SampleBlock> blocks;
    static SampleBlock[] shards = new SampleBlock[WORKERS];

    @BeforeAll
    static void start() {
        spark = Sessions.start("local[2]", "DataParallelTrainerTest");
        Generator g = new Generator(11);
        int n = STEPS_PER_EPOCH * BATCH / WORKERS + 5; // 5 spare samples: the steps per epoch come from the local batch
        for (int r = 0; r < WORKERS; r++) {
            float[] x = Tensor.randn(g, n, FEATURES).toFloatArray();
            long[] y = new long[n];
            for (int i = 0; i < n; i++) y[i] = (x[i * FEATURES] > 0 ? 1 : 0) + (x[i * FEATURES + 1] > 0 ? 2 : 0);
            shards[r] = new SampleBlock(x, y, new int[] {FEATURES});
        }
        blocks = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(shards), WORKERS);
    }

    @AfterAll
    static void stop() { spark.stop(); }

    /** The model and optimizer every run builds (seeded). */
    static Trainer.Builder builder(DataLoader loader) {
        Generator g = new Generator(SEED);
        Module model = new Sequential(new Linear(FEATURES, 32, true, g), new ReLU(), new Linear(32, CLASSES, true, g));
        return Trainer.builder(model, new SGD(model.parameters(), SGD.Options.defaults().withLr(0.05).withMomentum(0.9))).train(loader);
    }

    static DataParallelTrainer.Settings settings(AllReduceKind kind, int epochs) {
        return new DataParallelTrainer.Settings(WORKERS, BATCH, epochs, SEED, kind, 1, 3);
    }

    static Checkpoint ringRun;
    static List<String> ringDigests;

    /** The 2-worker ring run (2 epochs of 50 steps), every replica's digest recorded after each step; run once for the class. */
    static synchronized Checkpoint ringRun() {
        if (ringRun == null) {
            CollectionAccumulator<String> digests = spark.sparkContext().collectionAccumulator("digests");
            ReplicaRecipe recipe = (replica, loader, allReduce, steps) -> builder(loader).allReduce(allReduce)
                    .callback(new RecordDigests(replica, digests)).build();
            DataParallelTrainer.Result r = DataParallelTrainer.fit(blocks, null, recipe, settings(AllReduceKind.RING, EPOCHS), null, null, null);
            assertThat(r.stepsPerEpoch()).isEqualTo(STEPS_PER_EPOCH);
            ringRun = r.checkpoint();
            ringDigests = List.copyOf(digests.value());
        }
        return ringRun;
    }

    /**
     * One process, batch B: step k's batch is the B/2 samples each worker takes at step k (the same permutation of
     * each shard, from the same generator), rank 0's first.
     */
    static Map<String, Tensor> singleProcess() throws Exception {
        int n = shards[0].size(), local = BATCH / WORKERS;
        float[] x = new float[WORKERS * n * FEATURES];
        long[] y = new long[WORKERS * n];
        for (int r = 0; r < WORKERS; r++) {
            SampleBlock s = shards[r].first(n);
            System.arraycopy(s.features(), 0, x, r * n * FEATURES, n * FEATURES);
            System.arraycopy(s.labels(), 0, y, r * n, n);
        }
        Generator shuffle = new Generator(SEED + 1);
        Sampler interleaved = size -> {
            int[] perm = Sampler.permutation(n, shuffle), out = new int[STEPS_PER_EPOCH * BATCH];
            int at = 0;
            for (int k = 0; k < STEPS_PER_EPOCH; k++)
                for (int r = 0; r < WORKERS; r++)
                    for (int i = 0; i < local; i++) out[at++] = r * n + perm[k * local + i];
            return out;
        };
        DataLoader loader = DataLoader.builder(ArrayDataset.ofFloats("all", x, y, FEATURES)).batchSize(BATCH).dropLast(true).sampler(interleaved).shuffle(shuffle).build();
        try (RunContext run = RunContext.of(1, new Generator(SEED ^ 0x5DEECE66DL))) {
            return run.call(() -> {
                Trainer t = builder(loader).allReduce(new LocalAllReduce()).build();
                t.fit(EPOCHS);
                assertThat(t.step()).isEqualTo((long) EPOCHS * STEPS_PER_EPOCH);
                return t.model().stateDict();
            });
        }
    }

    @Test
    void twoWorkersWithHalfBatchesEqualOneWorkerAfter100StepsAndReplicasAreIdenticalAfterEveryStep() throws Exception {
        Checkpoint spark = ringRun();
        assertThat(spark.step()).isEqualTo((long) EPOCHS * STEPS_PER_EPOCH);
        Map<String, Set<String>> byStep = new TreeMap<>(); // step -> the digests of the replicas after it
        Map<String, Integer> ranksByStep = new TreeMap<>();
        for (String d : ringDigests) {
            String[] f = d.split(" ");
            byStep.computeIfAbsent(f[1], k -> new HashSet<>()).add(f[2]);
            ranksByStep.merge(f[1], 1, Integer::sum);
        }
        assertThat(byStep).hasSize(EPOCHS * STEPS_PER_EPOCH);
        assertThat(ranksByStep.values()).allMatch(n -> n == WORKERS);
        assertThat(byStep.values()).allMatch(set -> set.size() == 1);
        Map<String, Tensor> single = singleProcess();
        double worst = 0;
        for (var e : single.entrySet()) {
            float[] a = e.getValue().toFloatArray(), b = spark.model().get(e.getKey()).toFloatArray();
            for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        assertThat(worst).as("largest weight difference after 100 steps").isLessThan(1e-6);
    }

    @Test
    void ringAllReduceGivesTheBitsOfTheAllGatherOne() {
        // allGather waits ~1 s per step (Spark's barrier poll): 4 steps of one epoch
        JavaRDD<SampleBlock> few = blocks.map(b -> b.first(4 * BATCH / WORKERS));
        ReplicaRecipe recipe = (replica, loader, allReduce, steps) -> builder(loader).allReduce(allReduce).build();
        Checkpoint ring = DataParallelTrainer.fit(few, null, recipe, settings(AllReduceKind.RING, 1), null, null, null).checkpoint();
        Checkpoint gather = DataParallelTrainer.fit(few, null, recipe, settings(AllReduceKind.GATHER, 1), null, null, null).checkpoint();
        assertThat(ring.step()).isEqualTo(4);
        assertThat(weights(ring)).isEqualTo(weights(gather));
    }

    @Test
    void aTaskFailingMidEpochRetriesTheStageAndEndsWithTheWeightsOfARunWithoutFailure() {
        ReplicaRecipe failing = (replica, loader, allReduce, steps) -> builder(loader).allReduce(allReduce).callback(new FailOnce(replica)).build();
        List<Integer> attempts = new ArrayList<>();
        DataParallelTrainer.Result r = DataParallelTrainer.fit(blocks, null, failing, settings(AllReduceKind.RING, EPOCHS), null,
                (report, checkpoint) -> attempts.add(report.attempts()), null);
        assertThat(attempts).containsExactly(1, 2);
        assertThat(weights(r.checkpoint())).isEqualTo(weights(ringRun()));
    }

    /** After every step, "rank step digest" of the replica's weights. */
    record RecordDigests(ReplicaRecipe.Replica replica, CollectionAccumulator<String> digests) implements Callback {
        @Override
        public void onBatchEnd(TrainContext ctx) {
            digests.add(replica.rank() + " " + String.format("%04d", ctx.step()) + " " + WeightsDigest.of(ctx.trainer().model()));
        }
    }

    /** Rank 1 fails at batch 20 of epoch 2 on the first attempt at it (an executor lost mid-epoch). */
    record FailOnce(ReplicaRecipe.Replica replica) implements Callback {
        @Override
        public void onBatchEnd(TrainContext ctx) {
            if (replica.epoch() == 2 && replica.attempt() == 0 && replica.rank() == 1 && ctx.batch() == 20)
                throw new IllegalStateException("simulated executor loss");
        }
    }

    static Map<String, List<Float>> weights(Checkpoint c) {
        Map<String, List<Float>> out = new java.util.TreeMap<>();
        c.model().forEach((k, v) -> {
            List<Float> l = new ArrayList<>();
            for (float f : v.toFloatArray()) l.add(f);
            out.put(k, l);
        });
        return out;
    }

}
