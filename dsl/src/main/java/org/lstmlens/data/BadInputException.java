package org.lstmlens.data;

import org.lstmlens.error.LstmException;

/** A bad sequence met under {@link BadInput#REFUSE}: the message names it, what was wrong and what is valid. */
public final class BadInputException extends LstmException {
    private static final long serialVersionUID = 1L;
    private final Problem problem;

    public BadInputException(Problem problem) {
        super(problem.message() + " (to leave such sequences out and count them, use BadInput.SKIP: "
                + ".badInput(BadInput.SKIP))");
        this.problem = problem;
    }

    /** The bad sequence. */
    public Problem problem() {
        return problem;
    }
}
