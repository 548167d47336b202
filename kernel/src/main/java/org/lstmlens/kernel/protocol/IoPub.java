package org.lstmlens.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.google.gson.JsonObject;
import org.zeromq.ZMQ;

/**
 * The IOPub channel: status, execute_input and every output go out here, each with the request that caused it as
 * parent header. Several threads publish (the shell, the control channel, the output flusher, a cell's
 * {@code display}), so sending is synchronized: a ZeroMQ socket must not be used by two threads at once.
 */
public final class IoPub {
    private final ZMQ.Socket socket;
    private final Wire wire;
    private final String session;
    private boolean closed;

    IoPub(ZMQ.Socket socket, Wire wire, String session) {
        this.socket = socket;
        this.wire = wire;
        this.session = session;
    }

    /** Publishes a message of {@code type} with {@code parent}'s header as parent (none if {@code parent} is null). */
    public synchronized void publish(Message parent, String type, JsonObject content) {
        if (closed) {
            return;
        }
        Message child = Message.child(parent, session, type, content);
        byte[] topic = ("kernel." + session + "." + type).getBytes(StandardCharsets.UTF_8);
        wire.send(socket, new Message(List.of(topic), child.header(), child.parentHeader(), child.metadata(),
                content, List.of()));
    }

    public void status(Message parent, String state) {
        JsonObject content = new JsonObject();
        content.addProperty("execution_state", state);
        publish(parent, "status", content);
    }

    synchronized void close() {
        closed = true;
        socket.close();
    }
}
