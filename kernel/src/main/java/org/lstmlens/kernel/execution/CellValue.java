package org.lstmlens.kernel.execution;

/**
 * The value of a cell's last expression: the live object where JShell kept one, and the text JShell would print.
 *
 * @param live the object itself, or null (a null value, or an expression JShell keeps no variable for)
 * @param text what JShell prints for it, e.g. {@code "abc"} with its quotes, {@code int[3] { 1, 2, 3 }}
 */
public record CellValue(Object live, String text) {
}
