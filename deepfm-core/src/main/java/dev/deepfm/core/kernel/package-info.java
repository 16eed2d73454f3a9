/**
 * The dense arithmetic under every model: {@link dev.deepfm.core.kernel.Kernels}, implemented by
 * plain loops ({@link dev.deepfm.core.kernel.PlainKernels}, the reference) and by register-blocked SIMD
 * code on the incubating Vector API ({@link dev.deepfm.core.kernel.VectorKernels}), chosen at run
 * time.
 */
package dev.deepfm.core.kernel;
