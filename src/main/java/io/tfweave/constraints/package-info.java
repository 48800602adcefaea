/**
 * Weight constraints applied after each optimizer update ({@code keras.constraints}: MaxNorm, MinMaxNorm, NonNeg,
 * UnitNorm).
 */
package io.tfweave.constraints;
