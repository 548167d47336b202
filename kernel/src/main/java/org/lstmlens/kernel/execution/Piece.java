package org.lstmlens.kernel.execution;

import java.util.ArrayList;
import java.util.List;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

/**
 * One snippet of a cell, as JShell's completeness analysis cuts it, and where it starts in the cell (UTF-16 index).
 * A cell of several statements runs snippet by snippet; positions in a snippet's diagnostics are mapped back with
 * {@link #start()}.
 *
 * @param source   the text given to JShell (it may have a {@code ;} added)
 * @param start    index in the cell of the snippet's first character
 * @param complete false for a tail JShell sees as incomplete or invalid (evaluating it reports the compiler's error)
 */
record Piece(String source, int start, boolean complete) {

    /** Cuts {@code cell} into snippets; the last one may be incomplete. */
    static List<Piece> split(SourceCodeAnalysis analysis, String cell) {
        List<Piece> pieces = new ArrayList<>();
        int offset = 0;
        while (offset < cell.length() && !cell.substring(offset).isBlank()) {
            String remaining = cell.substring(offset);
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete() || info.source() == null) {
                pieces.add(new Piece(remaining, offset, false));
                break;
            }
            int consumed = remaining.length() - info.remaining().length();
            if (consumed <= 0) {
                pieces.add(new Piece(remaining, offset, false));
                break;
            }
            if (!info.source().isBlank()) {
                pieces.add(new Piece(info.source(), locate(cell, offset, info.source()), true));
            }
            offset += consumed;
        }
        return pieces;
    }

    /** Where JShell's (possibly trimmed, possibly ';'-completed) source begins in the cell. */
    private static int locate(String cell, int from, String source) {
        String body = source.strip();
        if (body.endsWith(";")) {
            body = body.substring(0, body.length() - 1);
        }
        int firstLineEnd = body.indexOf('\n');
        String probe = firstLineEnd < 0 ? body : body.substring(0, firstLineEnd);
        int found = probe.isEmpty() ? -1 : cell.indexOf(probe, from);
        if (found < 0) {
            found = from;
            while (found < cell.length() && Character.isWhitespace(cell.charAt(found))) {
                found++;
            }
        }
        int leading = source.length() - source.stripLeading().length();
        return Math.max(from, found - leading);
    }

    /** Start of the snippet {@code text} ends in: after every complete snippet that has more text behind it. */
    static int lastStart(SourceCodeAnalysis analysis, String text) {
        int offset = 0;
        int lastStart = 0;
        while (offset < text.length()) {
            String remaining = text.substring(offset);
            if (remaining.isBlank()) {
                break;
            }
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            lastStart = offset;
            if (!info.completeness().isComplete()) {
                break;
            }
            int consumed = remaining.length() - info.remaining().length();
            if (consumed <= 0) {
                break;
            }
            offset += consumed;
        }
        return lastStart;
    }
}
