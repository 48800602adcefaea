/**
 * Helpers shared across tfweave's packages: argument checks with Keras-style messages and common graph snippets. Not
 * exported from the module and not API: public only so that other tfweave packages can use them, and free to change in any
 * release.
 */
package io.tfweave.internal;
