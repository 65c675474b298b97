#!/usr/bin/python3
"""The HTML report in headless Chromium: a page built from real results plus crafted legs (a GPU
backend, a fast-matmul scheme, a hostile backend name) loads with no console errors, draws the
expected number of charts, keeps the hostile name inert, and its screenshot is not blank.

Usage: chromium_check.py LAPACK_AI_BINARY
"""
import copy
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reports_common import bench_json, fail, rescaled, run, workdir, write  # noqa: E402

EVIL = "</script><img src=x onerror=alert(1)>"


def crafted_results(binary, folder):
    """Two legs: leg A = real bench (gemm d) + an 'opencl' and a scheme backend (so the speedup
    chart has data) + the hostile name; leg B = a validate run (gemm s, no timings)."""
    _, doc = bench_json(binary, folder, dims="16,32,48", repeat="3")
    extra = []
    for r in doc["results"]:
        if r["backend"] != "openblas":
            continue
        for backend in ("opencl", "alphatensor:strassen@openblas", EVIL):
            c = copy.deepcopy(r)
            c["backend"] = backend
            c["message"] = EVIL
            extra.append(c)
    doc["results"] += extra
    doc = rescaled(doc, 1.0, 0.0, seed=1)
    for r in doc["results"]:
        factor = {"opencl": 0.5, "alphatensor:strassen@openblas": 0.9, EVIL: 2.0}.get(r["backend"])
        if factor:
            for key in ("min_s", "median_s", "mean_s"):
                r["timing"][key] *= factor
            r["timing"]["samples_s"] = [s * factor for s in r["timing"]["samples_s"]]
            r["gflops"] = r["flops"] / r["timing"]["median_s"] / 1e9
    doc["context"]["host"] = EVIL
    leg_a = write(folder, "leg-a.json", doc)
    leg_b = os.path.join(folder, "leg-b.json")
    run(binary, ["validate", "--op", "gemm", "--type", "s", "--dim", "8,24", "--backend",
                 "openblas,reference", "--quiet", "--json", leg_b], expect=0)
    return leg_a, leg_b


# One "gemm d" group: GFLOP/s, speedup and error charts; one "gemm s" group (validate only, no
# timings): its error chart. The rules are report.js's: a chart is drawn when it has data.
EXPECTED_CHARTS = 4


def chromium(args, folder):
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        fail("chromium not found (scripts/install-deps.sh installs it)")
    cmd = [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
           "--v=0", "--hide-scrollbars", "--user-data-dir=" + os.path.join(folder, "profile")]
    p = subprocess.run(cmd + args, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        fail(f"chromium exited {p.returncode}:\n{p.stderr[-3000:]}")
    console = [line for line in p.stderr.splitlines() if "CONSOLE" in line]
    if console:
        fail("console messages:\n" + "\n".join(console))
    return p.stdout


def png_pixels(path):
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB/RGBA PNG, unfiltered."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path} is not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color = header[:4]
    if depth != 8 or color not in (2, 6):
        fail(f"unexpected PNG format depth={depth} color={color}")
    bpp = 3 if color == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def main():
    binary = sys.argv[1]
    folder = workdir()
    leg_a, leg_b = crafted_results(binary, folder)
    merged, page = os.path.join(folder, "merged.json"), os.path.join(folder, "report.html")
    run(binary, ["report", "merge", leg_a, leg_b, "-o", merged], expect=0)
    run(binary, ["report", "html", merged, "-o", page, "--title", EVIL], expect=0)

    dom = chromium(["--dump-dom", "file://" + page], folder)
    body = re.search(r"<body([^>]*)>", dom)
    attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', body.group(1) if body else ""))
    if attrs.get("data-ready") != "1":
        fail(f"the page script did not finish: {attrs}")
    if attrs.get("data-errors") != "0":
        fail(f"the page recorded errors: {attrs}; " + str(re.findall(r'id="page-errors"[^>]*>([^<]*)', dom)))
    if attrs.get("data-charts-planned") != str(EXPECTED_CHARTS) or \
       attrs.get("data-charts-drawn") != str(EXPECTED_CHARTS):
        fail(f"expected {EXPECTED_CHARTS} charts drawn: {attrs}")
    if re.search(r"<img", dom, re.I):
        fail("the hostile backend name became an <img> element")
    if dom.count("onerror=alert(1)") < 3:  # shown as text: title, host, table cells
        fail("the hostile name is not shown as text")

    shot = os.path.join(folder, "report.png")
    chromium(["--window-size=1280,2000", "--screenshot=" + shot, "file://" + page], folder)
    width, height, bpp, rows = png_pixels(shot)
    ink = sum(1 for row in rows for x in range(0, width * bpp, bpp)
              if min(row[x], row[x + 1], row[x + 2]) < 200)
    if ink < width * height // 100:
        fail(f"the screenshot is (nearly) blank: {ink} non-white pixels of {width * height}")
    print(f"ok: {EXPECTED_CHARTS} charts drawn, no console errors, {ink} non-white pixels")


if __name__ == "__main__":
    main()
