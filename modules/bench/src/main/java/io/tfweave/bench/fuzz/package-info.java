/** Long fuzzing runs of the pure-Java parsers with Jazzer's standalone driver. */
package io.tfweave.bench.fuzz;
