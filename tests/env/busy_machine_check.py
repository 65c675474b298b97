#!/usr/bin/python3
"""End to end: `lapack-ai bench` run beside CPU-burning processes must say so in the console,
in context.warnings of the results JSON, in the recommendations it weakens, and in the HTML
report's banner. Two burners on a 2-core machine keep far more than the 0.25 cores the check
needs busy, and two sizes with the netlib reference keep the run well past the 0.1 s a load
window needs, so both the start sample and the run window see them. CTest runs it alone
(RUN_SERIAL).

Usage: busy_machine_check.py LAPACK_AI_BINARY
"""
import json
import os
import subprocess
import sys
import tempfile


def main():
    binary = sys.argv[1]
    burners = [subprocess.Popen(["sh", "-c", "while :; do :; done"]) for _ in range(os.cpu_count() or 2)]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "busy.json")
            env = dict(os.environ, NO_COLOR="1")
            p = subprocess.run([binary, "bench", "--op", "gemm", "--type", "d", "--dim", "128,256",
                                "--backend", "openblas,reference", "--max-time", "2", "--json", out],
                               capture_output=True, text=True, env=env, timeout=300)
            console = p.stdout + p.stderr
            assert p.returncode == 0, f"warnings must not change the exit code: {p.returncode}\n{console}"
            assert "warning [busy_machine] at start" in console, console
            assert "warning [busy_machine] during the run" in console, console
            doc = json.load(open(out))
            ids = [(w["id"], w["phase"]) for w in doc["context"]["warnings"]]
            assert ("busy_machine", "start") in ids and ("busy_machine", "end") in ids, ids
            assert all("busy_machine" in r["warnings"] for r in doc["recommendations"]), doc["recommendations"]
            html = os.path.join(tmp, "busy.html")
            subprocess.run([binary, "report", "html", out, "-o", html], check=True, timeout=60)
            page = open(html, encoding="utf-8").read()
            assert "busy_machine" in page and "other processes kept" in page, "no banner entry in the HTML"
    finally:
        for b in burners:
            b.kill()
            b.wait()
    print("busy machine flagged in console, JSON, recommendations and HTML")
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
