#!/usr/bin/python3
"""The HTML report in headless Chromium: a page built from real results plus crafted legs (a GPU
backend, a fast-matmul scheme, a hostile backend name; environment warnings, recommendations,
speedup intervals, an unstable timing) loads with no console errors, draws the expected number of
charts with interval whiskers, shows the warnings banner and "what to use" table, marks
no-difference speedups with ≈ and the unstable timing, keeps the hostile name inert, and its
screenshot is not blank.

Usage: chromium_check.py LAPACK_AI_BINARY
"""
import copy
import json
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
    add_trust_fields(doc)
    leg_a = write(folder, "leg-a.json", doc)
    leg_b = os.path.join(folder, "leg-b.json")
    run(binary, ["validate", "--op", "gemm", "--type", "s", "--dim", "8,24", "--backend",
                 "openblas,reference", "--quiet", "--json", leg_b], expect=0)
    with open(leg_b) as f:
        validated = json.load(f)
    validated["context"]["warnings"] = []  # checked, nothing found
    validated.pop("recommendations", None)
    write(folder, "leg-b.json", validated)
    return leg_a, leg_b


def add_trust_fields(doc):
    """What the environment checks and the statistics write: a warning (with the hostile text)
    and a note, readings, recommendations, and for every case a speedup over openblas with an
    interval (the scheme's: no difference); the reference run at n=32 timed as unstable."""
    doc["context"]["warnings"] = [
        {"id": "cpu_governor", "severity": "info", "phase": "start",
         "message": "CPU frequency governor unknown", "fix": "check cpufreq"},
        {"id": "blas_kernel_below_cpu", "severity": "warning", "phase": "start",
         "message": "OpenBLAS runs its Prescott kernel " + EVIL,
         "fix": "export OPENBLAS_CORETYPE=SkylakeX"}]
    doc["context"]["environment"] = {
        "cpu": {"vendor": "GenuineIntel", "isa": "AVX-512", "flags": ["sse3", "avx512f"]},
        "blas": [{"backend": "openblas", "kernel": "Prescott", "kernel_isa": "SSE3"}],
        "governor": "unknown", "thread_env": {"OPENBLAS_CORETYPE": ""}, "future": {"x": EVIL}}
    doc["context"]["statistics"] = {"method": "bootstrap", "confidence": 0.95, "seed": 1988}
    base = {r["params"]["n"]: r["timing"]["median_s"] for r in doc["results"]
            if r["backend"] == "openblas"}
    for r in doc["results"]:
        value = base[r["params"]["n"]] / r["timing"]["median_s"]
        scheme = r["backend"].startswith("alphatensor:")
        verdict = "no_difference" if scheme or r["backend"] == "openblas" else \
            "faster" if value > 1 else "slower"
        r["speedup"] = {"baseline": "openblas", "value": value, "verdict": verdict, "seed": 1988}
        r["speedup_ci"] = [value * 0.95, value * 1.05]
        if r["backend"] == "reference" and r["params"]["n"] == 32:
            r["timing"].update(unstable=True, unstable_reason="CV 9% above 5% " + EVIL)
    doc["recommendations"] = [
        {"op": "gemm", "type": "d", "size_label": "n=16..48", "size_min": 16, "size_max": 48,
         "backend": "opencl", "baseline": "openblas", "speedup": 2.0, "speedup_ci": [1.9, 2.1],
         "verdict": "faster", "cases": 3, "warnings": ["blas_kernel_below_cpu"],
         "text": "gemm d n=16..48: opencl " + EVIL},
        {"op": "gemm", "type": "s", "size_label": "n=8..24", "size_min": 8, "size_max": 24,
         "backend": "openblas", "baseline": "openblas", "speedup": 1.01,
         "speedup_ci": [0.97, 1.05], "verdict": "no_difference", "cases": 2, "warnings": [],
         "text": "gemm s: no difference"}]


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


def check_trust_sections(dom, attrs):
    """The banner (leg A's warning, leg B's all-clear), the recommendations, the intervals."""
    banner = re.search(r'<section id="env-warnings" class="banner banner-warning">(.*?)</section>',
                       dom, re.S)
    if not banner:
        fail("no amber warnings banner")
    if "Prescott kernel &lt;/script&gt;" not in banner.group(1) or \
       "Fix: export OPENBLAS_CORETYPE=SkylakeX" not in banner.group(1):
        fail("the banner lacks the warning's escaped message or its fix:\n" + banner.group(1))
    if "leg-b: Environment checks: no problems found" not in banner.group(1):
        fail("the banner lacks leg-b's all-clear:\n" + banner.group(1))
    if dom.find('id="env-warnings"') > dom.find('id="recommendations"') or \
       dom.find('id="recommendations"') > dom.find('id="summary"'):
        fail("expected the banner, then the recommendations, then the summary")
    for text in ("2.00x [1.90, 2.10]", "\u2248 1.01x [0.97, 1.05]", ">blas_kernel_below_cpu<"):
        if text not in dom:
            fail(f"the recommendations lack {text!r}")
    if not re.search(r'<td class="num speedup"><span class="nowrap">\u2248 [0-9.]+x \[[0-9.]+, [0-9.]+\]</span> vs openblas',
                     dom):
        fail("no per-case speedup cell shows a no-difference interval with \u2248")
    if not re.search(r'<span class="unstable-mark" title="CV 9% above 5%[^"]*">unstable</span>', dom):
        fail("the unstable timing has no marker with its reason")
    if int(attrs.get("data-ci-whiskers", "0")) < 3:
        fail(f"the speedup chart drew no interval whiskers: {attrs}")


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
    check_trust_sections(dom, attrs)
    if re.search(r"<img", dom, re.I):
        fail("the hostile backend name became an <img> element")
    if dom.count("onerror=alert(1)") < 5:  # as text: title, host, cells, warning, reading
        fail("the hostile name is not shown as text")

    shot = os.path.join(folder, "report.png")
    chromium(["--window-size=1280,2000", "--screenshot=" + shot, "file://" + page], folder)
    width, height, bpp, rows = png_pixels(shot)
    ink = sum(1 for row in rows for x in range(0, width * bpp, bpp)
              if min(row[x], row[x + 1], row[x + 2]) < 200)
    if ink < width * height // 100:
        fail(f"the screenshot is (nearly) blank: {ink} non-white pixels of {width * height}")
    print(f"ok: {EXPECTED_CHARTS} charts drawn with {attrs['data-ci-whiskers']} whiskers, "
          f"banner and recommendations shown, no console errors, {ink} non-white pixels")


if __name__ == "__main__":
    main()
