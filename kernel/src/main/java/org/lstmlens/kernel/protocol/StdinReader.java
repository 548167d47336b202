package org.lstmlens.kernel.protocol;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.google.gson.JsonObject;
import org.zeromq.ZMQ;

/**
 * {@code System.in} of cells: a read asks the frontend for a line ({@code input_request} on the stdin channel, routed
 * to the client that sent the execute) when that execute allowed stdin; otherwise, and between cells, it is at end
 * of input, so a cell never hangs on the kernel process's own stdin.
 *
 * <p>The wait for the answer wakes every {@value #POLL_MS} ms, so an interrupt (JShell's stop) can end it.
 */
final class StdinReader extends InputStream {
    private static final int POLL_MS = 100;

    private final ZMQ.Socket socket;
    private final Wire wire;
    private final String session;
    private final OutputCapture output;
    private volatile Message request;
    private byte[] pending = new byte[0];
    private int position;

    StdinReader(ZMQ.Socket socket, Wire wire, String session, OutputCapture output) {
        this.socket = socket;
        this.wire = wire;
        this.session = session;
        this.output = output;
        socket.setReceiveTimeOut(POLL_MS);
    }

    /** Reads go to the client of {@code execute} if it allows stdin; null (or not allowed): end of input. */
    void attachTo(Message execute) {
        request = execute != null && Message.bool(execute.content(), "allow_stdin", false) ? execute : null;
        synchronized (this) {
            pending = new byte[0];
            position = 0;
        }
    }

    @Override
    public synchronized int read() {
        if (position == pending.length && !askForLine()) {
            return -1;
        }
        return pending[position++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (position == pending.length && !askForLine()) {
            return -1;
        }
        int count = Math.min(length, pending.length - position);
        System.arraycopy(pending, position, buffer, offset, count);
        position += count;
        return count;
    }

    @Override
    public synchronized int available() {
        return pending.length - position;
    }

    private boolean askForLine() {
        Message execute = request;
        if (execute == null) {
            return false;
        }
        output.flush(); // a prompt printed just before must show before the input box
        JsonObject content = new JsonObject();
        content.addProperty("prompt", "");
        content.addProperty("password", false);
        wire.send(socket, Message.child(execute, session, "input_request", content));
        while (request == execute) {
            Optional<Message> reply = wire.read(socket, 0, "stdin");
            if (reply.isPresent() && "input_reply".equals(reply.get().type())) {
                pending = (Message.string(reply.get().content(), "value") + "\n").getBytes(StandardCharsets.UTF_8);
                position = 0;
                return true;
            }
        }
        return false;
    }
}
