"""Look at LSTM Lens views in a real browser as a person would: hover text, no sideways scrolling, picking a unit.

    JUPYTER_PATH=<prefix>/share/jupyter /usr/bin/python3 notebooks/browser_check.py [--out build/browser_check]

Runs a small notebook through the installed lstm-lens kernel (nbclient), exports it to HTML (nbconvert, as a reader
of an exported notebook sees it), opens that page in headless Chromium at the width of a notebook (1000 px), and
drives it over the DevTools protocol (a pipe: no extra package) with real pointer events:
1. hover: the pointer over a heatmap cell, a bar, a line chart and a big (pooled) heatmap finds a mark with an SVG
   <title>, the text a browser shows as its tooltip, and the text names the value;
2. fit: the run table and gate table of a 16-unit and a 64-unit layer are as wide as the cell at most, and neither
   the output nor the page scrolls sideways;
3. picking: a click three quarters along the unit slider of the 64-unit picker changes the unit shown and its values,
   and the values shown are the ones the table has for that unit;
4. without scripts (Chromium with JavaScript off, as an untrusted notebook or a static renderer shows the output):
   the picker is the static picture, unit 0 and step 0, with no slider.
Exit 0 when every check passes, 1 otherwise, 2 when a tool is missing. Needs chromium, nbclient, nbconvert.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WIDTH = 1000

CELLS = [
    # a 16-unit and a 64-unit layer over the same 12 steps of 3 features
    "double[][] x = new double[12][3];\n"
    "for (int t = 0; t < 12; t++) for (int j = 0; j < 3; j++) x[t][j] = Math.sin(0.7 * t + j);\n"
    "var small = lstm.random(3, 16, 1);\n"
    "var big = lstm.random(3, 64, 2);",
    "small.run(x)",
    "small.run(x).gate(\"f\")",
    "big.run(x)",
    "big.run(x).gate(\"f\")",
    "big.kernel()",
    "small.influence(x).byTimestep()",
]


def run_notebook(out):
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "lstm-lens", "display_name": "Java (LSTM Lens)",
                                                           "language": "java"}})
    for n, source in enumerate(CELLS):
        cell = nbformat.v4.new_code_cell(source)
        cell["id"] = f"c{n}"
        nb.cells.append(cell)
    NotebookClient(nb, timeout=300, startup_timeout=120, kernel_name="lstm-lens").execute()
    nbformat.write(nb, os.path.join(out, "views.ipynb"))
    body, _ = HTMLExporter().from_notebook_node(nb)
    path = os.path.join(out, "views.html")
    with open(path, "w", encoding="utf-8") as f:
        f.write(body)
    return path


class Browser:
    """Headless Chromium driven over --remote-debugging-pipe: JSON messages ending in NUL on fds 3 (in) and 4 (out)."""

    def __init__(self, browser, profile):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def wire():
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--remote-debugging-pipe",
             f"--user-data-dir={profile}", f"--window-size={WIDTH},900", "about:blank"],
            pass_fds=(3, 4), preexec_fn=wire, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self.read(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def read(self, deadline):
        while b"\0" not in self.buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self.from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def page(self, url, scripts=True):
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Emulation.setDeviceMetricsOverride", {"width": WIDTH, "height": 900, "deviceScaleFactor": 1,
                                                         "mobile": False}, session)
        if not scripts:
            self.send("Emulation.setScriptExecutionDisabled", {"value": True}, session)
        self.send("Page.enable", {}, session)
        self.send("Page.navigate", {"url": url}, session)
        deadline = time.monotonic() + 60
        while not any(e.get("method") == "Page.loadEventFired" and e.get("sessionId") == session
                      for e in self.events):
            self.events.append(self.read(deadline))
        return Page(self, session)

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Page:
    def __init__(self, browser, session):
        self.browser = browser
        self.session = session

    def js(self, expression):
        """The value of a JavaScript expression in the page (the page's own JS may be off: this runs anyway)."""
        result = self.browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                                   self.session)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}...: {result['exceptionDetails']}")
        return result["result"].get("value")

    def mouse(self, kind, x, y):
        self.browser.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                                       "clickCount": 1}, self.session)

    def scroll_to(self, selector):
        self.js(f"document.querySelectorAll({json.dumps(selector)}).length && "
                f"document.querySelectorAll({json.dumps(selector)})[0].scrollIntoView({{block: 'center'}})")


HOVER = """(function (selector, pattern) {
  // where to put the pointer: the middle of the first mark of this kind (its tooltip text matching the pattern)
  var marks = document.querySelectorAll(selector);
  for (var i = 0; i < marks.length; i++) {
    var m = marks[i];
    var title = m.querySelector(':scope > title');
    if (!title || !new RegExp(pattern).test(title.textContent)) continue;
    m.scrollIntoView({block: 'center'});
    var r = m.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    return {x: r.left + r.width / 2, y: r.top + r.height / 2};
  }
  return null;
})"""

UNDER_POINTER = """(function (x, y) {
  var e = document.elementFromPoint(x, y);
  while (e && !(e.querySelector && e.querySelector(':scope > title'))) e = e.parentElement;
  return e ? e.querySelector(':scope > title').textContent : null;
})"""


def check_hover(page, problems, report):
    # each kind of mark found by what its own tooltip says; then the pointer goes there, and what is under the
    # pointer (the topmost mark with a tooltip) must give a value
    charts = {
        "heatmap cell": ("svg rect", r"unit \d+ = "),
        "bar": ("svg rect", r"^share \(%\) at "),
        "line chart": ("svg polyline", r"^h\[\d+\]$"),
        "big heatmap colour": ("svg path", r" in this colour "),
    }
    for name, (selector, pattern) in charts.items():
        point = page.js(f"{HOVER}({json.dumps(selector)}, {json.dumps(pattern)})")
        if point is None:
            problems.append(f"hover: no {name} in the page")
            continue
        page.mouse("mouseMoved", point["x"], point["y"])
        tip = page.js(f"{UNDER_POINTER}({point['x']}, {point['y']})")
        if not tip or not re.search(r"= -?[0-9]|from -?[0-9]", tip):
            problems.append(f"hover: the pointer over a {name} finds no value in its tooltip: {tip!r}")
        else:
            report.append(f"hover over a {name}: {tip[:90]!r}")


FIT = """(function () {
  var out = [];
  var tables = document.querySelectorAll('div.lstmlens-table, div.lstmlens table');
  var outputs = document.querySelectorAll('.jp-OutputArea-output, .output_area');
  for (var i = 0; i < outputs.length; i++) {
    var o = outputs[i];
    var units = (o.textContent.match(/unit (\\d+)/g) || []).length;
    out.push({index: i, scrollWidth: o.scrollWidth, clientWidth: o.clientWidth,
              widest: Math.max.apply(null, [0].concat(Array.prototype.map.call(o.querySelectorAll('table'),
                  function (t) { return t.getBoundingClientRect().right; }))),
              right: o.getBoundingClientRect().right, text: o.textContent.slice(0, 60), units: units});
  }
  return {outputs: out, page: document.scrollingElement.scrollWidth, inner: window.innerWidth};
})()"""


def check_fit(page, problems, report):
    fit = page.js(FIT)
    if fit["page"] > fit["inner"] + 1:
        problems.append(f"fit: the page scrolls sideways: {fit['page']} px wide in a {fit['inner']} px window")
    checked = 0
    for o in fit["outputs"]:
        if o["widest"] == 0:
            continue
        checked += 1
        if o["scrollWidth"] > o["clientWidth"] + 1 or o["widest"] > o["right"] + 1:
            problems.append(f"fit: output {o['index']} ({o['text']!r}) scrolls sideways: content {o['scrollWidth']} "
                            f"px, table to {o['widest']:.0f} px, in {o['clientWidth']} px ending at {o['right']:.0f}")
    for units in (16, 64):
        found = page.js(f"Array.prototype.some.call(document.querySelectorAll('th'), function (t) {{ "
                        f"return t.textContent === 'unit {units - 1}'; }})")
        if not found:
            problems.append(f"fit: no table with every one of {units} units in its columns")
    report.append(f"fit: {checked} outputs with tables, none wider than its cell; page {fit['page']} px in "
                  f"{fit['inner']} px")


PICKER_STATE = """(function () {
  var boxes = document.querySelectorAll('div.lstmlens-pick');
  var box = null;
  for (var i = 0; i < boxes.length; i++) {  // the 64-unit picker: its timestep row lists 64 values
    if (boxes[i].querySelectorAll('.lstmlens-pick-row-values > span').length === 64) box = boxes[i];
  }
  if (!box) return null;
  var slider = box.querySelector('input[type=range]');
  var r = slider ? (slider.scrollIntoView({block: 'center'}), slider.getBoundingClientRect()) : null;
  var values = Array.prototype.map.call(box.querySelectorAll('.lstmlens-pick-col-values b'),
                                        function (b) { return b.textContent; });
  return {unit: +box.querySelector('.lstmlens-pick-col-index').textContent, values: values,
          slider: r && {left: r.left, top: r.top, width: r.width, height: r.height},
          note: box.querySelector('.lstmlens-pick-note').textContent};
})()"""

TABLE_COLUMN = """(function (unit) {
  // the 64-unit gate table's column of that unit: cells titled 'step s, unit k', in step order
  var cells = document.querySelectorAll('td[title$=", unit ' + unit + '"]');
  var seen = {}, values = [];
  for (var i = 0; i < cells.length; i++) {
    var key = cells[i].getAttribute('title');
    if (seen[key]) continue;
    seen[key] = true;
    values.push(cells[i].textContent);
  }
  return values;
})"""


def check_picking(page, problems, report):
    before = page.js(PICKER_STATE)
    if before is None or before["slider"] is None:
        problems.append(f"picking: no 64-unit picker with a slider in the page: {before}")
        return
    s = before["slider"]
    x, y = s["left"] + 0.75 * s["width"], s["top"] + s["height"] / 2
    page.mouse("mousePressed", x, y)
    page.mouse("mouseReleased", x, y)
    after = page.js(PICKER_STATE)
    if after["unit"] == before["unit"] or after["values"] == before["values"]:
        problems.append(f"picking: a click on the unit slider changed nothing: unit {before['unit']} -> "
                        f"{after['unit']}")
        return
    column = page.js(f"{TABLE_COLUMN}({after['unit']})")
    gate_values = after["values"]
    if not column:
        problems.append(f"picking: the table has no column for unit {after['unit']}")
    elif column[:len(gate_values)] != gate_values[:len(column)]:
        problems.append(f"picking: unit {after['unit']} shows {gate_values[:4]}..., the table {column[:4]}...")
    report.append(f"picking: a click on the slider picked unit {after['unit']} (was {before['unit']}); its "
                  f"{len(gate_values)} values match the table's column; the note now says {after['note']!r}")


def check_static(page, problems, report):
    state = page.js(PICKER_STATE)
    if state is None:
        problems.append("without scripts: the 64-unit picker's static picture is missing")
        return
    if state["slider"] is not None or state["unit"] != 0 or "shown" not in state["note"]:
        problems.append(f"without scripts: expected the static picture (unit 0, no slider): {state}")
        return
    report.append(f"without scripts: the static picture, unit 0 with its {len(state['values'])} values, no slider; "
                  f"the note says {state['note']!r}")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Check LSTM Lens views in headless Chromium.")
    parser.add_argument("--out", default=os.path.join(ROOT, "build", "browser_check"))
    args = parser.parse_args(argv)
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        print("browser_check.py: no chromium on PATH (Debian package: chromium)")
        return 2
    os.makedirs(args.out, exist_ok=True)
    html = run_notebook(args.out)
    problems, report = [], []
    with tempfile.TemporaryDirectory() as profile:
        chrome = Browser(browser, profile)
        try:
            page = chrome.page("file://" + os.path.abspath(html))
            check_hover(page, problems, report)
            check_fit(page, problems, report)
            check_picking(page, problems, report)
            check_static(chrome.page("file://" + os.path.abspath(html), scripts=False), problems, report)
        finally:
            chrome.close()
    for line in report:
        print("ok: " + line)
    for line in problems:
        print("FAILED: " + line)
    print(f"browser check: {len(report)} passed, {len(problems)} failed ({os.path.relpath(html)})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
