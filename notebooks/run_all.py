"""Run every tutorial notebook headless through its Jupyter kernel, write the results, and say what happened.

    /usr/bin/python3 notebooks/run_all.py                 # run notebooks/NN_*.ipynb, write build/notebooks/
    /usr/bin/python3 notebooks/run_all.py --check         # ... and fail if committed outputs differ from the run
    /usr/bin/python3 notebooks/run_all.py --write-back    # ... and store the fresh outputs in notebooks/ to commit

Each notebook runs in a fresh kernel (the one its metadata names, `lstm-lens` for ours; `--kernel` overrides) with the
working directory set to the notebook's folder, so notebooks open models as data/NAME.h5. A cell that raises (a
failed check throws) stops that notebook; the others still run. Executed notebooks and their HTML go to
build/notebooks/ (`--out`), each kernel's own log (its stderr) to NAME.kernel.log there. Prints one line per
notebook (cells run, seconds, result) and exits 1 if any notebook failed or, with --check, if any committed output
differs from the fresh one; 2 on bad arguments.

Needs nbclient, nbformat, jupyter_client and (for HTML) nbconvert: Debian python3-nbclient python3-nbconvert, or
pip nbclient nbconvert. The kernel must be installed (install/install.sh).
"""

import argparse
import copy
import difflib
import glob
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Run the tutorial notebooks headless through their kernel.")
    parser.add_argument("notebooks", nargs="*", help="notebooks to run (default: notebooks/[0-9][0-9]_*.ipynb)")
    parser.add_argument("--out", default=os.path.join(ROOT, "build", "notebooks"),
                        help="folder for executed notebooks and HTML (default: build/notebooks)")
    parser.add_argument("--kernel", default=None, help="kernel name for every notebook (default: its metadata's)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds one cell may take (default 600)")
    parser.add_argument("--startup-timeout", type=int, default=120, help="seconds for the kernel to start")
    parser.add_argument("--check", action="store_true",
                        help="fail if the committed outputs differ from the fresh ones (execution counts and "
                             "timings aside)")
    parser.add_argument("--write-back", action="store_true",
                        help="store the fresh outputs in the source notebooks (to commit them)")
    parser.add_argument("--no-html", action="store_true", help="skip the HTML export")
    args = parser.parse_args(argv)
    if not args.notebooks:
        args.notebooks = sorted(glob.glob(os.path.join(HERE, "[0-9][0-9]_*.ipynb")))
    missing = [p for p in args.notebooks if not os.path.isfile(p)]
    if missing or not args.notebooks:
        parser.error("no such notebook: " + ", ".join(missing) if missing else "no notebooks found in " + HERE)
    return args


# ------------------------------------------------------------------------------------------------------- comparing
TIMING_KEYS = ("execution",)  # cell.metadata.execution: iopub/shell timestamps that nbclient records


def coalesce_streams(nb):
    """Joins consecutive stdout (or stderr) outputs of a cell into one, in place.

    A kernel publishes what a cell printed in chunks as time goes by, so the same prints arrive as one message in one
    run and as two in the next; joined, they compare (and read) the same."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        merged = []
        for output in cell.outputs:
            if (output.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                    and merged[-1].get("name") == output.get("name")):
                merged[-1]["text"] = "".join(merged[-1]["text"]) + "".join(output["text"])
            else:
                merged.append(output)
        cell.outputs = merged
    return nb


PROGRESS_KEY = "lstmlens_progress"  # the kernel's progress bars carry it in their metadata


def without_progress_bars(nb):
    """Drops the kernel's progress bars, in place: whether a bar shows (after 1 s) and its times vary from run to run."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not o.get("metadata", {}).get(PROGRESS_KEY)]
    return nb


def normalised(nb):
    """A copy without what legitimately changes between runs: execution counts, timings, transient data, bars."""
    nb = without_progress_bars(coalesce_streams(copy.deepcopy(nb)))
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for key in TIMING_KEYS:
            cell.metadata.pop(key, None)
        if cell.cell_type != "code":
            continue
        cell.execution_count = None
        for output in cell.outputs:
            output.pop("transient", None)
            if "execution_count" in output:
                output["execution_count"] = None
            output.get("metadata", {}).pop("execution", None)
    return nb


def output_differences(committed, fresh):
    """Lines of a unified diff between the outputs of the two notebooks, cell by cell; empty if they agree."""
    a, b = normalised(committed), normalised(fresh)
    if len(a.cells) != len(b.cells):
        return [f"cell count differs: committed {len(a.cells)}, fresh {len(b.cells)}"]
    lines = []
    for n, (ca, cb) in enumerate(zip(a.cells, b.cells)):
        if ca.cell_type != "code":
            continue
        left = json.dumps(ca.outputs, indent=1, sort_keys=True).splitlines()
        right = json.dumps(cb.outputs, indent=1, sort_keys=True).splitlines()
        if left != right:
            lines.append(f"cell {n}:")
            lines.extend(difflib.unified_diff(left, right, "committed", "fresh", n=1, lineterm=""))
    return lines


def clean_for_commit(nb):
    """The executed notebook as we commit it: outputs kept (progress bars aside), timings dropped, execution counts
    1, 2, 3..."""
    nb = without_progress_bars(coalesce_streams(copy.deepcopy(nb)))
    # The Java runtime's exact version (e.g. 17.0.15+6-Debian-...) differs from machine to machine.
    nb.metadata.get("language_info", {}).pop("version", None)
    for cell in nb.cells:
        for key in TIMING_KEYS:
            cell.metadata.pop(key, None)
    return nb


# --------------------------------------------------------------------------------------------------------- running
def first_error(nb):
    """(cell index, 'Name: message') of the first cell whose outputs hold an error, or (None, None)."""
    for n, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                message = output.get("evalue", "").strip().splitlines()
                return n, f"{output.get('ename', 'error')}: {message[0] if message else ''}"
    return None, None


def run_one(path, args):
    nb = nbformat.read(path, as_version=4)
    committed = copy.deepcopy(nb)
    for cell in nb.cells:  # cells after a failure must not keep the committed outputs (or be counted as run)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    kernel = args.kernel or nb.metadata.get("kernelspec", {}).get("name", "")
    client = NotebookClient(nb, timeout=args.timeout, startup_timeout=args.startup_timeout, kernel_name=kernel,
                            allow_errors=False, record_timing=False,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    start = time.monotonic()
    failure = None
    os.makedirs(args.out, exist_ok=True)
    stem = os.path.splitext(os.path.basename(path))[0]
    # The kernel's own log (stderr) goes to a file next to the results, not between the summary lines.
    kernel_log = open(os.path.join(args.out, stem + ".kernel.log"), "w", encoding="utf-8")
    try:
        client.execute(stderr=kernel_log)
    except CellTimeoutError as e:
        failure = "timeout: " + str(e).strip().splitlines()[0]
    except DeadKernelError as e:
        failure = "kernel died: " + str(e).strip().splitlines()[0]
    except CellExecutionError:
        cell, message = first_error(nb)
        failure = f"cell {cell}: {message}"
    except Exception as e:  # kernel not installed, cannot start, ...: report it as this notebook's failure
        failure = f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}"
    finally:
        kernel_log.close()
    if failure is not None:
        failure += f" (kernel log: {os.path.relpath(kernel_log.name)})"
    seconds = time.monotonic() - start
    cells = sum(1 for c in nb.cells if c.cell_type == "code" and c.get("execution_count") is not None)
    total = sum(1 for c in nb.cells if c.cell_type == "code")
    return {"path": path, "nb": nb, "committed": committed, "kernel": kernel, "cells": cells, "total": total,
            "seconds": seconds, "failure": failure}


def write_outputs(result, args):
    os.makedirs(args.out, exist_ok=True)
    stem = os.path.splitext(os.path.basename(result["path"]))[0]
    executed = clean_for_commit(result["nb"])
    nbformat.write(executed, os.path.join(args.out, stem + ".ipynb"))
    if not args.no_html:
        from nbconvert import HTMLExporter  # imported late: running works without nbconvert, HTML does not
        body, _ = HTMLExporter().from_notebook_node(executed)
        with open(os.path.join(args.out, stem + ".html"), "w", encoding="utf-8") as f:
            f.write(body)
    if args.write_back and result["failure"] is None:
        with open(result["path"], "w", encoding="utf-8") as f:
            nbformat.write(executed, f)
            f.write("\n")


def main(argv=None):
    args = parse_args(argv)
    results = []
    for path in args.notebooks:
        result = run_one(path, args)
        write_outputs(result, args)
        if args.check and result["failure"] is None:
            diff = output_differences(result["committed"], result["nb"])
            if diff:
                result["failure"] = f"committed outputs differ from the fresh run ({len(diff)} diff lines)"
                result["diff"] = diff
        results.append(result)
        status = "ok" if result["failure"] is None else "FAILED " + result["failure"]
        print(f"{os.path.basename(path):45s} {result['cells']:3d}/{result['total']:<3d} cells "
              f"{result['seconds']:7.1f} s  {status}", flush=True)
    for result in results:
        for line in result.get("diff", [])[:60]:
            print("  " + line)
    failed = [r for r in results if r["failure"] is not None]
    total_seconds = sum(r["seconds"] for r in results)
    print(f"{len(results) - len(failed)} of {len(results)} notebooks ok in {total_seconds:.1f} s; "
          f"executed notebooks{'' if args.no_html else ' and HTML'} in {os.path.relpath(args.out)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
