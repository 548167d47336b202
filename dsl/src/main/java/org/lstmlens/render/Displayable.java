package org.lstmlens.render;

/**
 * An object that knows how to show itself in a notebook. Every DSL view implements it; the kernel turns the bundle
 * into Jupyter display data without knowing the view's type. {@link #toString()} stays a one-line summary.
 */
public interface Displayable {
    /** The representations of this object, {@code text/plain} always, HTML and SVG where they say more. */
    MimeBundle toMimeBundle();
}
