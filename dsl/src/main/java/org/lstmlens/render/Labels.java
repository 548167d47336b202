package org.lstmlens.render;

/** Row labels shared by heatmaps, tables and text: {@code x[0]}, {@code h[2]}, {@code t=3}, a bias row {@code b}. */
final class Labels {
    private Labels() {
    }

    /**
     * The label of row {@code r} (or rows {@code r..last} when pooled).
     *
     * @param name {@code t} labels {@code t=r}, {@code step} labels {@code step r}; {@code b} and {@code b'} (a bias, one row) label themselves; others {@code name[r]}
     */
    static String row(String name, String index) {
        if (name.equals("t")) {
            return "t=" + index;
        }
        if (name.equals("step")) {
            return "step " + index;
        }
        if (name.equals("b") || name.equals("b'")) {
            return name;
        }
        return name + "[" + index + "]";
    }
}
