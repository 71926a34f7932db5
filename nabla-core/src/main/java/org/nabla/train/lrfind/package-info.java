/**
 * Smith's learning-rate range test ({@link org.nabla.train.lrfind.LrRangeFinder}): train a few hundred steps while the
 * rate grows exponentially, smooth the loss, stop when it diverges, and read a rate off the curve.
 */
package org.nabla.train.lrfind;
