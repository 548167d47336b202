"""Look at an executed notebook's HTML as a person would: a headless-browser screenshot, checked for drawn charts.

    /usr/bin/python3 notebooks/screenshot.py                          # build/notebooks/00_tour.html -> .png
    /usr/bin/python3 notebooks/screenshot.py build/notebooks/01_where_is_the_bias.html --min-charts 3

Two checks, both must pass (exit 1 otherwise, 2 if a tool is missing):
1. the executed notebook next to the HTML has at least --min-charts outputs with an SVG picture (image/svg+xml, or
   an <svg> inside text/html), and each of those SVGs is in the HTML with real drawing in it (rect, path, line, ...);
2. the screenshot (Chromium headless) shows colour: at least --min-colour of its pixels are clearly coloured (not
   white, grey or black), which is what heatmaps and bar charts put on the page; a page whose charts failed to
   render is black on white.
Needs chromium (Debian: chromium) and Pillow (python3-pil).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

import nbformat

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DRAWING = re.compile(r"<(rect|path|line|polyline|polygon|circle)\b")


def svg_outputs(nb):
    """The SVG documents a notebook's outputs show, in order."""
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/svg+xml" in data:
                found.append("".join(data["image/svg+xml"]))
            elif "text/html" in data:
                found.extend(re.findall(r"<svg\b.*?</svg>", "".join(data["text/html"]), flags=re.S))
    return found


def check_html(html_path, min_charts):
    nb_path = os.path.splitext(html_path)[0] + ".ipynb"
    if not os.path.isfile(nb_path):
        return [f"no executed notebook next to the HTML: {nb_path}"]
    svgs = svg_outputs(nbformat.read(nb_path, as_version=4))
    with open(html_path, encoding="utf-8") as f:
        html = f.read()
    problems = []
    drawn = [s for s in svgs if len(DRAWING.findall(s)) >= 3]
    if len(drawn) < min_charts:
        problems.append(f"{len(drawn)} charts with drawing in the outputs ({len(svgs)} SVGs), expected at least "
                        f"{min_charts}")
    html_svgs = len(re.findall(r"<svg\b", html))
    if html_svgs < len(drawn):
        problems.append(f"the HTML holds {html_svgs} <svg> elements but the outputs have {len(drawn)} charts")
    return problems


def screenshot(html_path, png_path, width, height):
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        sys.exit("screenshot.py: no chromium on PATH (Debian package: chromium)")
    with tempfile.TemporaryDirectory() as profile:
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                   f"--user-data-dir={profile}", f"--window-size={width},{height}", "--virtual-time-budget=10000",
                   f"--screenshot={os.path.abspath(png_path)}", "file://" + os.path.abspath(html_path)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    if not os.path.isfile(png_path):
        return [f"chromium wrote no screenshot to {png_path}"]
    return []


def coloured_fraction(png_path):
    try:
        from PIL import Image
    except ImportError:
        sys.exit("screenshot.py: Pillow is needed to read the screenshot (Debian package: python3-pil)")
    image = Image.open(png_path).convert("RGB")
    pixels = list(image.getdata())
    coloured = sum(1 for r, g, b in pixels if max(r, g, b) - min(r, g, b) > 60)
    return coloured / len(pixels)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Screenshot an executed notebook's HTML and check its charts.")
    parser.add_argument("html", nargs="?", default=os.path.join(ROOT, "build", "notebooks", "00_tour.html"))
    parser.add_argument("--out", help="PNG to write (default: next to the HTML)")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=9000, help="page height to capture, pixels")
    parser.add_argument("--min-charts", type=int, default=3, help="SVG charts the outputs must hold")
    parser.add_argument("--min-colour", type=float, default=0.005, help="fraction of clearly coloured pixels")
    args = parser.parse_args(argv)
    if not os.path.isfile(args.html):
        parser.error(f"no such HTML file: {args.html} (run run_all.py first)")
    png = args.out or os.path.splitext(args.html)[0] + ".png"

    problems = check_html(args.html, args.min_charts)
    problems += screenshot(args.html, png, args.width, args.height)
    fraction = coloured_fraction(png) if os.path.isfile(png) else 0.0
    if fraction < args.min_colour:
        problems.append(f"only {fraction:.2%} of the screenshot's pixels are coloured, expected at least "
                        f"{args.min_colour:.2%}: did the charts render?")
    name = os.path.basename(args.html)
    if problems:
        for problem in problems:
            print(f"{name}: {problem}")
        return 1
    print(f"{name}: charts present and rendered ({fraction:.1%} coloured pixels); screenshot {os.path.relpath(png)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
