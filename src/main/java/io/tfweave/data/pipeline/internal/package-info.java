/**
 * Implementation of {@link io.tfweave.data.pipeline}: the sources and stages that add tf.data ops to a graph, the Java
 * functions turned into TensorFlow functions, background feeders, and the diagnosis of bad records. Not exported from the
 * module and not API: public only so that the pipeline package can use it, and free to change in any release.
 */
package io.tfweave.data.pipeline.internal;
