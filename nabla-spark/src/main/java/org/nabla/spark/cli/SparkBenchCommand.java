package org.nabla.spark.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.nabla.spark.Sessions;
import org.nabla.spark.allreduce.AllReduceKind;
import org.nabla.spark.allreduce.BarrierAllReduce;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nabla spark bench}: the all-reduce alone, in one barrier stage: for each gradient size, {@code --repeats}
 * all-reduces after two warm-up ones; prints a JSON line per size with the median time per all-reduce and the bus
 * bandwidth 2(N−1)/N × bytes / time (the ring's per-link traffic, the cost model of DISTRIBUTED.md).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Times the all-reduce of gradients of --mb sizes between --workers barrier tasks.")
final class SparkBenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--master", paramLabel = "URL", description = "Default: spark-submit's, else local[WORKERS].")
    private String master;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}.")
    private int workers;

    @Option(names = "--all-reduce", paramLabel = "KIND", defaultValue = "ring", description = "ring, ring-blocking (the same transport here) or gather. Default: ${DEFAULT-VALUE}.")
    private String allReduce;

    @Option(names = "--mb", paramLabel = "MB", split = ",", defaultValue = "0.25,4,45", description = "Gradient sizes in MB (10^6 bytes). Default: ${DEFAULT-VALUE}.")
    private double[] sizes;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "20", description = "Timed all-reduces per size. Default: ${DEFAULT-VALUE}.")
    private int repeats;

    @Override
    public Integer call() {
        AllReduceKind kind = AllReduceKind.parse(allReduce);
        SparkSession spark = Sessions.start(master != null ? master : SparkPredictCommand.submittedMaster("local[" + workers + "]"), "nabla spark bench");
        try {
            List<Integer> ranks = new ArrayList<>();
            for (int r = 0; r < workers; r++) ranks.add(r);
            JavaRDD<Integer> tasks = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(ranks, workers);
            double[] mb = sizes.clone();
            int reps = repeats;
            List<double[]> medians = tasks.rdd().barrier().mapPartitions(new TimeAllReduce(kind, mb, reps), false, scala.reflect.ClassTag$.MODULE$.apply(double[].class)).toJavaRDD().collect();
            PrintWriter w = spec.commandLine().getOut();
            for (int s = 0; s < mb.length; s++) {
                double worst = 0;
                for (double[] m : medians) worst = Math.max(worst, m[s]);
                double bus = 2.0 * (workers - 1) / workers * mb[s] * 1e6 * 8 / (worst * 1e-3) / 1e9;
                w.printf(Locale.ROOT, "{\"all_reduce\": \"%s\", \"workers\": %d, \"mb\": %s, \"ms\": %.3f, \"bus_gbit_s\": %.2f}%n", allReduce, workers, mb[s], worst, bus);
            }
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** Each barrier task: the medians in ms of {@code reps} all-reduces per size. */
    static final class TimeAllReduce extends scala.runtime.AbstractFunction1<scala.collection.Iterator<Integer>, scala.collection.Iterator<double[]>>
            implements java.io.Serializable {
        private final AllReduceKind kind;
        private final double[] mb;
        private final int reps;

        TimeAllReduce(AllReduceKind kind, double[] mb, int reps) {
            this.kind = kind;
            this.mb = mb;
            this.reps = reps;
        }

        @Override
                public scala.collection.Iterator<double[]> apply(scala.collection.Iterator<Integer> ignored) {
                    double[] ms = new double[mb.length];
                    try (BarrierAllReduce ar = kind.open(BarrierTaskContext.get())) {
                        for (int s = 0; s < mb.length; s++) {
                            float[] g = new float[(int) Math.round(mb[s] * 1e6 / 4)];
                            Arrays.fill(g, 1f + ar.rank());
                            double[] t = new double[reps];
                            for (int i = -2; i < reps; i++) {
                                long start = System.nanoTime();
                                ar.mean(g);
                                if (i >= 0) t[i] = (System.nanoTime() - start) * 1e-6;
                            }
                            Arrays.sort(t);
                            ms[s] = t[reps / 2];
                        }
                    }
                    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(ms).iterator());
                }
    }
}
