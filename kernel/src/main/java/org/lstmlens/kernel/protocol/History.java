package org.lstmlens.kernel.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * The cells this kernel ran with {@code store_history}, answering history_request: {@code tail}, {@code range} and
 * {@code search} over this session (session number {@value #SESSION}; earlier sessions are not kept, so asking for
 * them gives an empty list).
 */
final class History {
    static final int SESSION = 1;

    private record Entry(int line, String input, String output) {
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
    }

    /** The {@code history} list for a history_request's content. */
    synchronized JsonArray answer(JsonObject request) {
        boolean withOutput = Message.bool(request, "output", false);
        List<Entry> chosen = switch (Message.string(request, "hist_access_type")) {
            case "tail" -> tail(entries, Message.integer(request, "n", 10));
            case "range" -> range(request);
            case "search" -> search(request);
            default -> List.of();
        };
        JsonArray history = new JsonArray();
        for (Entry entry : chosen) {
            JsonArray row = new JsonArray();
            row.add(SESSION);
            row.add(entry.line());
            if (withOutput) {
                JsonArray pair = new JsonArray();
                pair.add(entry.input());
                if (entry.output() == null) {
                    pair.add(JsonNull.INSTANCE);
                } else {
                    pair.add(entry.output());
                }
                row.add(pair);
            } else {
                row.add(entry.input());
            }
            history.add(row);
        }
        return history;
    }

    private List<Entry> range(JsonObject request) {
        int session = Message.integer(request, "session", 0);
        if (session != 0 && session != SESSION) {
            return List.of();
        }
        int start = Message.integer(request, "start", 0);
        int stop = Message.integer(request, "stop", Integer.MAX_VALUE);
        return entries.stream().filter(e -> e.line() >= start && e.line() < stop).toList();
    }

    private List<Entry> search(JsonObject request) {
        String pattern = Message.string(request, "pattern");
        Pattern glob = Pattern.compile(globToRegex(pattern.isEmpty() ? "*" : pattern), Pattern.DOTALL);
        List<Entry> matches = entries.stream().filter(e -> glob.matcher(e.input()).matches()).toList();
        if (Message.bool(request, "unique", false)) {
            Map<String, Entry> latest = new LinkedHashMap<>();
            for (Entry entry : matches) {
                latest.remove(entry.input());
                latest.put(entry.input(), entry);
            }
            matches = List.copyOf(latest.values());
        }
        return request.has("n") && !request.get("n").isJsonNull() ? tail(matches, Message.integer(request, "n", 10)) : matches;
    }

    private static List<Entry> tail(List<Entry> list, int n) {
        return list.subList(Math.max(0, list.size() - Math.max(0, n)), list.size());
    }

    private static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
