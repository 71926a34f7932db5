package org.nabla.spark;

import org.apache.spark.sql.SparkSession;

/** The Spark session of a Nabla run: the one spark-submit made, or a local one. */
public final class Sessions {
    private Sessions() {}

    /**
     * A session on {@code master}. A local master ("local[2]") runs in this JVM with the driver bound to 127.0.0.1
     * and no web UI, as the tests and {@code ./nabla spark} use it; under spark-submit ({@code master} null) the
     * session is the submitted application's.
     */
    public static SparkSession start(String master, String name) {
        SparkSession.Builder b = SparkSession.builder().appName(name).config("spark.ui.showConsoleProgress", "false");
        if (master != null) {
            b.master(master);
            if (master.startsWith("local"))
                b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").config("spark.ui.enabled", "false")
                        .config("spark.sql.shuffle.partitions", "2");
        }
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        return spark;
    }
}
