package org.lstmlens.kernel.execution;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

/**
 * JShell's completeness in Jupyter's is_complete words: COMPLETE, COMPLETE_WITH_SEMI and EMPTY are "complete";
 * DEFINITELY_INCOMPLETE and CONSIDERED_INCOMPLETE "incomplete" (with an indent for the next line); UNKNOWN "invalid".
 * A cell of several snippets is as complete as its first snippet that is not.
 */
final class Completeness {
    private static final String INDENT_STEP = "    ";

    private Completeness() {
    }

    /**
     * @param status "complete", "incomplete" or "invalid"
     * @param indent for "incomplete", the whitespace to start the next line with; otherwise empty
     */
    public record Verdict(String status, String indent) {
    }

    static Verdict of(SourceCodeAnalysis analysis, String code) {
        String remaining = code;
        while (!remaining.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            switch (info.completeness()) {
                case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> {
                    if (info.remaining().length() >= remaining.length()) {
                        return new Verdict("complete", "");
                    }
                    remaining = info.remaining();
                }
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    return new Verdict("incomplete", indentFor(code));
                }
                default -> {
                    return new Verdict("invalid", "");
                }
            }
        }
        return new Verdict("complete", "");
    }

    /** One step per bracket still open at the end of the code (strings and comments are not special-cased). */
    private static String indentFor(String code) {
        int open = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '{' || c == '(' || c == '[') {
                open++;
            } else if ((c == '}' || c == ')' || c == ']') && open > 0) {
                open--;
            }
        }
        return INDENT_STEP.repeat(open);
    }
}
