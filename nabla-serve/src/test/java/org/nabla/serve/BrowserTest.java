package org.nabla.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nabla.data.ArrayDataset;
import org.nabla.data.DataLoader;
import org.nabla.io.Json;
import org.nabla.data.Digits;
import org.nabla.nn.Flatten;
import org.nabla.nn.Linear;
import org.nabla.nn.Sequential;
import org.nabla.optim.SGD;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.Callback;
import org.nabla.train.MetricLog;
import org.nabla.train.StepLog;
import org.nabla.train.TrainContext;
import org.nabla.train.PredictionSamples;
import org.nabla.train.Trainer;
import org.nabla.train.task.ClassificationTask;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The pages in a real browser: Debian's chromium driven headless by its chromium-driver, both given by path
 * (NABLA_CHROMIUM / NABLA_CHROMEDRIVER, else /usr/bin/chromium and /usr/bin/chromedriver) so nothing is downloaded.
 * Skipped, saying why, where they are not installed. Screenshots go to nabla-serve/target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private Path runs;
    private NablaServer server;
    private WebDriver browser;

    @BeforeAll
    void start() throws Exception {
        String chromium = System.getenv().getOrDefault("NABLA_CHROMIUM", "/usr/bin/chromium");
        String driver = System.getenv().getOrDefault("NABLA_CHROMEDRIVER", "/usr/bin/chromedriver");
        Assumptions.assumeTrue(Files.isExecutable(Path.of(chromium)) && Files.isExecutable(Path.of(driver)),
                "browser tests skipped: " + chromium + " or " + driver + " missing (apt-get install chromium chromium-driver)");
        runs = Files.createTempDirectory("nabla-serve-runs");
        server = NablaServer.start(runs, "127.0.0.1", 0);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1300,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.get("about:blank"); // closes the pages' event streams first: chromium then exits at once
            browser.quit();
        }
        if (server != null) server.close();
    }

    private String url(String path) { return "http://127.0.0.1:" + server.port() + path; }

    private Object js(String script) { return ((JavascriptExecutor) browser).executeScript(script); }

    private void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /** Polls {@code condition} every 100 ms until it holds or {@code seconds} pass; returns whether it held. */
    private static boolean within(double seconds, Supplier<Boolean> condition) throws InterruptedException {
        long until = System.nanoTime() + (long) (seconds * 1e9);
        do {
            if (Boolean.TRUE.equals(condition.get())) return true;
            Thread.sleep(100);
        } while (System.nanoTime() < until);
        return Boolean.TRUE.equals(condition.get());
    }

    private int points(String chartId) {
        Object v = js("const e = document.getElementById('" + chartId + "'); return e ? Number(e.dataset.points) : -1;");
        return ((Number) v).intValue();
    }

    @Test
    void theDashboardListsARunAndItsCurveHasAPointPerLoggedStep() throws Exception {
        Path run = TrainedRun.train(runs.resolve("blobs-linear"), 4, 0);
        int rows = (int) Files.readAllLines(run.resolve("steps.csv")).stream().skip(1).count();
        assertThat(rows).isEqualTo(4 * 8);
        TrainedRun.train(runs.resolve("blobs-linear-2"), 3, 0);
        browser.get(url("/"));
        assertThat(within(10, () -> !browser.findElements(By.cssSelector("tr[data-run='blobs-linear']")).isEmpty())).isTrue();
        String row = browser.findElement(By.cssSelector("tr[data-run='blobs-linear']")).getText();
        assertThat(row).contains("linear").contains("blobs").contains("completed").contains("test_accuracy");
        screenshot("dashboard");

        browser.get(url("/run/blobs-linear"));
        assertThat(within(10, () -> points("steps-loss") == rows)).as("points of the loss per step").isTrue();
        assertThat(points("epochs-loss")).isEqualTo(4);
        assertThat(browser.findElement(By.id("confusion")).getText()).contains("true \\ predicted");
        screenshot("run");

        Path digits = TrainedRun.digits(runs.resolve("digits-softmax"));
        Map<String, Object> written = Json.parseObject(Files.readString(digits.resolve(PredictionSamples.JSON)));
        List<?> samples = (List<?>) written.get("samples");
        long wrong = samples.stream().filter(m -> Boolean.FALSE.equals(((Map<?, ?>) m).get("correct"))).count();
        assertThat(wrong).as("a softmax regression after three epochs errs on some digits").isGreaterThan(0);
        browser.get(url("/run/digits-softmax"));
        assertThat(within(10, () -> browser.findElements(By.cssSelector("#predictions .prediction")).size() == samples.size())).isTrue();
        assertThat(browser.findElements(By.cssSelector("#predictions .prediction.wrong"))).hasSize((int) wrong);
        assertThat(browser.findElements(By.cssSelector("#predictions .prediction img"))).hasSize(samples.size());
        assertThat(within(10, () -> ((Number) js("return [...document.querySelectorAll('#predictions img')].filter(i => i.complete && i.naturalWidth === 8).length"))
                .intValue() == samples.size())).as("every thumbnail decoded at 8x8").isTrue();
        assertThat(browser.findElement(By.cssSelector("#predictions .prediction")).getText()).contains("true: ");
        assertThat(browser.findElements(By.cssSelector("#images img[alt='predictions.png']"))).as("drawn as cards, not twice").isEmpty();
        browser.findElement(By.id("mistakes-only")).click();
        assertThat(browser.findElements(By.cssSelector("#predictions .prediction")).stream().filter(e -> e.isDisplayed()).count()).isEqualTo(wrong);
        browser.findElement(By.id("mistakes-only")).click();
        js("document.getElementById('predictions-section').scrollIntoView()");
        screenshot("run-predictions");

        browser.get(url("/compare?runs=blobs-linear,blobs-linear-2"));
        assertThat(within(10, () -> points("steps-loss") == rows)).isTrue();
        assertThat(browser.findElements(By.cssSelector("#steps-loss .u-legend .u-series"))).hasSize(3); // the step, two runs
        screenshot("compare");
    }

    @Test
    void aRunTrainingInTheBackgroundMovesItsPageLive() throws Exception {
        Path dir = runs.resolve("live");
        Thread training = Thread.ofPlatform().start(() -> {
            try {
                TrainedRun.train(dir, 12, 700);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertThat(within(20, () -> Files.exists(dir.resolve("steps.csv")))).isTrue();
        browser.get(url("/run/live"));
        assertThat(within(10, () -> "running".equals(browser.findElement(By.id("status")).getText()))).isTrue();
        int first = Math.max(points("steps-loss"), 0);
        assertThat(within(20, () -> points("steps-loss") >= first + 16)).as("new steps arrive by server-sent events").isTrue();
        assertThat(js("return performance.getEntriesByType('navigation').length")).isEqualTo(1L);
        screenshot("run-live");
        training.join(60_000);
        assertThat(within(20, () -> points("steps-loss") == 12 * 8 && "completed".equals(browser.findElement(By.id("status")).getText()))).isTrue();
    }

    /** Plays the playground at {@code hash} until its test loss is under {@code target}; returns the seconds it took. */
    private double learn(String hash, double target, double seconds, String shot) throws Exception {
        browser.get("about:blank"); // a new document, not a hash change
        browser.get(url("/playground" + hash));
        assertThat(within(15, () -> Boolean.TRUE.equals(js("return playground.frames > 0")))).isTrue();
        long t0 = System.nanoTime();
        browser.findElement(By.id("play")).click();
        boolean learned = within(seconds, () -> Boolean.TRUE.equals(js("return playground.testLoss !== null && playground.testLoss < " + target)));
        double took = (System.nanoTime() - t0) / 1e9;
        Map<?, ?> stats = (Map<?, ?>) js("return {frames: playground.frames, epoch: playground.epoch, loss: playground.testLoss,"
                + " seconds: (playground.lastFrameAt - playground.firstFrameAt) / 1000}");
        System.out.printf("playground %s: test loss %s after %.1f s, epoch %s, %s frames in %.1f s%n", hash, stats.get("loss"), took,
                stats.get("epoch"), stats.get("frames"), ((Number) stats.get("seconds")).doubleValue());
        screenshot(shot);
        assertThat(learned).as("test loss under " + target + " within " + seconds + " s: " + stats).isTrue();
        assertThat(browser.getCurrentUrl()).contains("dataset=").contains("layers=");
        return took;
    }

    @Test
    void thePlaygroundLearnsTheCircleWithTheDefaults() throws Exception {
        learn("", 0.1, 20, "playground");
        assertThat(browser.findElements(By.cssSelector("canvas.node"))).hasSize(7 + 4 + 2 + 1); // features, 4 and 2 neurons, output
    }

    @Test
    void thePlaygroundLearnsXorFromTheProductOfTheInputs() throws Exception {
        learn("#dataset=xor&features=x1x2", 0.1, 20, "playground-xor");
        assertThat(browser.findElement(By.id("feature-x1")).getAttribute("class")).contains("off");
    }

    /** Picks {@code value} in the select {@code id} as a user does (its change event fires). */
    private void choose(String id, String value) {
        js("const s = document.getElementById('" + id + "'); s.value = '" + value + "'; s.dispatchEvent(new Event('change'));");
        assertThat(js("return document.getElementById('" + id + "').value")).isEqualTo(value);
    }

    @Test
    void aNewLearningRateChangesThePlayingNetworkWithoutAReset() throws Exception {
        browser.get("about:blank");
        browser.get(url("/playground#lr=0.01"));
        assertThat(within(15, () -> Boolean.TRUE.equals(js("return playground.frames > 0")))).isTrue();
        browser.findElement(By.id("play")).click();
        assertThat(within(15, () -> ((Number) js("return playground.epoch")).intValue() >= 20)).isTrue();
        Object session = js("return playground.session");
        choose("lr", "0.3");
        assertThat(within(10, () -> Double.valueOf(0.3).equals(((Number) js("return playground.lr")).doubleValue()))).as("frames report the new rate").isTrue();
        int epoch = ((Number) js("return playground.epoch")).intValue();
        assertThat(epoch).as("the epoch goes on: no reset").isGreaterThanOrEqualTo(20);
        assertThat(js("return playground.session")).as("the same session").isEqualTo(session);
        assertThat(js("return playground.tuned")).isEqualTo(1L);
        assertThat(browser.getCurrentUrl()).contains("lr=0.3");
        choose("reg", "l2");
        assertThat(within(10, () -> ((Number) js("return playground.tuned")).intValue() == 2)).isTrue();
        assertThat(js("return playground.session")).isEqualTo(session);
        assertThat(browser.findElement(By.id("message")).getText()).isEmpty();
        assertThat(((Number) js("return playground.epoch")).intValue()).isGreaterThanOrEqualTo(epoch);
        choose("activation", "relu"); // not live: a new session
        assertThat(within(10, () -> !session.equals(js("return playground.session")) && js("return playground.session") != null)).isTrue();
    }

    /** A small classifier trained by Nabla's Trainer, writing its folder as {@code nabla train} does. */
    static final class TrainedRun {
        /**
         * A softmax regression on the bundled 8x8 digits ([1, 8, 8] images) for three epochs, with its sample predictions
         * on the last 297 digits written by {@link PredictionSamples}, as {@code nabla train} does for classifiers.
         */
        static Path digits(Path dir) throws Exception {
            Files.createDirectories(dir);
            List<String> names = java.util.stream.IntStream.range(0, 10).mapToObj(Integer::toString).toList();
            Files.writeString(dir.resolve("config.json"), Json.writePretty(Map.of("config", Map.of("model", "softmax", "dataset", "digits", "epochs", 3),
                    "class_names", names)));
            Digits d = Digits.load();
            float[] x = d.features().toFloatArray();
            long[] y = d.labels().toLongArray();
            int train = 1500, n = y.length;
            ArrayDataset trainSet = ArrayDataset.ofFloats("digits", java.util.Arrays.copyOf(x, train * 64), java.util.Arrays.copyOf(y, train), 1, 8, 8);
            ArrayDataset test = ArrayDataset.ofFloats("digits", java.util.Arrays.copyOfRange(x, train * 64, n * 64), java.util.Arrays.copyOfRange(y, train, n), 1, 8, 8);
            Sequential model = new Sequential(new Flatten(), new Linear(64, 10, true, new Generator(3)));
            Trainer.builder(new ClassificationTask(model, new SGD(model.parameters(), 0.5)))
                    .train(DataLoader.builder(trainSet).batchSize(50).build())
                    .callback(new StepLog(dir.resolve("steps.csv"), 1)).callback(new MetricLog(dir.resolve("metrics.csv"), null)).build().fit(3);
            assertThat(PredictionSamples.write(model, test, names, dir)).isTrue();
            Files.writeString(dir.resolve("summary.json"), Json.writePretty(Map.of("test", Map.of("accuracy", 0.8))));
            return dir;
        }

        /** 64 samples of 3 Gaussian blobs, batches of 8: 8 steps per epoch, each epoch then sleeping {@code pauseMs}. */
        static Path train(Path dir, int epochs, long pauseMs) throws Exception {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), Json.writePretty(Map.of("config", Map.of("model", "linear", "dataset", "blobs", "epochs", epochs),
                    "class_names", List.of("a", "b", "c"))));
            Generator g = new Generator(5);
            int n = 64;
            float[] x = Tensor.randn(g, n, 2).toFloatArray();
            long[] y = new long[n];
            for (int i = 0; i < n; i++) {
                y[i] = i % 3;
                x[2 * i] += 2 * (float) y[i];
            }
            Linear model = new Linear(2, 3, true, g);
            SGD opt = new SGD(model.parameters(), 0.1);
            Trainer trainer = Trainer.builder(new ClassificationTask(model, opt))
                    .train(DataLoader.builder(ArrayDataset.ofFloats("blobs", x, y, 2)).batchSize(8).build())
                    .callback(new StepLog(dir.resolve("steps.csv"), 1)).callback(new MetricLog(dir.resolve("metrics.csv"), null))
                    .callback(new Callback() {
                        @Override
                        public void onEpochEnd(TrainContext ctx) {
                            try {
                                Thread.sleep(pauseMs);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }).build();
            trainer.fit(epochs);
            Files.writeString(dir.resolve("summary.json"), Json.writePretty(Map.of("test", Map.of("accuracy", 0.9, "loss", 0.3,
                    "confusion_matrix", List.of(List.of(20, 1, 0), List.of(2, 19, 0), List.of(0, 3, 19))))));
            return dir;
        }
    }
}
