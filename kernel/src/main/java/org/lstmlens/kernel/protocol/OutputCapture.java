package org.lstmlens.kernel.protocol;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import com.google.gson.JsonObject;

/**
 * {@code System.out} and {@code System.err} of cells, published as {@code stream} messages in coalesced chunks.
 *
 * <p>Why: a PrintStream flushes on every println, and the base kernel turns each flush into a message (10,000 prints,
 * 10,000 messages, some lost at the IOPub high-water mark). Here writes only fill a buffer; a flusher thread
 * publishes what gathered {@value #COALESCE_MS} ms after the first write, and the shell flushes before any reply,
 * result, error or display so the order in the notebook is the order of the code.
 */
public final class OutputCapture {
    static final long COALESCE_MS = 25;
    private static final int EAGER_FLUSH_BYTES = 1 << 20;

    private final IoPub iopub;
    private final KernelLog log;
    private final Buffer out = new Buffer("stdout");
    private final Buffer err = new Buffer("stderr");
    private final Object signal = new Object();
    private boolean dirty;
    /** The request output belongs to; null drops output (a silent execute). */
    private volatile Message parent;

    OutputCapture(IoPub iopub, KernelLog log) {
        this.iopub = iopub;
        this.log = log;
    }

    /** Points {@code System.out}/{@code System.err} here and starts the flusher. */
    void install() {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Thread flusher = new Thread(this::flushLoop, "lstm-lens-output");
        flusher.setDaemon(true);
        flusher.start();
    }

    /** From now on output belongs to {@code request} (null: dropped). */
    void attachTo(Message request) {
        flush();
        parent = request;
    }

    /** The request output currently belongs to, or null. */
    Message owner() {
        return parent;
    }

    /** Publishes everything written so far, stdout before stderr. */
    public synchronized void flush() {
        publish(out);
        publish(err);
    }

    private void publish(Buffer buffer) {
        String text = buffer.drain();
        Message owner = parent;
        if (text.isEmpty() || owner == null) {
            return;
        }
        JsonObject content = new JsonObject();
        content.addProperty("name", buffer.name);
        content.addProperty("text", text);
        iopub.publish(owner, "stream", content);
    }

    private void flushLoop() {
        while (true) {
            try {
                synchronized (signal) {
                    while (!dirty) {
                        signal.wait();
                    }
                    dirty = false;
                }
                Thread.sleep(COALESCE_MS);
                flush();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("publishing output failed", e);
            }
        }
    }

    private void written(int pending) {
        if (pending > EAGER_FLUSH_BYTES) {
            flush();
            return;
        }
        synchronized (signal) {
            if (!dirty) {
                dirty = true;
                signal.notifyAll();
            }
        }
    }

    /** Bytes written by a stream, handed out as text up to the last complete UTF-8 character. */
    private final class Buffer extends OutputStream {
        private final String name;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Buffer(String name) {
            this.name = name;
        }

        @Override
        public void write(int b) {
            int pending;
            synchronized (this) {
                bytes.write(b);
                pending = bytes.size();
            }
            written(pending);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int pending;
            synchronized (this) {
                bytes.write(b, off, len);
                pending = bytes.size();
            }
            written(pending);
        }

        synchronized String drain() {
            byte[] all = bytes.toByteArray();
            int complete = Utf8.completePrefix(all);
            bytes.reset();
            bytes.write(all, complete, all.length - complete);
            return new String(all, 0, complete, StandardCharsets.UTF_8);
        }
    }
}
