package org.nabla.spark.train;

import java.io.Serializable;
import java.util.Map;

/**
 * What one barrier task returns from an epoch: rank 0 the checkpoint (weights, optimizer and schedule state,
 * generators), every rank its epoch logs, its weights' digest and its all-reduce timing.
 *
 * @param checkpoint       rank 0's checkpoint after the epoch; null on the other ranks
 * @param weightsDigest    SHA-256 of the replica's parameters after the epoch (equal on every rank)
 * @param allReduceSeconds time spent in the all-reduce this epoch
 * @param allReduceCallSeconds the time of each all-reduce this epoch, in order
 * @param overlappedSeconds the communication thread's time exchanging buckets this epoch (0 without overlap)
 * @param allReduceCalls   all-reduces run (= optimizer steps)
 * @param gradientBytes    bytes of one step's gradient
 */
public record EpochOutcome(int rank, CheckpointBytes checkpoint, Map<String, Double> logs, String weightsDigest,
                           double allReduceSeconds, double[] allReduceCallSeconds, double overlappedSeconds, long allReduceCalls, long gradientBytes) implements Serializable {}
