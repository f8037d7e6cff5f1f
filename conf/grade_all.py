#!/usr/bin/env python3
"""Run several grade scripts as one parallel suite.

    python3 conf/grade_all.py grade-lab1 grade-lab2 ...

Each grade script is loaded as a module (its __name__ is not "__main__", so
its closing `if __name__ == "__main__": run_tests()` does nothing); its
tests join gradelib's single list, recorded with the script's file name.
Then run_tests() runs them all at once and prints the per-lab scores, the
total score, the total time and the final "N passed, M failed" line.
"""

import importlib.machinery
import importlib.util
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import gradelib  # noqa: E402  (the same module object the scripts import)


def load(path):
    if not os.path.exists(path) and os.path.exists(os.path.join(ROOT, path)):
        path = os.path.join(ROOT, path)
    if not os.path.isfile(path):
        sys.exit("grade_all: no such grade script: %s" % path)
    name = "grade_" + re.sub(r"\W", "_", os.path.basename(path))
    loader = importlib.machinery.SourceFileLoader(name, path)
    spec = importlib.util.spec_from_loader(name, loader)
    module = importlib.util.module_from_spec(spec)
    gradelib.current_file = os.path.basename(path)
    try:
        loader.exec_module(module)
    finally:
        gradelib.current_file = None
    sys.modules[name] = module


def main():
    scripts = sys.argv[1:]
    if not scripts or any(a in ("-h", "--help") for a in scripts):
        print("usage: %s grade-labN..." % sys.argv[0])
        sys.exit(0 if scripts else 2)
    for path in scripts:
        load(path)
    gradelib.run_tests([])


if __name__ == "__main__":
    main()
