package org.nabla.models.vision;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/**
 * The deterministic weights of the model-zoo fixtures, bit for bit as {@code make_zoo_fixtures.py} computes them
 * (its header states the formula): the k-th state-dict entry at flat index i is a function of a 32-bit hash of
 * (k, i), so neither the weights nor the input need to be stored.
 */
final class ZooFill {
    private ZooFill() {}

    /** The stream the input is drawn from (k = INPUT_STREAM - 1), apart from any state-dict entry. */
    static final int INPUT_STREAM = 1_000_000;

    /** One state-dict entry's name and shape, in the model's order. */
    record Entry(String name, int[] shape) {}

    /** The value in [0, 1) of stream k at flat index i. */
    static double uniform(long k, long i) {
        long h = (i * 0x9E3779B1L + (k + 1) * 0x85EBCA77L) & 0xFFFFFFFFL;
        h ^= h >>> 16;
        h = (h * 0x7FEB352DL) & 0xFFFFFFFFL;
        h ^= h >>> 15;
        h = (h * 0x846CA68BL) & 0xFFFFFFFFL;
        h ^= h >>> 16;
        return h / 4294967296.0;
    }

    /** The state dict of the fixtures for these entries: float32 values, num_batches_tracked int64 0. */
    static Map<String, Tensor> stateDict(List<Entry> entries) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int k = 0; k < entries.size(); k++) {
            Entry e = entries.get(k);
            out.put(e.name(), e.name().endsWith("num_batches_tracked") ? Tensor.zeros(DType.INT64, e.shape()) : Tensor.of(values(k, e.name(), e.shape()), e.shape()));
        }
        return out;
    }

    /** The k-th entry's values: He-uniform weights, running_var and batch-norm scales around 1, small biases and means. */
    static float[] values(int k, String name, int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[Math.toIntExact(n)];
        if (shape.length >= 2) {
            double bound = Math.sqrt(6.0 / (n / shape[0]));
            for (int i = 0; i < v.length; i++) v[i] = (float) ((2.0 * uniform(k, i) - 1.0) * bound);
        } else if (name.endsWith("running_var")) {
            for (int i = 0; i < v.length; i++) v[i] = (float) (0.5 + uniform(k, i));
        } else if (name.endsWith("weight")) {
            for (int i = 0; i < v.length; i++) v[i] = (float) (0.25 + 0.5 * uniform(k, i));
        } else {
            for (int i = 0; i < v.length; i++) v[i] = (float) (0.2 * (2.0 * uniform(k, i) - 1.0));
        }
        return v;
    }

    /** The fixtures' input of this shape (batch first): 2u - 1 from the input stream. */
    static Tensor input(int... shape) {
        long n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = (float) (2.0 * uniform(INPUT_STREAM - 1, i) - 1.0);
        return Tensor.of(v, shape);
    }
}
