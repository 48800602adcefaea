/**
 * Headless charts written as PNG or SVG files with {@link io.tfweave.plot.Plots}: training curves of a {@code History},
 * confusion matrices, decision surfaces of two-input classifiers and predictions against actual values, each a
 * {@link io.tfweave.plot.Figure}. Keras has no such module; these are the matplotlib plots of its tutorials.
 */
package io.tfweave.plot;
