package org.lstmlens.render;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an object shows in a notebook: one representation per MIME type, best first.
 * {@code text/plain} is always present. Immutable.
 */
public final class MimeBundle {
    public static final String TEXT_PLAIN = "text/plain";
    public static final String TEXT_HTML = "text/html";
    public static final String IMAGE_SVG = "image/svg+xml";

    private final Map<String, String> data;

    private MimeBundle(Map<String, String> data) {
        this.data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** A bundle with only {@code text/plain}. */
    public static MimeBundle text(String plain) {
        return builder(plain).build();
    }

    public static Builder builder(String plain) {
        return new Builder(plain);
    }

    /** MIME type to content, in insertion order, {@code text/plain} first. */
    public Map<String, String> data() {
        return data;
    }

    public String plain() {
        return data.get(TEXT_PLAIN);
    }

    public boolean has(String mimeType) {
        return data.containsKey(mimeType);
    }

    public String get(String mimeType) {
        return data.get(mimeType);
    }

    @Override
    public String toString() {
        return "MimeBundle" + data.keySet();
    }

    /** Collects representations; {@code text/plain} is given up front so it cannot be forgotten. */
    public static final class Builder {
        private final Map<String, String> data = new LinkedHashMap<>();

        private Builder(String plain) {
            data.put(TEXT_PLAIN, Objects.requireNonNull(plain, "text/plain"));
        }

        public Builder html(String html) {
            return put(TEXT_HTML, html);
        }

        public Builder svg(String svg) {
            return put(IMAGE_SVG, svg);
        }

        public Builder put(String mimeType, String content) {
            if (content != null) {
                data.put(mimeType, content);
            }
            return this;
        }

        public MimeBundle build() {
            return new MimeBundle(data);
        }
    }
}
