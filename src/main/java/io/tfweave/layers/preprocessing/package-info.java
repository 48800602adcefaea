/**
 * Preprocessing layers that run inside the model graph ({@code keras.layers} {@code Rescaling}, {@code Resizing},
 * {@code Normalization}, {@code Discretization}, {@code CategoryEncoding}, {@code TextVectorization}, {@code StringLookup} and {@code IntegerLookup}) and image augmentation layers that act in
 * training only ({@code RandomFlip}, {@code RandomRotation}, {@code RandomZoom}, {@code RandomTranslation},
 * {@code RandomContrast}, {@code RandomCrop}, and torchvision's {@code RandomResizedCrop}).
 */
package io.tfweave.layers.preprocessing;
