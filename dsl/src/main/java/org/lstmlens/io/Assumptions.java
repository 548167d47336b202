package org.lstmlens.io;

import java.util.ArrayList;
import java.util.List;

/** Sentences saying what loading assumed where the file was silent; shown with the model. */
final class Assumptions {
    private final List<String> items = new ArrayList<>();

    void add(String sentence) {
        if (!items.contains(sentence)) {
            items.add(sentence);
        }
    }

    List<String> list() {
        return List.copyOf(items);
    }
}
