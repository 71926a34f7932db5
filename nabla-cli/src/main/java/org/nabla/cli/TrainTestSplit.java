package org.nabla.cli;

import java.util.Arrays;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Row indices of a stratified train/test split: each class gives the same fraction of its samples,
 * chosen at random, to the test set.
 *
 * @param train int64 indices of the training rows
 * @param test  int64 indices of the test rows
 */
record TrainTestSplit(Tensor train, Tensor test) {

    static TrainTestSplit stratified(long[] labels, int classes, double testFraction, Generator gen) {
        long[] train = new long[labels.length], test = new long[labels.length];
        int nTrain = 0, nTest = 0;
        for (int c = 0; c < classes; c++) {
            long[] members = new long[labels.length];
            int n = 0;
            for (int i = 0; i < labels.length; i++) if (labels[i] == c) members[n++] = i;
            members = Arrays.copyOf(members, n);
            shuffle(members, gen);
            int nTestOfClass = (int) Math.round(n * testFraction);
            for (int i = 0; i < n; i++) {
                if (i < nTestOfClass) test[nTest++] = members[i];
                else train[nTrain++] = members[i];
            }
        }
        return new TrainTestSplit(Tensor.of(Arrays.copyOf(train, nTrain), nTrain), Tensor.of(Arrays.copyOf(test, nTest), nTest));
    }

    /** Fisher-Yates shuffle in place. */
    static void shuffle(long[] values, Generator gen) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = (int) gen.nextLong(i + 1);
            long v = values[i];
            values[i] = values[j];
            values[j] = v;
        }
    }
}
