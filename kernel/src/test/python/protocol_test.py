"""Protocol tests: a real Jupyter client (jupyter_client) drives the INSTALLED lstm-lens kernelspec.

Run by KernelProtocolIT (mvn verify) with JUPYTER_PATH pointing at a temporary prefix the install script wrote;
by hand: JUPYTER_PATH=<prefix>/share/jupyter /usr/bin/python3 protocol_test.py

Each check states what the messaging spec (5.3) requires; expected values come from the spec, from Java's own
semantics (1/0 throws ArithmeticException) or from the cell's code itself, never from the kernel's output.
"""
import datetime
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
import uuid

from jupyter_client.manager import KernelManager, start_new_kernel
from jupyter_client.session import Session

KERNEL = os.environ.get("LSTMLENS_KERNEL_NAME", "lstm-lens")
TIMEOUT = 30
ANSI = re.compile(r"\x1b\[[0-9;]*m")

# A Displayable defined in the notebook itself: what it offers is written here, so the test knows what to expect.
CARD = """class Card implements org.lstmlens.render.Displayable {
    public org.lstmlens.render.MimeBundle toMimeBundle() {
        return org.lstmlens.render.MimeBundle.builder("card plain").html("<b>card html</b>").build();
    }
    public String toString() { return "card plain"; }
}"""


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


class Harness:
    def __init__(self):
        started = time.monotonic()
        self.km, self.kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=60)
        self.startup_seconds = time.monotonic() - started
        check(self.km.kernel_spec.interrupt_mode == "message", "kernel.json must say interrupt_mode message")

    # --- helpers ---

    def drain_iopub(self):
        while True:
            try:
                self.kc.get_iopub_msg(timeout=0.2)
            except Exception:
                return

    def iopub_for(self, msg_id, timeout=TIMEOUT):
        """IOPub messages whose parent is msg_id, from busy to idle; asserts busy first and idle last."""
        messages = []
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            check(remaining > 0, f"no idle for {msg_id} within {timeout}s; got {[m['msg_type'] for m in messages]}")
            msg = self.kc.get_iopub_msg(timeout=remaining)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            messages.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        types = [m["msg_type"] for m in messages]
        check(messages[0]["msg_type"] == "status" and messages[0]["content"]["execution_state"] == "busy",
              f"first IOPub message for a request must be status busy, got {types}")
        check(all(m["msg_type"] != "status" for m in messages[1:-1]), f"one busy and one idle only: {types}")
        for m in messages:
            check(m["parent_header"]["msg_id"] == msg_id, "every IOPub message carries the request as parent")
            check(m["header"]["version"].startswith("5."), "header version 5.x")
            date = m["header"]["date"]  # jupyter_client parses ISO 8601 dates; a bad one stays a string
            check(isinstance(date, datetime.datetime) and date.tzinfo is not None, f"ISO 8601 date with zone: {date!r}")
        return messages

    def reply_for(self, msg_id, timeout=TIMEOUT):
        get = self.kc.get_shell_msg
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            check(remaining > 0, f"no reply to {msg_id} within {timeout}s")
            msg = get(timeout=remaining)
            if msg["parent_header"].get("msg_id") == msg_id:
                check("status" in msg["content"], f"{msg['msg_type']} must carry a status")
                return msg

    def execute(self, code, **kwargs):
        msg_id = self.kc.execute(code, **kwargs)
        reply = self.reply_for(msg_id)
        check(reply["msg_type"] == "execute_reply", "execute answers with execute_reply")
        return reply["content"], self.iopub_for(msg_id)

    def outputs(self, iopub):
        """IOPub messages between busy and idle; for a visible execute the first is execute_input."""
        return iopub[1:-1]


def test_kernel_info(h):
    msg_id = h.kc.kernel_info()
    reply = h.reply_for(msg_id)
    c = reply["content"]
    check(reply["msg_type"] == "kernel_info_reply", "kernel_info_reply")
    check(c["status"] == "ok", "status ok")
    check(c["protocol_version"].startswith("5."), "protocol 5.x")
    check(c["implementation"] == "lstm-lens", f"implementation lstm-lens, got {c['implementation']}")
    check(c["implementation_version"], "implementation_version")
    li = c["language_info"]
    for key in ("name", "version", "mimetype", "file_extension", "pygments_lexer", "codemirror_mode"):
        check(li.get(key), f"language_info.{key} present")
    check(li["name"] == "java", "language java")
    check(li["file_extension"].startswith("."), "file_extension with its dot")
    check(isinstance(c["help_links"], list) and isinstance(c["banner"], str), "banner and help_links")
    h.iopub_for(msg_id)


def test_execute_streams(h):
    code = ('System.out.println("out-1");\nSystem.err.println("err-1");\n'
            'for (int i = 0; i < 300; i++) { System.out.print(i % 10); }\nSystem.out.println();')
    reply, iopub = h.execute(code)
    check(reply["status"] == "ok", f"ok, got {reply}")
    outs = h.outputs(iopub)
    check(outs[0]["msg_type"] == "execute_input", "execute_input right after busy")
    check(outs[0]["content"]["code"] == code, "execute_input has the code verbatim")
    check(outs[0]["content"]["execution_count"] == reply["execution_count"], "same execution_count as the reply")
    streams = [m for m in outs if m["msg_type"] == "stream"]
    stdout = "".join(m["content"]["text"] for m in streams if m["content"]["name"] == "stdout")
    stderr = "".join(m["content"]["text"] for m in streams if m["content"]["name"] == "stderr")
    expected_digits = "".join(str(i % 10) for i in range(300))
    check(stdout == "out-1\n" + expected_digits + "\n", f"stdout in order, complete: {stdout[:80]!r}")
    check(stderr == "err-1\n", f"stderr: {stderr!r}")
    check(len(streams) <= 10, f"302 prints coalesced into a few stream messages, got {len(streams)}")
    reply, iopub = h.execute('System.out.printf("%d apples%n", 3)')
    outs = h.outputs(iopub)
    check(not any(m["msg_type"] == "execute_result" for m in outs),
          f"a cell whose value is its own output stream shows what it printed, not the stream: {outs}")
    check("".join(m["content"]["text"] for m in outs if m["msg_type"] == "stream") == "3 apples\n", "printf text")


def test_execute_result_html(h):
    reply, _ = h.execute(CARD)
    check(reply["status"] == "ok", f"class declaration ok: {reply}")
    reply, iopub = h.execute("new Card()")
    results = [m for m in iopub if m["msg_type"] == "execute_result"]
    check(len(results) == 1, "one execute_result")
    data = results[0]["content"]["data"]
    check(data.get("text/html") == "<b>card html</b>", f"HTML from the bundle: {data}")
    check(data.get("text/plain") == "card plain", "text/plain always")
    check(results[0]["content"]["execution_count"] == reply["execution_count"], "result count = reply count")
    check(isinstance(results[0]["content"]["metadata"], dict), "metadata a dict")
    reply, iopub = h.execute('"quoted"')
    data = [m for m in iopub if m["msg_type"] == "execute_result"][0]["content"]["data"]
    check(data == {"text/plain": '"quoted"'}, f"a plain value as JShell prints it: {data}")
    reply, iopub = h.execute("int declared = 3;")
    check(not [m for m in iopub if m["msg_type"] == "execute_result"], "a declaration shows no result")


def test_display_data(h):
    reply, iopub = h.execute('System.out.println("before");\ndisplay(new Card());\ndisplay(null);\n42')
    outs = [m for m in h.outputs(iopub) if m["msg_type"] != "execute_input"]
    types = [m["msg_type"] for m in outs]
    check(types == ["stream", "display_data", "display_data", "execute_result"], f"order as in the code: {types}")
    check(outs[1]["content"]["data"]["text/html"] == "<b>card html</b>", "display_data carries the HTML")
    check(outs[2]["content"]["data"] == {"text/plain": "null"}, "display(null) shows null")
    check(outs[3]["content"]["data"]["text/plain"] == "42", "then the value")


def test_errors(h):
    reply, iopub = h.execute("int a = 1;\nint b = a / 0;")
    errors = [m for m in iopub if m["msg_type"] == "error"]
    check(reply["status"] == "error" and len(errors) == 1, "exactly one IOPub error and an error reply")
    check(reply["ename"] == "java.lang.ArithmeticException", f"real exception class: {reply['ename']}")
    check(reply["evalue"] == "/ by zero", f"its message: {reply['evalue']}")
    check(errors[0]["content"]["ename"] == reply["ename"] and errors[0]["content"]["traceback"] == reply["traceback"],
          "the reply repeats the IOPub error")
    text = ANSI.sub("", "\n".join(reply["traceback"]))
    check("jdk.jshell" not in text and "org.lstmlens.kernel" not in text, f"no JShell/kernel frames: {text}")

    reply, iopub = h.execute('throw new org.lstmlens.error.LstmException("Unknown gate \\"x\\"")')
    check(reply["ename"] == "LstmException", f"LSTM Lens error named simply: {reply['ename']}")
    check([ANSI.sub("", t) for t in reply["traceback"]] == ['Unknown gate "x"'], f"message alone: {reply['traceback']}")

    code = 'int ok = 1;\nString s = ok * "two";'
    reply, iopub = h.execute(code)
    check(reply["ename"] == "CompilationError", f"compile error: {reply['ename']}")
    lines = [ANSI.sub("", t) for t in reply["traceback"]]
    check(any("line 2" in t for t in lines), f"names the line: {lines}")
    line_index = next(i for i, t in enumerate(lines) if t.strip() == 'String s = ok * "two";')
    marker = lines[line_index + 1]
    check(marker.strip().startswith("^"), f"a marker under the span: {lines}")
    check(marker.index("^") - lines[line_index].index("S") == 'String s = ok * "two";'.index("ok"),
          f"marker under the offending expression: {lines}")

    reply, _ = h.execute("1 + 1")
    check(reply["status"] == "ok", "the kernel carries on after errors")


def test_complete(h):
    code = "lstm.pa"
    c = h.reply_for(h.kc.complete(code, len(code)))["content"]
    check(c["status"] == "ok" and "params(" in c["matches"], f"lstm.pa completes to params(: {c}")
    check((c["cursor_start"], c["cursor_end"]) == (5, 7), f"replace the typed word: {c}")
    # positions are code points: the emoji is one code point but two UTF-16 units
    code = 'String s = "\U0001F600é";\nlstm.pa'
    points = len(code)  # Python counts code points
    c = h.reply_for(h.kc.complete(code, points))["content"]
    check(c["cursor_start"] == points - 2 and c["cursor_end"] == points, f"code point positions: {c}")
    check("params(" in c["matches"], "completion after a non-BMP character")


def test_inspect(h):
    code = "lstm.params(2, 1)"
    c = h.reply_for(h.kc.inspect(code, code.index("params") + 2))["content"]
    check(c["status"] == "ok" and c["found"], f"found: {c}")
    text = c["data"]["text/plain"]
    check("Lstm.params(int features, int units)" in text, f"the signature: {text}")
    check(len([l for l in text.splitlines() if l.strip()]) >= 2, f"and the DSL's javadoc below it: {text}")
    c = h.reply_for(h.kc.inspect("nothingHere", 3))["content"]
    check(c["status"] == "ok" and not c["found"], "found false when there is nothing")


def test_is_complete(h):
    def status(code):
        msg_id = h.kc.is_complete(code)
        return h.reply_for(msg_id)["content"]
    check(status("int x = 1;")["status"] == "complete", "a statement is complete")
    c = status("for (int i = 0; i < 3; i++) {")
    check(c["status"] == "incomplete" and c["indent"].strip() == "" and len(c["indent"]) > 0, f"incomplete: {c}")
    check(status("int x = ;")["status"] == "invalid", "invalid")


def test_execution_count_and_history(h):
    first, _ = h.execute("int counted = 1;")
    msg_id = h.kc.execute("int silentOne = 2;", silent=True)
    silent_reply = h.reply_for(msg_id)["content"]
    silent_iopub = h.iopub_for(msg_id)
    check([m["msg_type"] for m in silent_iopub] == ["status", "status"], "silent: no execute_input, no output")
    check(silent_reply["execution_count"] == first["execution_count"], "silent does not count")
    unstored, _ = h.execute("int notStored = 3;", store_history=False)
    check(unstored["execution_count"] == first["execution_count"], "store_history false does not count")
    blank, _ = h.execute("  \n")
    check(blank["status"] == "ok" and blank["execution_count"] == first["execution_count"], "a blank cell does not count")
    last, _ = h.execute("counted + silentOne + notStored")
    check(last["execution_count"] == first["execution_count"] + 1, "the next stored cell counts one more")
    msg_id = h.kc.history(hist_access_type="tail", n=2, output=False)
    history = h.reply_for(msg_id)["content"]["history"]
    check([row[2] for row in history] == ["int counted = 1;", "counted + silentOne + notStored"],
          f"tail 2 of the stored inputs: {history}")
    check(history[-1][1] == last["execution_count"], "line number = execution_count")
    msg_id = h.kc.history(hist_access_type="search", pattern="counted*", output=True, n=1)
    history = h.reply_for(msg_id)["content"]["history"]
    check(history and history[-1][2] == ["counted + silentOne + notStored", "6"], f"search with output: {history}")


def test_stdin(h):
    msg_id = h.kc.execute('System.out.print("name? ");\nnew java.util.Scanner(System.in).nextLine().toUpperCase()',
                          allow_stdin=True)
    request = h.kc.get_stdin_msg(timeout=TIMEOUT)
    check(request["msg_type"] == "input_request", "the cell asks the frontend for input")
    check(request["parent_header"]["msg_id"] == msg_id, "input_request has the execute as parent")
    check(request["content"]["password"] is False, "password is a boolean")
    h.kc.input("h\u00e9llo")
    reply = h.reply_for(msg_id)["content"]
    iopub = h.iopub_for(msg_id)
    result = [m for m in iopub if m["msg_type"] == "execute_result"]
    check(reply["status"] == "ok" and result, f"the cell got its line: {reply}")
    check(result[0]["content"]["data"]["text/plain"] == '"H\u00c9LLO"', f"non-ASCII input: {result[0]['content']}")
    reply, iopub = h.execute("System.in.read()", allow_stdin=False)
    value = [m for m in iopub if m["msg_type"] == "execute_result"][0]["content"]["data"]["text/plain"]
    check(value == "-1", f"without allow_stdin a read is at end of input: {value}")


def test_comm_info_and_unknown(h):
    msg_id = h.kc.comm_info()
    c = h.reply_for(msg_id)["content"]
    check(c == {"status": "ok", "comms": {}}, f"comm_info: {c}")
    h.iopub_for(msg_id)
    msg = h.kc.session.msg("usage_request", {})
    h.kc.shell_channel.send(msg)
    reply = h.reply_for(msg["header"]["msg_id"])
    check(reply["msg_type"] == "usage_reply" and reply["content"]["status"] == "error", "unknown request answered")


def test_stop_on_error(h):
    failing = h.kc.execute("throw new RuntimeException(\"first\")")
    queued = h.kc.execute("int neverRuns = 1;")
    check(h.reply_for(failing)["content"]["status"] == "error", "the first fails")
    check(h.reply_for(queued)["content"]["status"] == "aborted", "the queued execute is aborted")
    h.iopub_for(queued)
    reply, _ = h.execute("int runs = 2;")
    check(reply["status"] == "ok", "a later execute runs")


def test_interrupt(h):
    msg_id = h.kc.execute("long spins = 0;\nwhile (true) { spins++; }")
    time.sleep(1.0)
    started = time.monotonic()
    h.km.interrupt_kernel()
    reply = h.reply_for(msg_id, timeout=10)["content"]
    check(time.monotonic() - started < 5, "interrupt ends the loop within seconds")
    check(reply["status"] == "error" and reply["ename"] == "Interrupted", f"the cell reports the interrupt: {reply}")
    h.iopub_for(msg_id)
    reply, iopub = h.execute("6 * 7")
    result = [m for m in iopub if m["msg_type"] == "execute_result"][0]
    check(result["content"]["data"]["text/plain"] == "42", "the next cell runs")


def test_bad_signature(h):
    forger = Session(key=b"not-the-key", username="mallory", session=str(uuid.uuid4()))
    bad = forger.msg("execute_request", {"code": "int forged = 1;", "silent": False, "store_history": True,
                                         "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    forger.send(h.kc.shell_channel.socket, bad)
    good = h.kc.kernel_info()
    reply = h.reply_for(good)
    check(reply["msg_type"] == "kernel_info_reply", "a good message after a forged one is answered")
    reply, _ = h.execute("int alive = 1;")
    check(reply["status"] == "ok", "the shell still runs cells")
    reply, _ = h.execute("forged")
    check(reply["status"] == "error", "the forged cell never ran")


def test_restart(h):
    before, _ = h.execute("int beforeRestart = 5;")
    h.km.restart_kernel(now=False)
    h.kc.wait_for_ready(timeout=60)
    h.drain_iopub()
    reply, iopub = h.execute("lstm")
    check(reply["execution_count"] == 1, f"a fresh kernel counts from 1: {reply['execution_count']}")
    check([m for m in iopub if m["msg_type"] == "execute_result"], "lstm is bound again")
    reply, _ = h.execute("beforeRestart")
    check(reply["status"] == "error", "the old kernel's variables are gone")


def test_shutdown(h):
    process = h.km.provisioner.process
    reply = h.kc.shutdown(reply=True, timeout=10)
    check(reply["msg_type"] == "shutdown_reply", "shutdown_reply")
    check(reply["content"] == {"status": "ok", "restart": False}, f"shutdown reply: {reply['content']}")
    started = time.monotonic()
    while process.poll() is None and time.monotonic() - started < 5:
        time.sleep(0.05)
    check(process.poll() == 0, f"the process exits cleanly within 5 s (exit code {process.poll()})")


def java_feature(h):
    version = h.reply_for(h.kc.kernel_info())["content"]["language_info"]["version"]
    return int(re.match(r"(\d+)", version).group(1))


def stderr_of(iopub):
    return "".join(m["content"]["text"] for m in iopub if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")


def test_interrupt_during_render(h):
    """The rendering of a cell's value (a view's HTML) runs where an interrupt reaches it."""
    slow = """class SlowView implements org.lstmlens.render.Displayable {
    public org.lstmlens.render.MimeBundle toMimeBundle() {
        long n = 0;
        while (n >= 0) { n++; if (n == Long.MAX_VALUE) n = 0; }
        return org.lstmlens.render.MimeBundle.builder("never").build();
    }
}"""
    reply, _ = h.execute(slow)
    check(reply["status"] == "ok", f"SlowView declared: {reply}")
    msg_id = h.kc.execute("new SlowView()")
    time.sleep(1.0)
    started = time.monotonic()
    h.km.interrupt_kernel()
    reply = h.reply_for(msg_id, timeout=15)["content"]
    elapsed = time.monotonic() - started
    iopub = h.iopub_for(msg_id)
    check(reply["status"] == "error" and reply["ename"] == "Interrupted", f"the render was interrupted: {reply}")
    check(not [m for m in iopub if m["msg_type"] == "execute_result"], "no result for an interrupted render")
    if java_feature(h) < 20:
        check(elapsed < 5, f"a render that ignores interrupts is stopped by force within seconds: {elapsed:.1f}s")
        check("stopping its thread by force" in stderr_of(iopub), f"the force step is said: {stderr_of(iopub)!r}")
    reply, iopub = h.execute("6 * 7")
    check(reply["status"] == "ok", f"the next cell runs: {reply}")


BAR = r"\[[#-]{20}\] \d+% \d+/{total}, \d+\.\d s(, [\d.]+/s, \d+\.\d s left)?"


def bar_messages(iopub):
    """The progress bar's messages: one display_data, then update_display_data of the same display_id only."""
    shown = [m for m in iopub if m["msg_type"] == "display_data"]
    updates = [m for m in iopub if m["msg_type"] == "update_display_data"]
    check(len(shown) == 1, f"one display: {[m['msg_type'] for m in iopub]}")
    check(all(m["content"]["metadata"].get("lstmlens_progress") is True for m in shown + updates),
          "each marked as a progress bar in its metadata (the notebook runner leaves bars out of committed outputs)")
    display_id = shown[0]["content"]["transient"].get("display_id")
    check(display_id, f"with a display_id: {shown[0]['content']}")
    check(updates and all(m["content"]["transient"].get("display_id") == display_id for m in updates),
          f"updates of that display only: {[m['content']['transient'] for m in updates]}")
    return shown[0]["content"]["data"], [m["content"]["data"] for m in updates]


def test_progress(h):
    """Work that runs past a second shows a bar updated in place on one display_id, ending in a one-line summary;
    steps from a worker thread still land under the cell that started the work."""
    reply, iopub = h.execute("try (var progress = Progress.start(\"counting\", 30)) {\n"
                             "    Thread worker = new Thread(() -> {\n"
                             "        for (int i = 0; i < 30; i++) {\n"
                             "            try { Thread.sleep(60); } catch (InterruptedException e) { return; }\n"
                             "            progress.step();\n"
                             "        }\n"
                             "    });\n"
                             "    worker.start();\n"
                             "    worker.join();\n"
                             "}")
    check(reply["status"] == "ok", f"ok: {reply}")
    first, updates = bar_messages(iopub)
    check(re.fullmatch("counting " + BAR.replace("{total}", "30"), first["text/plain"]),
          f"a text bar for the console: {first['text/plain']!r}")
    check("<progress" in first["text/html"], f"an HTML bar: {first['text/html']!r}")
    check(any(re.search(r"/s, \d+\.\d s left", u["text/plain"]) for u in updates),
          f"rate and time left once steps are done: {[u['text/plain'] for u in updates]}")
    last = updates[-1]["text/plain"]
    check(re.fullmatch(r"counting: 30 of 30 in \d+\.\d s", last), f"ends in a one-line summary: {last!r}")
    reply, iopub = h.execute("try (var quick = Progress.start(\"quick\", 30)) {\n"
                             "    for (int i = 0; i < 30; i++) { quick.step(); }\n"
                             "}")
    check(not [m for m in iopub if m["msg_type"] in ("display_data", "update_display_data")],
          "work done within a second shows nothing")


# A random LSTM(64) over 2000 steps of 4 features: integrated gradients takes seconds (one forward and one backward
# pass over the 2000 steps per path point), long enough for a bar and an interrupt.
SLOW_SETUP = ("var slow = lstm.random(4, 64, 1);\n"
              "double[][] slowX = new double[2000][4];\n"
              "for (int t = 0; t < 2000; t++) for (int j = 0; j < 4; j++) slowX[t][j] = Math.sin(0.1 * t + j);")
IG = r'integrated gradients of "lstm" \({n} sequences of 2000 steps\)'


def test_progress_of_a_dsl_call(h):
    """A long DSL call (integrated gradients) shows its bar, named after the call, ending in its summary."""
    reply, _ = h.execute(SLOW_SETUP)
    check(reply["status"] == "ok", f"setup: {reply}")
    reply, iopub = h.execute("var slowAttr = slow.influence(slowX).integratedGradients(48).attributions();",
                             )
    check(reply["status"] == "ok", f"ok: {reply}")
    first, updates = bar_messages(iopub)
    check(re.fullmatch(IG.format(n=48) + " " + BAR.replace("{total}", "48"), first["text/plain"]),
          f"the bar names the call: {first['text/plain']!r}")
    last = updates[-1]["text/plain"]
    check(re.fullmatch(IG.format(n=48) + r": 48 of 48 in \d+\.\d s", last), f"its summary: {last!r}")


def test_interrupt_during_integrated_gradients(h):
    """An interrupt stops long DSL work at its next step, in the evaluation and in the rendering of a value alike,
    with a message naming the call and how far it got (not the forced stop, which loses that)."""
    reply, _ = h.execute(SLOW_SETUP)
    check(reply["status"] == "ok", f"setup: {reply}")
    for code in ("var never = slow.influence(slowX).integratedGradients(100000).attributions();",
                 "slow.influence(slowX).integratedGradients(100000)"):
        msg_id = h.kc.execute(code)
        seen = []
        deadline = time.monotonic() + TIMEOUT
        while not any(m["msg_type"] == "display_data" for m in seen):  # the bar is up: the work runs
            check(time.monotonic() < deadline, f"no progress bar within {TIMEOUT}s for {code!r}")
            m = h.kc.get_iopub_msg(timeout=TIMEOUT)
            if m["parent_header"].get("msg_id") == msg_id:
                seen.append(m)
        started = time.monotonic()
        h.km.interrupt_kernel()
        reply = h.reply_for(msg_id, timeout=15)["content"]
        elapsed = time.monotonic() - started
        rest = []
        while not rest or not (rest[-1]["msg_type"] == "status" and rest[-1]["content"]["execution_state"] == "idle"):
            m = h.kc.get_iopub_msg(timeout=TIMEOUT)
            if m["parent_header"].get("msg_id") == msg_id:
                rest.append(m)
        check(reply["status"] == "error" and reply["ename"] == "Interrupted", f"interrupted: {reply}")
        check(re.fullmatch(IG.format(n=100000) + r" interrupted after \d+ of 100000 steps( \(in .*\))?",
                           reply["evalue"]), f"{code!r}: the message names the call and how far it got: "
                                             f"{reply['evalue']!r} ({elapsed:.2f}s; stderr {stderr_of(rest)!r})")
        check(elapsed < 1.5, f"{code!r}: stopped at its next step, within a second or so: {elapsed:.2f}s")
        check("by force" not in stderr_of(rest), f"no forced stop: {stderr_of(rest)!r}")
        summary = [m["content"]["data"]["text/plain"] for m in rest if m["msg_type"] == "update_display_data"]
        check(summary and summary[-1].endswith("(stopped)"), f"the bar ends saying it stopped: {summary[-1:]}")
    reply, _ = h.execute("6 * 7")
    check(reply["status"] == "ok", f"the next cell runs: {reply}")


def test_exit_refused(h):
    """System.exit and halt in a cell fail the cell, after its output; the kernel and its variables stay."""
    h.execute("int keptAcrossExit = 11;")
    for call in ("System.exit(0)", "Runtime.getRuntime().halt(3)"):
        reply, iopub = h.execute(f'System.out.println("printed first");\n{call};')
        check(reply["status"] == "error" and reply["ename"] == "ExitRefused", f"{call} refused: {reply}")
        outs = [m for m in h.outputs(iopub) if m["msg_type"] in ("stream", "error")]
        check(outs and outs[0]["msg_type"] == "stream" and outs[0]["content"]["text"] == "printed first\n"
              and outs[-1]["msg_type"] == "error", f"the output first, then the error: {outs}")
        check("restart the kernel" in reply["evalue"], f"says how to start afresh: {reply['evalue']}")
    reply, iopub = h.execute("keptAcrossExit")
    result = [m for m in iopub if m["msg_type"] == "execute_result"]
    check(result and result[0]["content"]["data"]["text/plain"] == "11", "the variables survive")


def test_exit_and_quit_ask_the_console_to_end(h):
    for code in ("exit", "quit()"):
        reply, iopub = h.execute(code)
        check(reply["status"] == "ok", f"{code} is not an error: {reply}")
        check({"source": "ask_exit", "keepkernel": False} in reply["payload"], f"{code} asks to end: {reply}")
    check(h.km.is_alive(), "the kernel itself stays until the frontend shuts it down")
    h.execute("int quit = 4;")
    reply, iopub = h.execute("quit")
    check(reply["payload"] == [], f"a variable called quit is just a variable: {reply}")
    result = [m for m in iopub if m["msg_type"] == "execute_result"]
    check(result and result[0]["content"]["data"]["text/plain"] == "4", "its value shows")


def test_completion_offers_what_can_be_called(h):
    code = "lstm."
    c = h.reply_for(h.kc.complete(code, len(code)))["content"]
    object_members = {"wait(", "notify()", "notifyAll()", "hashCode()", "getClass()", "equals(", "toString()"}
    check("params(" in c["matches"], f"the DSL's methods: {c['matches']}")
    check(not object_members & set(c["matches"]), f"no Object members right after the dot: {c['matches']}")
    code = "lstm.getCl"
    c = h.reply_for(h.kc.complete(code, len(code)))["content"]
    check(c["matches"] == ["getClass()"], f"an Object member once typed: {c['matches']}")


def test_compile_error_without_empty_location(h):
    reply, _ = h.execute("int n = missingThing + 1;")
    lines = [ANSI.sub("", t) for t in reply["traceback"]]
    check(reply["ename"] == "CompilationError", f"a compile error: {reply}")
    check(any("missingThing" in l and "symbol" in l for l in lines), f"names the symbol: {lines}")
    check(not any(l.strip().startswith("location:") and l.strip().rstrip() in ("location:", "location: class")
                  for l in lines), f"no empty location line: {lines}")


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    raise Failure(f"no VmRSS for {pid}")


def test_memory_given_back(h):
    """A large cell's memory goes back to the system once the kernel is idle; an impossible allocation fails the cell."""
    pid = h.km.provisioner.process.pid
    before = rss_mb(pid)
    reply, _ = h.execute("byte[][] hog = new byte[12][];\n"
                         "for (int i = 0; i < hog.length; i++) { hog[i] = new byte[100 << 20]; "
                         "java.util.Arrays.fill(hog[i], (byte) 1); }\n"
                         "hog = null;")
    check(reply["status"] == "ok", f"1.2 GB allocated and dropped: {reply}")
    peak = rss_mb(pid)
    check(peak > before + 1000, f"the cell's memory was really used: {before} MB before, {peak} MB after")
    reply, _ = h.execute("long[] tooMuch = new long[Integer.MAX_VALUE - 8];")
    check(reply["status"] == "error" and reply["ename"] == "java.lang.OutOfMemoryError", f"OOM fails the cell: {reply}")
    deadline = time.monotonic() + 30
    now = rss_mb(pid)
    # at least two thirds of what the cell took goes back (the rest: the heap G1 keeps, code the JIT compiled meanwhile)
    given_back = before + (peak - before) // 3
    while now > given_back and time.monotonic() < deadline:
        time.sleep(1)
        now = rss_mb(pid)
    check(now <= given_back, f"the memory went back within 30 s of idling: {before} MB before, {peak} MB after "
                             f"the cell, {now} MB now")
    print(f"  memory: {before} MB before, {peak} MB after the cell, {now} MB "
          f"{time.monotonic() - deadline + 30:.1f} s after the OOM cell")
    reply, _ = h.execute("1 + 1")
    check(reply["status"] == "ok", "the kernel carries on after OutOfMemoryError")


def test_interrupt_ignored_escalates(h):
    """A cell that no stop reaches (blocked in native code: opening a FIFO nobody writes): each step is said, the cell
    is answered, later cells are refused saying why, and a restart ends it."""
    h.execute("1 + 1")  # JShell started: the interrupt is for the cell, not for one waiting for JShell
    fifo_dir = tempfile.mkdtemp(prefix="lstm-lens-fifo-")
    fifo = os.path.join(fifo_dir, "never-written")
    os.mkfifo(fifo)
    msg_id = h.kc.execute(f'new java.io.FileInputStream("{fifo}").read()')
    time.sleep(1.5)
    started = time.monotonic()
    h.km.interrupt_kernel()
    reply = h.reply_for(msg_id, timeout=20)["content"]
    elapsed = time.monotonic() - started
    iopub = h.iopub_for(msg_id)
    check(reply["status"] == "error" and reply["ename"] == "Interrupted", f"answered as interrupted: {reply}")
    check("could not be stopped" in reply["evalue"] and "Restart the kernel" in reply["evalue"],
          f"says it still runs and offers the restart: {reply['evalue']}")
    check(elapsed < 10, f"answered within seconds: {elapsed:.1f}s")
    check("after the interrupt" in stderr_of(iopub), f"the intermediate step is said: {stderr_of(iopub)!r}")
    started = time.monotonic()
    reply, _ = h.execute("1 + 1")
    check(reply["status"] == "error" and reply["ename"] == "KernelBusy" and "Restart the kernel" in reply["evalue"],
          f"a later cell is refused at once, saying why: {reply}")
    check(time.monotonic() - started < 5, "refused at once")
    c = h.reply_for(h.kc.complete("lstm.pa", 7))["content"]
    check(c["status"] == "ok", f"the kernel still answers completion: {c}")
    h.km.restart_kernel(now=True)
    h.kc.wait_for_ready(timeout=60)
    h.drain_iopub()
    shutil.rmtree(fifo_dir)
    reply, _ = h.execute("1 + 1")
    check(reply["status"] == "ok", f"a restart ends it: {reply}")


def test_interrupt_of_a_loop_catching_throwable(h):
    """A loop that catches Throwable catches the stop (almost always: a stop that lands in its handler ends it). Either
    way the cell is answered within seconds, and the kernel says what to do."""
    h.execute("1 + 1")
    msg_id = h.kc.execute("long spins = 0, caught = 0;\n"
                          "while (true) { try { while (true) { spins++; } } catch (Throwable t) { caught++; } }")
    time.sleep(1.0)
    started = time.monotonic()
    h.km.interrupt_kernel()
    reply = h.reply_for(msg_id, timeout=20)["content"]
    elapsed = time.monotonic() - started
    h.iopub_for(msg_id)
    check(reply["status"] == "error" and reply["ename"] == "Interrupted", f"answered as interrupted: {reply}")
    check(elapsed < 10, f"answered within seconds: {elapsed:.1f}s")
    if "could not be stopped" in reply["evalue"]:
        check("Restart the kernel" in reply["evalue"], f"offers the restart: {reply['evalue']}")
        h.km.restart_kernel(now=True)
        h.kc.wait_for_ready(timeout=60)
        h.drain_iopub()
    reply, _ = h.execute("1 + 1")
    check(reply["status"] == "ok", f"then cells run: {reply}")


def test_exit_from_library_code_is_said(h):
    """An exit the kernel cannot refuse (reflection, a library) still delivers the cell's output and says why."""
    msg_id = h.kc.execute('System.out.println("printed before the exit");\n'
                          'System.class.getMethod("exit", int.class).invoke(null, 3);')
    texts = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and h.km.is_alive():
        try:
            msg = h.kc.get_iopub_msg(timeout=0.5)
        except Exception:
            continue
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
            texts.append(msg["content"]["text"])
    while True:
        try:
            msg = h.kc.get_iopub_msg(timeout=0.5)
        except Exception:
            break
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
            texts.append(msg["content"]["text"])
    text = "".join(texts)
    check(not h.km.is_alive(), "the process ended")
    check(text.startswith("printed before the exit\n"), f"the cell's output came first: {text!r}")
    check("System.exit" in text and "restart" in text, f"then why the kernel ends: {text!r}")
    h.km.restart_kernel(now=True)
    h.kc.wait_for_ready(timeout=60)
    h.drain_iopub()


def test_interrupt_right_after_start():
    """An interrupt 0.1 s after the kernel starts, before JShell is ready, is kept and stops the cell."""
    log_dir = tempfile.mkdtemp(prefix="lstm-lens-log-")
    km = KernelManager(kernel_name=KERNEL)
    started = time.monotonic()
    stderr_path = os.path.join(log_dir, "stderr.txt")
    stderr_file = open(stderr_path, "w")
    km.start_kernel(env={**os.environ, "LSTMLENS_LOG_DIR": log_dir}, stderr=stderr_file)
    kc = km.client()
    kc.start_channels()
    try:
        msg_id = kc.execute("long spins = 0;\nwhile (true) { spins++; }")
        time.sleep(max(0.0, 0.1 - (time.monotonic() - started)))
        km.interrupt_kernel()
        deadline = time.monotonic() + 60
        while True:
            check(time.monotonic() < deadline, "no reply to the cell within 60 s: the interrupt was lost")
            msg = kc.get_shell_msg(timeout=60)
            if msg["parent_header"].get("msg_id") == msg_id:
                break
        check(msg["content"]["status"] == "error" and msg["content"]["ename"] == "Interrupted",
              f"the cell was interrupted: {msg['content']}")
        after = kc.execute("40 + 2")
        while True:
            msg = kc.get_shell_msg(timeout=60)
            if msg["parent_header"].get("msg_id") == after:
                break
        check(msg["content"]["status"] == "ok", f"the next cell runs: {msg['content']}")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    stderr_file.close()
    with open(stderr_path) as f:
        stderr = f.read()
    logs = [os.path.join(log_dir, f) for f in os.listdir(log_dir) if f.endswith(".log")]
    check(len(logs) == 1, f"one log file in LSTMLENS_LOG_DIR: {os.listdir(log_dir)}")
    with open(logs[0]) as f:
        log = f.read()
    check("INFO] serving" in log and "INFO] JShell ready" in log, f"the log file has the INFO lines: {log!r}")
    check("INFO]" not in stderr, f"no INFO line on stderr (jupyter console shows it over the prompt): {stderr!r}")


TESTS = [test_kernel_info, test_execute_streams, test_execute_result_html, test_display_data, test_errors,
         test_complete, test_inspect, test_is_complete, test_execution_count_and_history, test_stdin,
         test_comm_info_and_unknown, test_completion_offers_what_can_be_called,
         test_compile_error_without_empty_location, test_exit_and_quit_ask_the_console_to_end,
         test_stop_on_error, test_interrupt, test_interrupt_during_render, test_progress, test_exit_refused, test_memory_given_back,
         # after the memory test: integrated gradients over 2000 steps leaves a heap that the memory test's own
         # 1.2 GB could reuse (then less than 1 GB more is resident, and the test cannot tell)
         test_progress_of_a_dsl_call, test_interrupt_during_integrated_gradients,
         test_bad_signature, test_interrupt_ignored_escalates, test_interrupt_of_a_loop_catching_throwable,
         test_exit_from_library_code_is_said,
         test_restart, test_shutdown]
# each starts and ends its own kernel
ALONE = [test_interrupt_right_after_start]


def main():
    h = Harness()
    print(f"kernel ready in {h.startup_seconds:.2f}s")
    failed = 0
    try:
        for test in TESTS:
            started = time.monotonic()
            try:
                test(h)
                print(f"PASS {test.__name__} ({time.monotonic() - started:.2f}s)")
            except Exception as e:
                failed += 1
                print(f"FAIL {test.__name__}: {e}")
                traceback.print_exc(file=sys.stdout)
                h.drain_iopub()
    finally:
        h.kc.stop_channels()
        if h.km.is_alive():
            h.km.shutdown_kernel(now=True)
    for test in ALONE:
        started = time.monotonic()
        try:
            test()
            print(f"PASS {test.__name__} ({time.monotonic() - started:.2f}s)")
        except Exception as e:
            failed += 1
            print(f"FAIL {test.__name__}: {e}")
            traceback.print_exc(file=sys.stdout)
    print(f"{len(TESTS) + len(ALONE) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
