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

Fuzz run k gets its own seed, FUZZ_SEED + k (FUZZ_SEED from the
environment, `make stress FUZZ_SEED=N`, else from the clock, and printed
first), passed as the fuzz program's argument (fw_cfg opt/jos/args); a
failed fuzz run prints the command that reruns its seed.
"""

import copy
import os
import sys
import time

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
    base_seed = int(os.environ.get("FUZZ_SEED") or int(time.time())) % 2**32
    tests = []
    for run in range(1, runs + 1):
        for n in names:
            t = copy.copy(by_name[n])
            t.title = "%s (run %d/%d)" % (n, run, runs)
            t.out_name = "%s.%d" % (t.name, run)
            func = t.func
            if n in ("fuzz", "test_fuzz"):
                seed = (base_seed + run) % 2**32
                t.title = "%s (run %d/%d, seed %d)" % (n, run, runs, seed)
                t.defaults = dict(t.defaults, extra=t.defaults["extra"] + fuzz_seed_args(seed))
                func = _naming_seed(func, seed)
            t.func = _recording(func, t.wants_runner and t.leak_check, n, passed)
            tests.append(t)
    gradelib.TESTS[:] = tests

    cpus = "GRADE_CPUS_ALL=%s" % os.environ["GRADE_CPUS_ALL"] if os.environ.get("GRADE_CPUS_ALL") \
        else "GRADE_CPUS=%s" % os.environ["GRADE_CPUS"]
    print("stress: %s, %d runs each, %s" % (", ".join(names), runs, cpus), flush=True)
    if any(n in ("fuzz", "test_fuzz") for n in names):
        print("stress: fuzz seeds %d + run number (FUZZ_SEED=%d)" % (base_seed, base_seed), flush=True)
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


def fuzz_seed_args(seed):
    """QEMU arguments that give the fuzz program `seed` as its argv[1]."""
    return ("-fw_cfg", "name=opt/jos/args,string=%d" % seed)


def _naming_seed(func, seed):
    """func, with a failure message that ends with how to rerun the seed."""
    def run(r):
        try:
            func(r)
        except AssertionError as e:
            raise gradelib.TestFailure("%s\nfuzz seed %d: rerun with make run-fuzz-nox CPUS=%d ARGS=%d"
                                       % (str(e).rstrip("\n"), seed, r.cpus, seed)) from None
    return run


def _recording(func, leak_check, name, passed):
    def run(*a):
        func(*a)
        if leak_check:  # here too, so a leak is not counted as passed
            a[0].assert_no_leak()
        passed[name] += 1
    return run


if __name__ == "__main__":
    main()
