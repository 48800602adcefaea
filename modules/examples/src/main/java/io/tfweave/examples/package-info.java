/**
 * Programs reproducing the workloads (IMDB, CNNs, transfer learning, second-order networks, time series, and text
 * classification from raw text with 1-D convolutions and Transformers).
 */
package io.tfweave.examples;
