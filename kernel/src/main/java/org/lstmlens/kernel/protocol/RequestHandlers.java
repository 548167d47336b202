package org.lstmlens.kernel.protocol;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.lstmlens.kernel.execution.CellException;
import org.lstmlens.kernel.execution.Completer.Completions;

/**
 * Answers shell and control requests as messaging spec 5.3 asks: {@code status: busy} first and {@code idle} last on
 * IOPub with the request as parent, a reply with {@code status} to every request (an error reply to unknown ones),
 * execute's {@code execution_count}, {@code silent} and {@code store_history} honoured.
 *
 * <p>Why our own handlers: the base kernel's are private, leave {@code status} out of several replies, never answer
 * history or unknown requests, and ignore silent/store_history.
 */
final class RequestHandlers {
    /** What the channel loop does after a request. */
    enum Outcome { DONE, ABORT_QUEUED, SHUTDOWN, RESTART }

    private final KernelBackend backend;
    private final IoPub iopub;
    private final OutputCapture output;
    private final StdinReader input;
    private final History history = new History();
    private final String session;
    /** Touched by the shell thread only. */
    private int executionCount;
    private Message lastVisibleExecute;

    RequestHandlers(KernelBackend backend, IoPub iopub, OutputCapture output, StdinReader input, String session) {
        this.backend = backend;
        this.iopub = iopub;
        this.output = output;
        this.input = input;
        this.session = session;
    }

    /** Handles one request between busy and idle; {@code send} puts the reply on the request's channel. */
    Outcome handle(Message request, Consumer<Message> send) {
        String type = request.type();
        if (!type.endsWith("_request") && !type.startsWith("comm_")) {
            return Outcome.DONE; // a stray reply or an unknown event: nothing to answer
        }
        iopub.status(request, "busy");
        try {
            return dispatch(request, type, send);
        } catch (RuntimeException | LinkageError e) {
            // a kernel bug answering one request must not leave the client waiting
            send.accept(reply(request, error(e.getClass().getName(), String.valueOf(e.getMessage()), List.of())));
            return Outcome.DONE;
        } finally {
            iopub.status(request, "idle");
        }
    }

    private Outcome dispatch(Message request, String type, Consumer<Message> send) {
        JsonObject content = request.content();
        switch (type) {
            case "execute_request" -> {
                return execute(request, send);
            }
            case "kernel_info_request" -> send.accept(reply(request, kernelInfo()));
            case "complete_request" -> send.accept(reply(request, complete(content)));
            case "inspect_request" -> send.accept(reply(request, inspect(content)));
            case "is_complete_request" -> send.accept(reply(request, isComplete(content)));
            case "history_request" -> {
                JsonObject body = ok();
                body.add("history", history.answer(content));
                send.accept(reply(request, body));
            }
            case "comm_info_request" -> {
                JsonObject body = ok();
                body.add("comms", new JsonObject());
                send.accept(reply(request, body));
            }
            case "comm_open" -> {
                // no comm targets: the spec says to close a comm we cannot open
                JsonObject close = new JsonObject();
                close.addProperty("comm_id", Message.string(content, "comm_id"));
                close.add("data", new JsonObject());
                iopub.publish(request, "comm_close", close);
            }
            case "comm_msg", "comm_close" -> {
                // no comms are open, so there is nothing to deliver
            }
            case "interrupt_request" -> {
                backend.interrupt();
                send.accept(reply(request, ok()));
            }
            case "shutdown_request" -> {
                boolean restart = Message.bool(content, "restart", false);
                JsonObject body = ok();
                body.addProperty("restart", restart);
                send.accept(reply(request, body));
                return restart ? Outcome.RESTART : Outcome.SHUTDOWN;
            }
            default -> send.accept(reply(request, error("UnknownRequest",
                    "lstm-lens does not handle " + type, List.of())));
        }
        return Outcome.DONE;
    }

    /** Replies {@code status: aborted} to an execute queued behind a failed one (stop_on_error). */
    void abort(Message request, Consumer<Message> send) {
        iopub.status(request, "busy");
        try {
            JsonObject body = new JsonObject();
            body.addProperty("status", "aborted");
            body.addProperty("execution_count", executionCount);
            send.accept(reply(request, body));
        } finally {
            iopub.status(request, "idle");
        }
    }

    private Outcome execute(Message request, Consumer<Message> send) {
        JsonObject content = request.content();
        String code = Message.string(content, "code");
        boolean silent = Message.bool(content, "silent", false);
        // like IPython, a blank cell is not counted nor kept in history
        boolean store = Message.bool(content, "store_history", true) && !silent && !code.isBlank();
        boolean stopOnError = Message.bool(content, "stop_on_error", true);
        int count = store ? ++executionCount : executionCount;
        if (!silent) {
            JsonObject announced = new JsonObject();
            announced.addProperty("code", code);
            announced.addProperty("execution_count", count);
            iopub.publish(request, "execute_input", announced);
            lastVisibleExecute = request;
        }
        output.attachTo(silent ? null : request);
        input.attachTo(request);
        JsonObject body;
        String resultText = null;
        boolean failed = false;
        try {
            if (backend.isExitRequest(code)) {
                // IPython's answer to `exit`: jupyter console then ends the session and shuts the kernel down
                body = ok();
                body.add("payload", askExit());
                body.add("user_expressions", new JsonObject());
            } else {
                Optional<Map<String, String>> value = backend.execute(code);
                output.flush();
                if (value.isPresent() && !silent) {
                    JsonObject result = new JsonObject();
                    result.addProperty("execution_count", count);
                    result.add("data", Wire.mimeData(value.get()));
                    result.add("metadata", new JsonObject());
                    iopub.publish(request, "execute_result", result);
                    resultText = value.get().get("text/plain");
                }
                body = ok();
                body.add("payload", new JsonArray());
                body.add("user_expressions", userExpressions(content));
            }
        } catch (CellException e) {
            failed = true;
            body = failure(request, silent, e.ename(), e.evalue(), e.traceback());
        } catch (RuntimeException | LinkageError e) {
            // a kernel bug must still answer the cell, and the kernel carries on
            failed = true;
            body = failure(request, silent, e.getClass().getName(), String.valueOf(e.getMessage()),
                    List.of("internal error in the kernel: " + e));
        }
        body.addProperty("execution_count", count);
        if (store) {
            history.add(count, code, resultText);
        }
        input.attachTo(null);
        send.accept(reply(request, body));
        if (silent) {
            output.attachTo(lastVisibleExecute);
        }
        return failed && stopOnError ? Outcome.ABORT_QUEUED : Outcome.DONE;
    }

    private static JsonArray askExit() {
        JsonObject askExit = new JsonObject();
        askExit.addProperty("source", "ask_exit");
        askExit.addProperty("keepkernel", false);
        JsonArray payload = new JsonArray();
        payload.add(askExit);
        return payload;
    }

    private JsonObject failure(Message request, boolean silent, String ename, String evalue, List<String> traceback) {
        output.flush();
        JsonObject body = error(ename, evalue, traceback);
        if (!silent) {
            JsonObject published = error(ename, evalue, traceback);
            published.remove("status");
            iopub.publish(request, "error", published);
        }
        return body;
    }

    private JsonObject userExpressions(JsonObject content) {
        JsonObject results = new JsonObject();
        if (!content.has("user_expressions") || !content.get("user_expressions").isJsonObject()) {
            return results;
        }
        for (Map.Entry<String, com.google.gson.JsonElement> entry : content.getAsJsonObject("user_expressions").entrySet()) {
            JsonObject result;
            try {
                Map<String, String> data = backend.execute(entry.getValue().getAsString())
                        .orElse(Map.of("text/plain", ""));
                result = ok();
                result.add("data", Wire.mimeData(data));
                result.add("metadata", new JsonObject());
            } catch (CellException e) {
                result = error(e.ename(), e.evalue(), e.traceback());
            } catch (RuntimeException e) {
                result = error(e.getClass().getName(), String.valueOf(e.getMessage()), List.of());
            }
            results.add(entry.getKey(), result);
        }
        return results;
    }

    JsonObject kernelInfo() {
        JsonObject body = ok();
        body.addProperty("protocol_version", Message.PROTOCOL_VERSION);
        body.addProperty("implementation", "lstm-lens");
        body.addProperty("implementation_version", backend.implementationVersion());
        body.add("language_info", backend.languageInfo());
        body.addProperty("banner", backend.banner());
        body.add("help_links", new JsonArray());
        body.addProperty("debugger", false);
        return body;
    }

    private JsonObject complete(JsonObject content) {
        String code = Message.string(content, "code");
        int cursor = Utf8.toUtf16(code, Message.integer(content, "cursor_pos", code.codePointCount(0, code.length())));
        Completions completions = backend.completions(code, cursor);
        JsonObject body = ok();
        JsonArray matches = new JsonArray();
        completions.matches().forEach(matches::add);
        body.add("matches", matches);
        body.addProperty("cursor_start", Utf8.toCodePoints(code, completions.start()));
        body.addProperty("cursor_end", Utf8.toCodePoints(code, completions.end()));
        body.add("metadata", new JsonObject());
        return body;
    }

    private JsonObject inspect(JsonObject content) {
        String code = Message.string(content, "code");
        int cursor = Utf8.toUtf16(code, Message.integer(content, "cursor_pos", code.codePointCount(0, code.length())));
        Optional<String> text = backend.documentation(code, cursor);
        JsonObject body = ok();
        body.addProperty("found", text.isPresent());
        JsonObject data = new JsonObject();
        text.ifPresent(t -> data.addProperty("text/plain", t));
        body.add("data", data);
        body.add("metadata", new JsonObject());
        return body;
    }

    private JsonObject isComplete(JsonObject content) {
        String[] verdict = backend.completeness(Message.string(content, "code"));
        JsonObject body = new JsonObject();
        body.addProperty("status", verdict[0]);
        if ("incomplete".equals(verdict[0])) {
            body.addProperty("indent", verdict[1]);
        }
        return body;
    }

    private Message reply(Message request, JsonObject content) {
        String type = request.type();
        String replyType = type.endsWith("_request") ? type.substring(0, type.length() - "_request".length()) + "_reply" : type;
        return Message.child(request, session, replyType, content);
    }

    private static JsonObject ok() {
        JsonObject body = new JsonObject();
        body.addProperty("status", "ok");
        return body;
    }

    private static JsonObject error(String ename, String evalue, List<String> traceback) {
        JsonObject body = new JsonObject();
        body.addProperty("status", "error");
        body.addProperty("ename", ename);
        body.addProperty("evalue", evalue);
        JsonArray lines = new JsonArray();
        traceback.forEach(lines::add);
        body.add("traceback", lines);
        return body;
    }
}
