#!/usr/bin/env python3
"""Prove that the student handouts work: for each lab N (default 1..4),
make the handout (conf/handout.py), build it warning-free, and run its
grade scripts.  Every test of the labs before N must pass; every test of
lab N that names an exercise (test(..., exercise=...)) must fail, since
lab N's exercises are stubs there.  The solution tree itself is graded by
`make grade`.

  check_handouts.py [N ...]

Prints one line per lab with the handout's scores, and the problems found;
exits non-zero if any.
"""
import importlib
import importlib.machinery
import importlib.util
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULT = re.compile(r"^(.*): (OK|FAIL) \(\d+\.\d+s\)")


def exercise_tests(tree, lab):
    """Titles of grade-lab<lab>'s tests that name an exercise."""
    sys.path.insert(0, tree)
    try:
        import gradelib
        gradelib = importlib.reload(gradelib)
        before = len(gradelib.TESTS)
        name = "handout_grade_lab%d" % lab
        loader = importlib.machinery.SourceFileLoader(name, os.path.join(tree, "grade-lab%d" % lab))
        spec = importlib.util.spec_from_loader(name, loader)
        loader.exec_module(importlib.util.module_from_spec(spec))
        return [t.title for t in gradelib.TESTS[before:] if getattr(t, "exercise", None)]
    finally:
        sys.path.remove(tree)
        sys.modules.pop("gradelib", None)


def check(lab):
    tree = os.path.join(ROOT, "obj", "handout", "lab%d" % lab)
    problems = []
    subprocess.run([sys.executable, "conf/handout.py", str(lab), tree], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    build = subprocess.run(["make", "-s", "--no-print-directory"], cwd=tree, capture_output=True, text=True)
    out = build.stdout + build.stderr
    if build.returncode != 0 or re.search(r"warning:|error:", out):
        return ["lab %d handout does not build warning-free:\n%s" % (lab, out[-3000:])], []
    scores = []
    env = dict(os.environ, GRADE_SKIP_MAKE="1")
    for k in range(1, lab + 1):
        script = "grade-lab%d" % k
        run = subprocess.run([sys.executable, script], cwd=tree, capture_output=True, text=True, env=env)
        results = {m.group(1): m.group(2) for m in map(RESULT.match, run.stdout.splitlines()) if m}
        score = [l for l in run.stdout.splitlines() if l.startswith("Score:")]
        scores.append("%s %s" % (script, score[-1] if score else "(no score)"))
        if k < lab:
            failed = [t for t, r in results.items() if r != "OK"]
            if failed or not results:
                problems.append("lab %d handout: %s must pass, but these fail: %s" % (lab, script, failed))
        else:
            need = exercise_tests(tree, lab)
            passing = [t for t in need if results.get(t) != "FAIL"]
            if passing:
                problems.append("lab %d handout: these tests of lab %d's exercises do not fail: %s"
                                % (lab, lab, passing))
    return problems, scores


def main(argv):
    labs = [int(a) for a in argv[1:]] or [1, 2, 3, 4]
    problems = []
    for lab in labs:
        p, scores = check(lab)
        print("handout lab %d: %s" % (lab, "; ".join(scores) if scores else "not graded"))
        problems += p
    for p in problems:
        print("PROBLEM: " + p)
    print("handouts: %d checked, %d problems" % (len(labs), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
