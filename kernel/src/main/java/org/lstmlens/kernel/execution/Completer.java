package org.lstmlens.kernel.execution;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Suggestion;

/**
 * JShell's completions for the snippet under the cursor. JShell completes one snippet at a time, so the cell is cut
 * at the last snippet boundary before the cursor; positions here are UTF-16 indexes (the protocol layer converts).
 */
public final class Completer {
    /**
     * java.lang.Object's methods as JShell offers them: right after {@code lstm.} they would stand between the DSL's
     * own methods (wait, notify, hashCode, getClass, ...), so they are left out until a letter of them is typed.
     */
    private static final Set<String> OBJECT_MEMBERS = Set.of("wait(", "wait()", "notify()", "notifyAll()",
            "hashCode()", "getClass()", "equals(", "toString()");

    private final SourceCodeAnalysis analysis;

    Completer(SourceCodeAnalysis analysis) {
        this.analysis = analysis;
    }

    /**
     * The replacements for cell[start, end): {@code start} is where the typed word begins, {@code end} the cursor.
     *
     * @param matches type-matching suggestions first, each once
     */
    public record Completions(List<String> matches, int start, int end) {
    }

    Completions complete(String code, int cursor) {
        int at = Math.max(0, Math.min(cursor, code.length()));
        String before = code.substring(0, at);
        int snippetStart = Piece.lastStart(analysis, before);
        String snippet = before.substring(snippetStart);
        int[] anchor = new int[1];
        List<Suggestion> suggestions = analysis.completionSuggestions(snippet, snippet.length(), anchor);
        int wordStart = Math.max(0, Math.min(anchor[0], snippet.length()));
        boolean afterDot = wordStart == snippet.length() && snippet.endsWith(".");
        Set<String> typed = new LinkedHashSet<>();
        Set<String> others = new LinkedHashSet<>();
        for (Suggestion suggestion : suggestions) {
            if (afterDot && OBJECT_MEMBERS.contains(suggestion.continuation())) {
                continue; // what every object has: offered once the user starts typing it
            }
            (suggestion.matchesType() ? typed : others).add(suggestion.continuation());
        }
        List<String> matches = new ArrayList<>(typed);
        others.stream().filter(s -> !typed.contains(s)).forEach(matches::add);
        return new Completions(matches, snippetStart + wordStart, at);
    }
}
