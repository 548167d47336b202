/**
 * How long work reports progress and notices interrupts ({@link org.lstmlens.progress.Progress}), without knowing who
 * listens ({@link org.lstmlens.progress.ProgressListener}: the kernel draws a bar). A leaf: imports only the errors.
 */
package org.lstmlens.progress;
