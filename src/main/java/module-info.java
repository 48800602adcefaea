/**
 * tfweave: Keras for Java on TensorFlow Java (graph mode). Exports the public API packages; implementation packages
 * ({@code ...internal}) are not exported.
 */
module io.tfweave {
  requires transitive tensorflow;
  requires transitive tensorflow.nativelib;
  requires transitive org.tensorflow.ndarray;
  requires tensorflow.framework;
  requires com.google.protobuf;
  requires com.google.common;
  requires com.fasterxml.jackson.databind;
  requires transitive org.knowm.xchart;
  requires org.apache.commons.csv;
  requires io.jhdf;
  requires transitive java.desktop;

  exports io.tfweave.activations;
  exports io.tfweave.applications;
  exports io.tfweave.blocks;
  exports io.tfweave.callbacks;
  exports io.tfweave.constraints;
  exports io.tfweave.data;
  exports io.tfweave.distribute;
  exports io.tfweave.data.format;
  exports io.tfweave.data.pipeline;
  exports io.tfweave.data.text;
  exports io.tfweave.evaluation;
  exports io.tfweave.formats;
  exports io.tfweave.graph;
  exports io.tfweave.initializers;
  exports io.tfweave.layers;
  exports io.tfweave.layers.activations;
  exports io.tfweave.layers.attention;
  exports io.tfweave.layers.convolutional;
  exports io.tfweave.layers.core;
  exports io.tfweave.layers.merging;
  exports io.tfweave.layers.normalization;
  exports io.tfweave.layers.pooling;
  exports io.tfweave.layers.preprocessing;
  exports io.tfweave.layers.quadratic;
  exports io.tfweave.layers.recurrent;
  exports io.tfweave.layers.regularization;
  exports io.tfweave.layers.reshaping;
  exports io.tfweave.losses;
  exports io.tfweave.metrics;
  exports io.tfweave.mixedprecision;
  exports io.tfweave.models;
  exports io.tfweave.optimizers;
  exports io.tfweave.plot;
  exports io.tfweave.regularizers;
  exports io.tfweave.saving;
  exports io.tfweave.shape;
  exports io.tfweave.testing;
  exports io.tfweave.training;
  exports io.tfweave.utils;

  uses io.tfweave.layers.LayerProvider;
  uses io.tfweave.models.ModelPersistence;

  provides io.tfweave.layers.LayerProvider with
      io.tfweave.layers.core.CoreLayers,
      io.tfweave.layers.activations.ActivationLayers,
      io.tfweave.layers.convolutional.ConvolutionalLayers,
      io.tfweave.layers.pooling.PoolingLayers,
      io.tfweave.layers.recurrent.RecurrentLayers,
      io.tfweave.layers.normalization.NormalizationLayers,
      io.tfweave.layers.preprocessing.PreprocessingLayers,
      io.tfweave.layers.merging.MergingLayers,
      io.tfweave.layers.reshaping.ReshapingLayers,
      io.tfweave.layers.regularization.RegularizationLayers,
      io.tfweave.layers.quadratic.QuadraticLayers,
      io.tfweave.layers.attention.AttentionLayers,
      io.tfweave.blocks.Blocks,
      io.tfweave.saving.SavedModelLayers;
  provides io.tfweave.models.ModelPersistence with
      io.tfweave.saving.SavedModels;
}
