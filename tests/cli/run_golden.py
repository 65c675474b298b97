#!/usr/bin/python3
"""CLI golden tests in the style of TestSweeper's test/ref: each case runs lapack-ai with fixed
arguments, masks what legitimately varies (timings, error ratios, paths, dates, SHAs), and diffs
stdout+stderr and the exit code against tests/cli/ref/<name>.txt.

Usage: run_golden.py LAPACK_AI_BINARY TESTS_CLI_DIR [--update]
"""
import difflib
import os
import re
import subprocess
import sys

# (name, arguments). Keep cases fast: they run in every CI build.
CASES = [
    ("help", ["--help"]),
    ("bench_help", ["bench", "--help"]),
    ("validate_help", ["validate", "--help"]),
    ("no_subcommand", []),
    ("bad_dim", ["validate", "--dim", "10:abc"]),
    ("bad_dim_step", ["validate", "--dim", "5:1"]),
    ("bad_type", ["validate", "--type", "q"]),
    ("bad_backend", ["validate", "--backend", "nosuch"]),
    ("bad_op", ["validate", "--op", "gemmm"]),
    ("bad_repeat", ["bench", "--repeat", "0"]),
    ("tune_help", ["tune", "--help"]),
    ("tune_bad_candidates", ["tune", "--dry-run", "--candidates", "strassen/9"]),
    ("unknown_flag", ["validate", "--frobnicate"]),
    ("validate_small", ["validate", "--op", "gemm", "--type", "s,d", "--dim", "0,1,7x5x3",
                        "--backend", "openblas,reference", "--transA", "n,t"]),
    ("validate_singular_potrf", ["validate", "--op", "potrf", "--matrix", "singular", "--type", "d",
                                 "--dim", "10", "--backend", "openblas"]),
    ("run_list", ["run", "--list"]),
    ("run_typo", ["run", "tests/scenario/errors/unknown_key.json"]),
    ("schemes_verify_all", ["schemes", "verify", "--all"]),
    ("schemes_bad_name", ["schemes", "show", "strasen"]),
    ("diagnose_hilbert", ["diagnose", "tests/data/diagnose/hilbert8.mtx"]),
    ("diagnose_missing", ["diagnose", "no/such/file.npy"]),
]

MASKS = [
    # Environment findings depend on the machine and on what else runs (ctest -j): dropped here,
    # tested against fake /proc and /sys roots in tests/env.
    (re.compile(r"^% (warning|note) \[.*\n(%   fix: .*\n)?", re.M), ""),
    (re.compile(r"^\d+ environment findings? above.*\n", re.M), ""),
    (re.compile(r"^% .*$", re.M), "% <header>"),
    (re.compile(r"\b\d+\.\d+e[-+]\d+\b"), "<num>"),
    (re.compile(r"(?<=\s)\d+\.\d+(?=\s)"), "<num>"),
    (re.compile(r"lapack-ai \d+\.\d+\.\d+ \([^)]*\)"), "lapack-ai <version>"),
]


def run_case(binary, args):
    env = dict(os.environ, NO_COLOR="1", COLUMNS="100")
    env.pop("CI", None)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = subprocess.run([binary] + args, capture_output=True, text=True, env=env, timeout=120,
                       stdin=subprocess.DEVNULL, cwd=os.path.dirname(root))
    text = f"$ lapack-ai {' '.join(args)}\n{p.stdout}{p.stderr}exit code: {p.returncode}\n"
    for rx, repl in MASKS:
        text = rx.sub(repl, text)
    return text


def main():
    binary, cli_dir = sys.argv[1], sys.argv[2]
    update = "--update" in sys.argv
    ref_dir = os.path.join(cli_dir, "ref")
    failed = 0
    for name, args in CASES:
        got = run_case(binary, args)
        path = os.path.join(ref_dir, name + ".txt")
        if update:
            with open(path, "w") as f:
                f.write(got)
            continue
        want = open(path).read() if os.path.exists(path) else ""
        if got != want:
            failed += 1
            print(f"FAILED {name}")
            sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                                       "ref/" + name + ".txt", "got"))
        else:
            print(f"ok     {name}")
    print(f"{len(CASES) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
