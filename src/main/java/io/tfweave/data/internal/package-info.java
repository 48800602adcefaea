/**
 * Implementation helpers of the data loaders (argument checks, numpy-compatible shuffling,
 * image decoding and resizing). Not exported from the module and not API: public only so that the data packages can
 * share them, and free to change in any release.
 */
package io.tfweave.data.internal;
