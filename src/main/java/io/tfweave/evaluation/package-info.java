/**
 * Evaluating a trained classifier on its predictions, in plain Java: {@link io.tfweave.evaluation.ConfusionMatrix} and
 * {@link io.tfweave.evaluation.ClassificationReport}, with scikit-learn's definitions ({@code sklearn.metrics}
 * {@code confusion_matrix}, {@code classification_report}); Keras has no such module.
 */
package io.tfweave.evaluation;
