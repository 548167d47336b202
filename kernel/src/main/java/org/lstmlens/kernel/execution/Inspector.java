package org.lstmlens.kernel.execution;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Documentation;

/**
 * What Shift-Tab shows: JShell's signatures for the method or type under the cursor, each followed by the DSL's own
 * javadoc where it has one ({@link DslDocs}); for a variable, its type and that type's documentation.
 *
 * <p>JShell documents a call only with the cursor right after its {@code (}, so the cursor is first moved to the end
 * of the word it touches, and past a {@code (} that follows.
 */
final class Inspector {
    private final SourceCodeAnalysis analysis;
    private final DslDocs docs;
    private final Function<String, Optional<String>> variableType;

    Inspector(SourceCodeAnalysis analysis, DslDocs docs, Function<String, Optional<String>> variableType) {
        this.analysis = analysis;
        this.docs = docs;
        this.variableType = variableType;
    }

    Optional<String> inspect(String code, int cursor) {
        int at = Math.max(0, Math.min(cursor, code.length()));
        int wordStart = at;
        while (wordStart > 0 && Character.isJavaIdentifierPart(code.charAt(wordStart - 1))) {
            wordStart--;
        }
        int wordEnd = at;
        while (wordEnd < code.length() && Character.isJavaIdentifierPart(code.charAt(wordEnd))) {
            wordEnd++;
        }
        if (wordStart == wordEnd && at > 0 && code.charAt(at - 1) == '(') {
            // the cursor right after "name(": JShell's own favourite spot
            return render(documentation(code, at));
        }
        if (wordEnd < code.length() && code.charAt(wordEnd) == '(') {
            List<Documentation> call = documentation(code, wordEnd + 1);
            if (!call.isEmpty()) {
                return render(call);
            }
        }
        if (wordEnd > wordStart && wordStart > 0 && code.charAt(wordStart - 1) == '.') {
            // "lstm.params" without its parenthesis: document it as the call it names
            List<Documentation> named = documentation(code.substring(0, wordEnd) + "(", wordEnd + 1);
            if (!named.isEmpty()) {
                return render(named);
            }
        }
        List<Documentation> plain = documentation(code, wordEnd);
        if (!plain.isEmpty()) {
            return render(plain);
        }
        String word = code.substring(wordStart, wordEnd);
        return word.isEmpty() ? Optional.empty() : variableType.apply(word).map(type -> describeVariable(word, type));
    }

    private List<Documentation> documentation(String code, int end) {
        String upToCursor = code.substring(0, end);
        String snippet = upToCursor.substring(Piece.lastStart(analysis, upToCursor));
        return analysis.documentation(snippet, snippet.length(), false);
    }

    private Optional<String> render(List<Documentation> found) {
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        for (Documentation doc : found) {
            if (out.length() > 0) {
                out.append("\n\n");
            }
            out.append(doc.signature());
            docs.forSignature(doc.signature()).ifPresent(text -> out.append("\n").append(indent(text)));
        }
        return Optional.of(out.toString());
    }

    private String describeVariable(String name, String type) {
        String head = name + ": " + type;
        return docs.forType(type).map(text -> head + "\n" + indent(text)).orElse(head);
    }

    private static String indent(String text) {
        return text.lines().map(line -> "    " + line).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
