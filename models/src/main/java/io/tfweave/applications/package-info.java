/**
 * Ready-made image classifiers ({@code keras.applications}): {@link io.tfweave.applications.MobileNetV2} with Keras's exact
 * architecture and layer names, so that Keras weights load by name, and two small CNNs for 28×28 images,
 * {@link io.tfweave.applications.BasicCNN} and {@link io.tfweave.applications.ResidualCNN}. They use only tfweave's public
 * packages, as a user's own models would.
 */
package io.tfweave.applications;
