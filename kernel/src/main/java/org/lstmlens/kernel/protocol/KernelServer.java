package org.lstmlens.kernel.protocol;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import com.google.gson.JsonObject;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The kernel's five ZeroMQ sockets and the threads serving them: shell (requests, one at a time), control (interrupt
 * and shutdown, while a cell runs), heartbeat (echo), IOPub (publish only) and stdin (a cell's {@code System.in},
 * see {@link StdinReader}).
 *
 * <p>Why not jupyter-jvm-basekernel's channels: they poll every 50 ms (about 56 ms added to each request), die for good on
 * one badly signed message, and cannot be fixed by subclassing (the handlers are private). Here each loop blocks on
 * its socket, so a request is served as soon as it arrives, and every failure is caught per message.
 * Shutdown terminates the ZeroMQ context: loops blocked in {@code recv} wake with ETERM and close their sockets, and
 * queued replies are flushed before the process exits.
 */
public final class KernelServer {
    private static final int LINGER_MS = 1000;
    private static final long SHUTDOWN_DEADLINE_MS = 3000;
    private static final long EXIT_NOTICE_SEND_MS = 300;

    private final ConnectionFile connection;
    private final KernelBackend backend;
    private final KernelLog log;
    private final String session = UUID.randomUUID().toString();
    private final ZMQ.Context context = ZMQ.context(1);
    private final Wire wire;
    private final ZMQ.Socket shell;
    private final ZMQ.Socket control;
    private final ZMQ.Socket stdin;
    private final ZMQ.Socket heartbeat;
    private final IoPub iopub;
    private final OutputCapture output;
    private final StdinReader input;
    private final RequestHandlers handlers;
    private volatile boolean closing;

    public KernelServer(ConnectionFile connection, KernelBackend backend, KernelLog log) {
        this.connection = connection;
        this.backend = backend;
        this.log = log;
        this.wire = new Wire(Signer.of(connection.signatureScheme(), connection.key()), log);
        this.shell = bind(SocketType.ROUTER, connection.shellPort());
        this.control = bind(SocketType.ROUTER, connection.controlPort());
        this.stdin = bind(SocketType.ROUTER, connection.stdinPort());
        this.heartbeat = bind(SocketType.REP, connection.hbPort());
        this.iopub = new IoPub(bind(SocketType.PUB, connection.iopubPort()), wire, session);
        this.output = new OutputCapture(iopub, log);
        this.input = new StdinReader(stdin, wire, session, output);
        this.handlers = new RequestHandlers(backend, iopub, output, input, session);
    }

    private ZMQ.Socket bind(SocketType type, int port) {
        ZMQ.Socket socket = context.socket(type);
        socket.setLinger(LINGER_MS);
        socket.bind(connection.address(port));
        return socket;
    }

    /** Starts serving; returns at once. Output of cells is captured from here on. */
    public void start() {
        output.install();
        System.setIn(input);
        thread("lstm-lens-heartbeat", this::heartbeatLoop);
        thread("lstm-lens-control", () -> serve(control, "control"));
        thread("lstm-lens-shell", () -> serve(shell, "shell"));
        iopub.status(null, "starting");
    }

    /** Shows a value mid-cell as display_data, under the running cell. */
    public void display(Map<String, String> data) {
        Message parent = output.owner();
        if (parent != null) {
            display(parent, data, null, false, new JsonObject());
        }
    }

    /** Shows display data under one cell, whichever thread calls and whenever. */
    public interface CellOutput {
        /**
         * Shows {@code data} as display_data, with {@code displayId} (if not null) so that later updates replace it in
         * place; or, with {@code update}, as update_display_data of the display {@code displayId}.
         */
        void show(Map<String, String> data, String displayId, boolean update);
    }

    /**
     * The output of the cell running now, bound to it: what a worker thread or a timer shows later still goes under
     * that cell (as its parent header). Null when no cell runs or its execute is silent.
     *
     * @param marker a key set to true in each display's metadata (a notebook runner can leave such outputs out)
     */
    public CellOutput runningCell(String marker) {
        Message parent = output.owner();
        JsonObject metadata = new JsonObject();
        metadata.addProperty(marker, true);
        return parent == null ? null : (data, displayId, update) -> display(parent, data, displayId, update, metadata);
    }

    private void display(Message parent, Map<String, String> data, String displayId, boolean update,
            JsonObject metadata) {
        output.flush();
        JsonObject content = new JsonObject();
        content.add("data", Wire.mimeData(data));
        content.add("metadata", metadata.deepCopy());
        JsonObject transientPart = new JsonObject();
        if (displayId != null) {
            transientPart.addProperty("display_id", displayId);
        }
        content.add("transient", transientPart);
        iopub.publish(parent, update ? "update_display_data" : "display_data", content);
    }

    /**
     * Run by the JVM's shutdown hook. When the process ends though no client asked (code the kernel cannot guard called
     * System.exit: a library, or reflection; a cell's own exits are refused), what the cell printed so far goes out,
     * then a line saying why the kernel ends; a shutdown the client asked for passes without a word.
     */
    public void exitNotice() {
        if (closing) {
            return;
        }
        log.warn("exiting without a shutdown request: System.exit was called outside a cell's own code "
                + "(by a library, or through reflection)");
        Message owner = output.owner();
        output.flush();
        if (owner == null) {
            return;
        }
        JsonObject content = new JsonObject();
        content.addProperty("name", "stderr");
        content.addProperty("text", "The kernel is ending: code this cell called (a library, or reflection) ran "
                + "System.exit, which the kernel refuses only in a cell's own code. What the cell printed is above; "
                + "the variables are lost. Jupyter starts a new kernel when you restart it (Kernel > Restart Kernel).\n");
        iopub.publish(owner, "stream", content);
        try {
            Thread.sleep(EXIT_NOTICE_SEND_MS); // ZeroMQ sends from its own thread: give it time before the JVM ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void thread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(false);
        thread.start();
    }

    private void heartbeatLoop() {
        try {
            while (!closing) {
                byte[] ping = heartbeat.recv(0);
                if (ping != null) {
                    heartbeat.send(ping, 0);
                }
            }
        } catch (ZMQException | IllegalStateException e) {
            // context terminated: shutting down
        } finally {
            heartbeat.close();
        }
    }

    private void serve(ZMQ.Socket socket, String channel) {
        // what was waiting when an execute failed, taken before its error reply goes out: a request the client sends
        // after seeing that reply (or an "aborted" one) is never caught up in a stop_on_error abort
        List<Message> queuedAtFailure = new ArrayList<>();
        Consumer<Message> send = reply -> {
            if (isFailedExecute(reply)) {
                queuedAtFailure.addAll(takeQueued(socket, channel));
            }
            wire.send(socket, reply);
        };
        Deque<Pending> pending = new ArrayDeque<>();
        try {
            while (!closing) {
                Pending next = pending.poll();
                if (next == null) {
                    Optional<Message> request = readSafely(socket, 0, channel);
                    if (request.isEmpty()) {
                        continue;
                    }
                    next = new Pending(request.get(), false);
                }
                RequestHandlers.Outcome outcome;
                if (next.abort()) {
                    handlers.abort(next.request(), send);
                    outcome = RequestHandlers.Outcome.DONE;
                } else {
                    outcome = handlers.handle(next.request(), send);
                }
                // stop_on_error: executes that were waiting behind the failed one are answered "aborted", in order
                boolean abort = outcome == RequestHandlers.Outcome.ABORT_QUEUED;
                for (Message queued : queuedAtFailure) {
                    pending.add(new Pending(queued, abort && "execute_request".equals(queued.type())));
                }
                queuedAtFailure.clear();
                if (outcome == RequestHandlers.Outcome.SHUTDOWN || outcome == RequestHandlers.Outcome.RESTART) {
                    socket.close();
                    shutdown(outcome == RequestHandlers.Outcome.RESTART);
                    return;
                }
            }
        } catch (ZMQException | IllegalStateException e) {
            if (!closing) {
                log.error(channel + " channel stopped", e);
            }
        }
        socket.close();
    }

    /** A request taken off the socket early, and whether stop_on_error aborts it. */
    private record Pending(Message request, boolean abort) {
    }

    private List<Message> takeQueued(ZMQ.Socket socket, String channel) {
        List<Message> queued = new ArrayList<>();
        Optional<Message> next;
        while (!closing && (next = readSafely(socket, ZMQ.DONTWAIT, channel)).isPresent()) {
            queued.add(next.get());
        }
        return queued;
    }

    private static boolean isFailedExecute(Message reply) {
        return "execute_reply".equals(reply.type()) && "error".equals(Message.string(reply.content(), "status"));
    }

    private Optional<Message> readSafely(ZMQ.Socket socket, int flags, String channel) {
        try {
            return wire.read(socket, flags, channel);
        } catch (ZMQException e) {
            if (e.getErrorCode() == ZMQ.Error.EAGAIN.getCode()) {
                return Optional.empty();
            }
            throw e;
        } catch (RuntimeException e) {
            if (closing) {
                throw new IllegalStateException("closing", e);
            }
            log.error("could not read a message on " + channel, e);
            return Optional.empty();
        }
    }

    /** Stops the running cell, flushes output, closes every socket and exits, within a few seconds in any case. */
    private synchronized void shutdown(boolean restart) {
        if (closing) {
            return;
        }
        closing = true;
        Thread deadline = new Thread(() -> {
            try {
                Thread.sleep(SHUTDOWN_DEADLINE_MS);
            } catch (InterruptedException e) {
                return;
            }
            log.warn("shutdown took longer than " + SHUTDOWN_DEADLINE_MS + " ms; halting");
            Runtime.getRuntime().halt(0);
        }, "lstm-lens-shutdown-deadline");
        deadline.setDaemon(true);
        deadline.start();
        log.info(restart ? "restart requested: exiting for the client to start a new kernel" : "shutting down");
        backend.shutdown(restart);
        output.flush();
        iopub.close();
        input.attachTo(null);
        stdin.close();
        context.term();
        System.exit(0);
    }
}
