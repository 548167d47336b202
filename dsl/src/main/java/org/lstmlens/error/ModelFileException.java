package org.lstmlens.error;

/**
 * A model file that cannot be opened or does not hold what it claims: missing, truncated, not HDF5 or zip, not a
 * Keras model, arrays of the wrong shape, a config that disagrees with the weights. The message names the file and,
 * where there is one, the layer.
 */
public class ModelFileException extends LstmException {
    private static final long serialVersionUID = 1L;

    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
