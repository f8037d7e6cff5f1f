#!/usr/bin/env python3
"""Run the concurrency-sensitive tests many times on many CPUs.

    make stress                       (builds first)
    python3 conf/stress.py [RUNS [TEST...]]

Runs grade-lab4's stresssched, pingpong, primes and fuzz RUNS times each
(default 20) with GRADE_CPUS=8 (every multiprocessor test gets 8 CPUs),
through gradelib: each run is an ordinary grade test, leak-checked, its
output in obj/grade/<test>.<run>.out.  Prints every result, then a summary
per test, and last "N passed, M failed".  Not part of make grade: it is
slow (minutes) and its point is the rare failure.  GRADE_CPUS_ALL=N gives
every test, the single-CPU ones too, N CPUs:

    GRADE_CPUS_ALL=4 python3 conf/stress.py 10 dumbfork yield
"""

import copy
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "conf"))

import gradelib  # noqa: E402
from grade_all import load  # noqa: E402

DEFAULT_TESTS = ["stresssched", "pingpong", "primes", "fuzz"]
CPUS = "8"


def main():
    args = sys.argv[1:]
    if any(a in ("-h", "--help") for a in args):
        print(__doc__.strip())
        sys.exit(0)
    runs = int(args.pop(0)) if args and args[0].isdigit() else 20
    names = args or DEFAULT_TESTS
    os.environ.setdefault("GRADE_CPUS", CPUS)

    load("grade-lab4")
    by_name = {}
    for t in gradelib.TESTS:
        short = t.name[5:] if t.name.startswith("test_") else t.name
        by_name[short] = by_name[t.name] = t
    unknown = [n for n in names if n not in by_name]
    if unknown:
        sys.exit("stress: no such grade-lab4 test: %s" % ", ".join(unknown))

    # RUNS copies of each test, interleaved so a slow test does not hold
    # up the rest, each recording whether it passed (the automatic leak
    # check included).
    passed = {n: 0 for n in names}
    tests = []
    for run in range(1, runs + 1):
        for n in names:
            t = copy.copy(by_name[n])
            t.title = "%s (run %d/%d)" % (n, run, runs)
            t.out_name = "%s.%d" % (t.name, run)
            t.func = _recording(t.func, t.wants_runner and t.leak_check, n, passed)
            tests.append(t)
    gradelib.TESTS[:] = tests

    cpus = "GRADE_CPUS_ALL=%s" % os.environ["GRADE_CPUS_ALL"] if os.environ.get("GRADE_CPUS_ALL") \
        else "GRADE_CPUS=%s" % os.environ["GRADE_CPUS"]
    print("stress: %s, %d runs each, %s" % (", ".join(names), runs, cpus), flush=True)
    try:
        gradelib.run_tests([])
    except SystemExit as e:
        status = e.code
    print("stress summary:")
    for n in names:
        print("  %-12s %d/%d passed" % (n, passed[n], runs))
    total = runs * len(names)
    ok = sum(passed.values())
    print("%d passed, %d failed" % (ok, total - ok), flush=True)
    sys.exit(status)


def _recording(func, leak_check, name, passed):
    def run(*a):
        func(*a)
        if leak_check:  # here too, so a leak is not counted as passed
            a[0].assert_no_leak()
        passed[name] += 1
    return run


if __name__ == "__main__":
    main()
