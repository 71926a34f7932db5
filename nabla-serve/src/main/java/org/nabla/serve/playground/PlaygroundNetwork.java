package org.nabla.serve.playground;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nabla.autograd.GradMode;
import org.nabla.optim.SGD;
import org.nabla.tensor.Tensor;

/**
 * The playground's network, trained by Nabla: the chosen input features, 0-6 fully connected hidden layers with one
 * activation, and one output (tanh for classification, linear for regression). As in the original, weights start
 * uniform in [-0.5, 0.5] and biases at 0.1, the loss is half the squared error (mean over the batch) plus the L1 or L2
 * penalty of the weights times its rate, and one epoch is a pass of plain SGD over the training points in batches.
 * The learning rate and the penalty can change while it trains ({@link #setTraining}): the weights are kept.
 */
public final class PlaygroundNetwork {
    /** The heat map's resolution (cells per side) and extent ([-EXTENT, EXTENT]²). */
    public static final int GRID = 100, THUMB = 25;
    public static final double EXTENT = 6;
    private PlaygroundSettings settings;
    private final List<Tensor> weights = new ArrayList<>(), biases = new ArrayList<>();
    private final SGD optimizer;
    private final Tensor trainX, trainY, testX, testY, gridX;
    private int epoch;

    public PlaygroundNetwork(PlaygroundSettings settings, PlaygroundData data, long weightSeed) {
        this.settings = settings;
        Random r = new Random(weightSeed);
        int in = settings.features().size();
        List<Integer> sizes = new ArrayList<>();
        for (int n : settings.layers()) sizes.add(n);
        sizes.add(1);
        for (int out : sizes) {
            float[] w = new float[in * out], b = new float[out];
            for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextDouble() - 0.5);
            java.util.Arrays.fill(b, 0.1f);
            weights.add(Tensor.of(w, in, out).requiresGrad(true));
            biases.add(Tensor.of(b, out).requiresGrad(true));
            in = out;
        }
        List<Tensor> params = new ArrayList<>(weights);
        params.addAll(biases);
        optimizer = new SGD(params, settings.learningRate());
        trainX = inputs(data.train());
        trainY = labels(data.train());
        testX = inputs(data.test());
        testY = labels(data.test());
        float[] grid = new float[GRID * GRID * settings.features().size()];
        for (int row = 0; row < GRID; row++)
            for (int col = 0; col < GRID; col++)
                PlaygroundData.features(gridCoordinate(col), -gridCoordinate(row), settings.features(), grid,
                        (row * GRID + col) * settings.features().size());
        gridX = Tensor.of(grid, GRID * GRID, settings.features().size());
    }

    /** The centre of grid cell {@code i} along an axis (x to the right; y = minus this, rows going down). */
    public static double gridCoordinate(int i) { return -EXTENT + 2 * EXTENT * (i + 0.5) / GRID; }

    public int epoch() { return epoch; }

    /** One pass over the training points in batches of the settings' size. */
    public void trainEpoch() {
        int n = trainX.shape()[0], batch = settings.batch();
        for (int start = 0; start < n; start += batch) trainBatch(start, Math.min(batch, n - start));
        epoch++;
    }

    /** One SGD step on training points [start, start + len). */
    void trainBatch(int start, int len) {
        Tensor out = forward(trainX.narrow(0, start, len), null);
        Tensor loss = out.sub(trainY.narrow(0, start, len)).square().mean().mul(0.5);
        if (!settings.regularization().equals("none") && settings.regularizationRate() > 0) {
            for (Tensor w : weights) {
                Tensor penalty = settings.regularization().equals("l1") ? w.abs().sum() : w.square().sum().mul(0.5);
                loss = loss.add(penalty.mul(settings.regularizationRate()));
            }
        }
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
    }

    /**
     * Trains on with {@code next}'s learning rate and regularisation (type and rate), the weights and the epoch kept;
     * {@code next} must differ from the current settings in nothing else (the data and the layers are fixed).
     */
    public void setTraining(PlaygroundSettings next) {
        if (!next.withTraining(settings.learningRate(), settings.regularization(), settings.regularizationRate()).sameAs(settings))
            throw new IllegalArgumentException("only the learning rate and the regularisation change while training");
        for (var g : optimizer.paramGroups()) g.setLr(next.learningRate());
        settings = next;
    }

    /** The learning rate the next steps use (the optimiser's). */
    public double learningRate() { return optimizer.paramGroups().getFirst().lr(); }

    /** The settings the next steps use. */
    public PlaygroundSettings settings() { return settings; }

    /** The mean of half the squared error on the training and the test points. */
    public double[] losses() {
        try (var g = GradMode.noGrad()) {
            return new double[] {loss(trainX, trainY), loss(testX, testY)};
        }
    }

    private double loss(Tensor x, Tensor y) {
        if (x.shape()[0] == 0) return 0;
        return forward(x, null).sub(y).square().mean().mul(0.5).item();
    }

    /**
     * Every node's value on the grid, layer by layer (the input features, each hidden layer, the output):
     * {@code [layer][node][cell]}, cells row-major from the top left.
     */
    public float[][][] gridValues() {
        try (var g = GradMode.noGrad()) {
            List<Tensor> layers = new ArrayList<>();
            layers.add(gridX);
            forward(gridX, layers);
            float[][][] out = new float[layers.size()][][];
            for (int l = 0; l < layers.size(); l++) {
                Tensor t = layers.get(l);
                int cells = t.shape()[0], nodes = t.shape()[1];
                float[] v = t.toFloatArray();
                out[l] = new float[nodes][cells];
                for (int c = 0; c < cells; c++)
                    for (int k = 0; k < nodes; k++) out[l][k][c] = v[c * nodes + k];
            }
            return out;
        }
    }

    /** The weights of each layer as [in][out] arrays, for drawing the links. */
    public float[][][] weightValues() {
        float[][][] out = new float[weights.size()][][];
        for (int l = 0; l < weights.size(); l++) {
            int in = weights.get(l).shape()[0], o = weights.get(l).shape()[1];
            float[] w = weights.get(l).detach().toFloatArray();
            out[l] = new float[in][o];
            for (int i = 0; i < in; i++) System.arraycopy(w, i * o, out[l][i], 0, o);
        }
        return out;
    }

    /** The output for inputs {@code x}; each layer's output is added to {@code trace} when given. */
    private Tensor forward(Tensor x, List<Tensor> trace) {
        Tensor h = x;
        for (int l = 0; l < weights.size(); l++) {
            h = h.matmul(weights.get(l)).add(biases.get(l));
            boolean output = l == weights.size() - 1;
            h = output ? (settings.regression() ? h : h.tanh()) : activate(h);
            if (trace != null) trace.add(h);
        }
        return h;
    }

    private Tensor activate(Tensor h) {
        return switch (settings.activation()) {
            case "relu" -> h.relu();
            case "tanh" -> h.tanh();
            case "sigmoid" -> h.sigmoid();
            case "linear" -> h;
            default -> throw new IllegalArgumentException("activation: unknown '" + settings.activation() + "'");
        };
    }

    private Tensor inputs(List<PlaygroundData.Point> points) {
        int f = settings.features().size();
        float[] x = new float[points.size() * f];
        for (int i = 0; i < points.size(); i++) PlaygroundData.features(points.get(i).x(), points.get(i).y(), settings.features(), x, i * f);
        return Tensor.of(x, points.size(), f);
    }

    private static Tensor labels(List<PlaygroundData.Point> points) {
        float[] y = new float[points.size()];
        for (int i = 0; i < y.length; i++) y[i] = (float) points.get(i).label();
        return Tensor.of(y, points.size(), 1);
    }
}
