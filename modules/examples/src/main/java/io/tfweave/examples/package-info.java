/** Programs reproducing the five workloads (IMDB, CNNs, transfer learning, second-order networks, time series). */
package io.tfweave.examples;
