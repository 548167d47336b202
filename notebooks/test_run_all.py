"""Self-test of run_all.py on trivial Python notebooks (needs ipykernel: Debian python3-ipykernel).

    /usr/bin/python3 notebooks/test_run_all.py

Proves the machinery without the Java kernel: a passing notebook, a failing check, the working directory, the HTML,
--write-back and --check (equal after write-back apart from counts and timings; a changed output is caught; prints
split into several messages count as one output; progress bars are neither committed nor compared).
"""

import contextlib
import io
import os
import sys
import tempfile

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_all  # noqa: E402

os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiets ipykernel's debugger note

PYTHON = {"name": "python3", "display_name": "Python 3", "language": "python"}


def write(folder, name, sources):
    nb = new_notebook(metadata={"kernelspec": PYTHON})
    for n, source in enumerate(sources):
        cell = new_code_cell(source)
        cell["id"] = f"c{n}"
        nb.cells.append(cell)
    path = os.path.join(folder, name)
    nbformat.write(nb, path)
    return path


def run(argv):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = run_all.main(argv)
    return code, out.getvalue()


def expect(condition, what, output):
    if not condition:
        sys.exit(f"FAILED: {what}\n--- output ---\n{output}")
    print(f"ok: {what}")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "data"))
        with open(os.path.join(tmp, "data", "value.txt"), "w") as f:
            f.write("42")
        good = write(tmp, "01_good.ipynb", [
            "value = int(open('data/value.txt').read())  # relative to the notebook's folder",
            "assert value == 42, value\nvalue * 2",
            "print('sum', sum(range(10)))"])
        bad = write(tmp, "02_bad.ipynb", ["x = 1", "assert x == 2, 'x should be 2'", "print('never')"])
        out = os.path.join(tmp, "build")

        code, text = run([good, bad, "--out", out])
        expect(code == 1, "exit 1 when one notebook fails", text)
        expect("01_good.ipynb" in text and "3/3" in text and " ok" in text, "the good notebook: 3 of 3 cells, ok", text)
        expect("FAILED cell 1: AssertionError: x should be 2" in text, "the failing cell and its message", text)
        expect("1 of 2 notebooks ok" in text, "summary line", text)
        expect(os.path.isfile(os.path.join(out, "01_good.html")), "HTML written", text)
        executed = nbformat.read(os.path.join(out, "01_good.ipynb"), 4)
        expect(executed.cells[1].outputs[0]["data"]["text/plain"] == "84", "executed outputs kept", text)

        code, text = run([good, "--out", out, "--check"])
        expect(code == 1 and "committed outputs differ" in text, "--check fails while outputs are not committed", text)

        code, text = run([good, "--out", out, "--write-back"])
        expect(code == 0, "--write-back on a passing notebook", text)
        code, text = run([good, "--out", out, "--check"])
        expect(code == 0, "--check passes after write-back (counts and timings aside)", text)

        nb = nbformat.read(good, 4)
        nb.cells[2].outputs[0]["text"] = "sum 46\n"
        nbformat.write(nb, good)
        code, text = run([good, "--out", out, "--check"])
        expect(code == 1 and "sum 46" in text, "--check catches a changed output and shows the diff", text)

        nb = nbformat.read(good, 4)  # committed outputs, then a failure at cell 1: cell 2 did not run this time
        nb.cells[1].source = "assert value == 43, 'value should be 43'"
        nbformat.write(nb, good)
        code, text = run([good, "--out", out])
        executed = nbformat.read(os.path.join(out, "01_good.ipynb"), 4)
        expect(code == 1 and "2/3" in text and executed.cells[2].outputs == [],
               "cells after a failure count as not run and keep no committed output", text)

        chunks = write(tmp, "03_chunks.ipynb", [
            "import sys, time\nprint('first', flush=True)\ntime.sleep(0.3)\nprint('second', flush=True)"])
        code, text = run([chunks, "--out", out, "--write-back"])
        stored = nbformat.read(chunks, 4).cells[0].outputs
        expect(code == 0 and len(stored) == 1 and stored[0]["text"] == "first\nsecond\n",
               "prints that arrive in two messages are stored as one output", text)
        nb = nbformat.read(chunks, 4)
        nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text=t) for t in ("first\n", "second\n")]
        nbformat.write(nb, chunks)
        code, text = run([chunks, "--out", out, "--check"])
        expect(code == 0, "--check does not care how prints were split into messages", text)

        bar = write(tmp, "04_bar.ipynb", [
            "from IPython.display import display\n"
            "display({'text/plain': 'work [####] 1.3 s'}, raw=True, metadata={'lstmlens_progress': True})\n"
            "print('done')"])
        code, text = run([bar, "--out", out, "--write-back"])
        stored = nbformat.read(bar, 4).cells[0].outputs
        expect(code == 0 and [o["output_type"] for o in stored] == ["stream"],
               "a progress bar (marked in its metadata) is not committed", text)
        code, text = run([bar, "--out", out, "--check"])
        expect(code == 0, "--check leaves progress bars out (whether one shows, and its times, vary)", text)

        code, text = run([good, "--out", out, "--kernel", "no-such-kernel"])
        expect(code == 1 and "FAILED" in text and "no-such-kernel" in text, "a missing kernel is a failure", text)
    print("run_all.py self-test passed")


if __name__ == "__main__":
    main()
