/**
 * Implementation helpers of {@link io.tfweave.formats} and {@link io.tfweave.saving} (LevelDB tables, Snappy, CRC-32C,
 * tensor bytes and protos, Keras metadata). Not exported from the module and not API: public only so that those packages
 * can share them, and free to change in any release.
 */
package io.tfweave.formats.internal;
