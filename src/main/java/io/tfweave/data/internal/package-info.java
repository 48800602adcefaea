/**
 * Implementation helpers of the data loaders (argument checks, numpy-compatible shuffling,
 * image decoding and resizing); not part of the public API.
 */
package io.tfweave.data.internal;
