#!/usr/bin/env python3
"""Prove that the student handouts work: for each lab N (default 1..4),
make the handout (conf/handout.py), build it warning-free, and run its
grade scripts.  Every test of the labs before N must pass; every test of
lab N that names an exercise (test(..., exercise=...)) must fail, since
lab N's exercises are stubs there.  Every grade script must finish (exit
status 0 or 1) and report every test it registers.  The handout's files
are checked too: no region marker left, no solution line of a stubbed
region, no grader-only file (handout.EXCLUDE) shipped or named.  The
solution tree itself is graded by `make grade`.

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
sys.path.insert(0, os.path.join(ROOT, "conf"))
import handout  # noqa: E402

MARKER_TEXT = re.compile(r"@(exercise|staff|stub)\b|^\s*(//|#|<!--)\s*@end\b", re.M)


def grade_tests(tree, lab):
    """(title, names an exercise?) of every test grade-lab<lab> registers."""
    sys.path.insert(0, tree)
    try:
        import gradelib
        gradelib = importlib.reload(gradelib)
        before = len(gradelib.TESTS)
        name = "handout_grade_lab%d" % lab
        loader = importlib.machinery.SourceFileLoader(name, os.path.join(tree, "grade-lab%d" % lab))
        spec = importlib.util.spec_from_loader(name, loader)
        loader.exec_module(importlib.util.module_from_spec(spec))
        return [(t.title, bool(getattr(t, "exercise", None))) for t in gradelib.TESTS[before:]]
    finally:
        sys.path.remove(tree)
        sys.modules.pop("gradelib", None)


def check_content(tree, lab):
    """Problems with the files of the lab-`lab` handout in tree."""
    problems = []
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, check=True, capture_output=True,
                           text=True).stdout.split()
    shipped = [f for f in files if os.path.isfile(os.path.join(ROOT, f)) and not handout.excluded(f, lab)]
    for f in sorted(handout.EXCLUDE):
        if os.path.exists(os.path.join(tree, f)):
            problems.append("lab %d handout ships the grader-only file %s" % (lab, f))
    for f in shipped:
        try:
            text = open(os.path.join(tree, f), encoding="utf-8").read()
        except UnicodeDecodeError:
            continue
        m = MARKER_TEXT.search(text)
        if m:
            n = text.count("\n", 0, m.start()) + 1
            problems.append("lab %d handout: %s:%d still has a region marker" % (lab, f, n))
        for g in sorted(handout.EXCLUDE):
            if g in text and not g.startswith(".ci"):
                problems.append("lab %d handout: %s names the grader-only file %s" % (lab, f, g))
    problems += ["lab %d handout shows solution text: %s" % (lab, l) for l in handout.leaks(tree, lab)]
    return problems


def check(lab):
    tree = os.path.join(ROOT, "obj", "handout", "lab%d" % lab)
    problems = []
    subprocess.run([sys.executable, "conf/handout.py", str(lab), tree], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    build = subprocess.run(["make", "-s", "--no-print-directory"], cwd=tree, capture_output=True, text=True)
    out = build.stdout + build.stderr
    if build.returncode != 0 or re.search(r"warning:|error:", out):
        return ["lab %d handout does not build warning-free:\n%s" % (lab, out[-3000:])], []
    problems += check_content(tree, lab)
    scores = []
    env = dict(os.environ, GRADE_SKIP_MAKE="1")
    for k in range(1, lab + 1):
        script = "grade-lab%d" % k
        run = subprocess.run([sys.executable, script], cwd=tree, capture_output=True, text=True, env=env)
        results = {m.group(1): m.group(2) for m in map(RESULT.match, run.stdout.splitlines()) if m}
        score = [l for l in run.stdout.splitlines() if l.startswith("Score:")]
        scores.append("%s %s" % (script, score[-1] if score else "(no score)"))
        tests = grade_tests(tree, k)
        if run.returncode not in (0, 1):
            problems.append("lab %d handout: %s exited with status %d:\n%s"
                            % (lab, script, run.returncode, (run.stdout + run.stderr)[-2000:]))
        silent = [t for t, _ in tests if t not in results]
        if silent:
            problems.append("lab %d handout: %s reported no result for: %s" % (lab, script, silent))
        if k < lab:
            failed = [t for t, r in results.items() if r != "OK"]
            if failed or not results:
                problems.append("lab %d handout: %s must pass, but these fail: %s" % (lab, script, failed))
        else:
            need = [t for t, named in tests if named]
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
