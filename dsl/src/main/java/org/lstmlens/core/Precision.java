package org.lstmlens.core;

/**
 * The arithmetic a pass runs in: {@link #DOUBLE}, the exact reference every number is checked against, or
 * {@link #FLOAT32}, as the frameworks compute (weights, inputs and state rounded to float once, every product and
 * activation in float): about twice the speed, float32's noise in the result.
 */
public enum Precision {
    DOUBLE,
    FLOAT32
}
