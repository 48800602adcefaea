/**
 * Hooks that let tfweave's loaders set model state that is not public API (a loaded model's training record). Not exported
 * from the module and not API: free to change in any release.
 */
package io.tfweave.models.internal;
