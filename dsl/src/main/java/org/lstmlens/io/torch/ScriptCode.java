package org.lstmlens.io.torch;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The constants a TorchScript archive's compiled classes declare, read as text: torch.jit.save writes each class's
 * code under {@code code/} ({@code __torch__.torch.nn.modules.rnn.LSTM} in {@code code/__torch__/torch/nn/modules/
 * rnn.py}), and an nn.LSTM's hyperparameters are there as {@code hidden_size : Final[int] = 4} lines, not in its
 * pickled state. Only those lines are matched; the code is never compiled or run.
 */
final class ScriptCode {
    private static final Pattern CONSTANT = Pattern.compile("^  (\\w+) : Final\\[(\\w+)\\] = (.+?)\\s*$");

    private final Function<String, String> entries;
    private final Map<String, String> files = new HashMap<>();

    /** @param entries the text of an entry under the archive's {@code code/} (e.g. {@code __torch__/x.py}), or null */
    ScriptCode(Function<String, String> entries) {
        this.entries = entries;
    }

    /** The {@code Final} constants of class {@code qualified} ({@code __torch__.a.b.Cls}), empty when none are found. */
    Map<String, Object> constants(String qualified) {
        int dot = qualified.lastIndexOf('.');
        if (dot < 0) {
            return Map.of();
        }
        String file = qualified.substring(0, dot).replace('.', '/') + ".py";
        String cls = qualified.substring(dot + 1);
        String text = files.computeIfAbsent(file, f -> {
            String t = entries.apply(f);
            return t == null ? "" : t;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        boolean inside = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("class ")) {
                inside = line.startsWith("class " + cls + "(") || line.startsWith("class " + cls + ":");
                continue;
            }
            Matcher m = inside ? CONSTANT.matcher(line) : null;
            if (m != null && m.matches()) {
                out.put(m.group(1), value(m.group(2), m.group(3)));
            }
        }
        return out;
    }

    private static Object value(String type, String literal) {
        try {
            switch (type) {
                case "int":
                    return Long.parseLong(literal);
                case "float":
                    return Double.parseDouble(literal);
                case "bool":
                    return literal.equals("True") ? Boolean.TRUE : literal.equals("False") ? Boolean.FALSE : literal;
                case "str":
                    return literal.length() >= 2 ? literal.substring(1, literal.length() - 1) : literal;
                default:
                    return literal;
            }
        } catch (NumberFormatException e) {
            return literal;
        }
    }
}
