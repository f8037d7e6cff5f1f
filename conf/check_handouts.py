#!/usr/bin/env python3
"""Prove that the student handouts work: for each lab N (default: every
lab), make the handout (conf/handout.py), build it warning-free, and run
grade-lab1..N.  Every test of the labs before N must pass; every test of
lab N that names an exercise (test(..., exercise=...)) must fail, since
lab N's exercises are stubs there, and every one that names none must
pass.  Every grade script must finish (exit status 0 or 1) and report
every test it registers.  The handout's files are checked too: no region
marker left, no solution line of a stubbed region (handout.leaks: the
files and the tarball), no grader-only file (handout.EXCLUDE) shipped or
named.  The solution tree itself is graded by `make grade`.

  check_handouts.py [--parts | --every-exercise] [N ...]

--parts also grades lab N's handout with the solutions of lab N's
exercises up to the end of each of its parts kept (the parts are the lab
text's "# Part" headings; the last part's end is the next lab's handout,
or the staff tree); --every-exercise does so after every exercise.  At
each such checkpoint every test whose exercises are all done passes,
every test that names one not yet done fails, and nothing that passed at
the checkpoint before fails.

Prints one line per handout and checkpoint with the scores, then the
problems found; exits non-zero if any.
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


def exercises(tag):
    """The set of exercise ids, (lab, number), a test's exercise tag names:
    "4.2, 4.5", "4.7-4.10", "3.1-3.6, 3.9"; empty for None."""
    ids = set()
    for part in (tag or "").replace("\u2013", "-").split(","):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(\d+)\.(\d+)(?:\s*-\s*(\d+)\.(\d+))?", part)
        if not m:
            raise SystemExit("check_handouts: bad exercise tag %r" % tag)
        a, b = (int(m.group(1)), int(m.group(2))), (int(m.group(3) or m.group(1)), int(m.group(4) or m.group(2)))
        if a[0] != b[0] or a > b:
            raise SystemExit("check_handouts: bad exercise range %r" % part)
        ids |= {(a[0], n) for n in range(a[1], b[1] + 1)}
    return ids


def parts(lab):
    """The parts of lab `lab` as its text has them: a list of (name, [exercise
    ids]) in order.  "# Part X..." opens a part, "## Exercise N.M..." adds
    to it; a lab text without parts is one part."""
    out = []
    for line in open(os.path.join(ROOT, "docs", "lab%d.md" % lab), encoding="utf-8"):
        m = re.match(r"# (Part \S+)", line)
        if m:
            out.append((m.group(1).rstrip(":"), []))
        m = re.match(r"## Exercise (\d+)\.(\d+)\b", line)
        if m and int(m.group(1)) == lab:
            if not out:
                out.append(("the whole lab", []))
            ex = (lab, int(m.group(2)))
            if all(ex not in ids for _, ids in out):
                out[-1][1].append(ex)
    return [(name, ids) for name, ids in out if ids]


def load_tests(tree, lab):
    """The gradelib Test objects grade-lab<lab> of tree registers, in order
    (the script loaded as a module, against that tree's own gradelib)."""
    sys.path.insert(0, tree)
    try:
        import gradelib
        gradelib = importlib.reload(gradelib)
        before = len(gradelib.TESTS)
        name = "handout_grade_lab%d" % lab
        loader = importlib.machinery.SourceFileLoader(name, os.path.join(tree, "grade-lab%d" % lab))
        spec = importlib.util.spec_from_loader(name, loader)
        loader.exec_module(importlib.util.module_from_spec(spec))
        return gradelib.TESTS[before:]
    finally:
        sys.path.remove(tree)
        sys.modules.pop("gradelib", None)


def grade_tests(tree, lab):
    """(title, set of exercise ids it names) of every test grade-lab<lab> registers."""
    return [(t.title, exercises(getattr(t, "exercise", None))) for t in load_tests(tree, lab)]


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


def build_and_grade(lab, tree, solved=None):
    """Make the lab-`lab` handout in tree (with lab N's solutions of the
    exercises up to `solved` kept, if given), build it, run grade-lab1..N.
    Returns (problems, {script: {title: "OK"/"FAIL"}}, score lines)."""
    args = [sys.executable, "conf/handout.py", str(lab), tree]
    if solved:
        args += ["--solved", "%d.%d" % solved]
    made = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    if made.returncode != 0:
        return ["handout.py failed:\n" + made.stdout + made.stderr], {}, []
    build = subprocess.run(["make", "-s", "--no-print-directory"], cwd=tree, capture_output=True, text=True)
    out = build.stdout + build.stderr
    if build.returncode != 0 or re.search(r"warning:|error:", out):
        return ["does not build warning-free:\n%s" % out[-3000:]], {}, []
    problems, results, scores = [], {}, []
    env = dict(os.environ, GRADE_SKIP_MAKE="1")
    for k in range(1, lab + 1):
        script = "grade-lab%d" % k
        run = subprocess.run([sys.executable, script], cwd=tree, capture_output=True, text=True, env=env)
        results[script] = {m.group(1): m.group(2) for m in map(RESULT.match, run.stdout.splitlines()) if m}
        score = [l for l in run.stdout.splitlines() if l.startswith("Score:")]
        scores.append("%s %s" % (script, score[-1] if score else "(no score)"))
        if run.returncode not in (0, 1):
            problems.append("%s exited with status %d:\n%s"
                            % (script, run.returncode, (run.stdout + run.stderr)[-2000:]))
        silent = [t for t, _ in grade_tests(tree, k) if t not in results[script]]
        if silent:
            problems.append("%s reported no result for: %s" % (script, silent))
    return problems, results, scores


def judge(lab, tree, results, solved, before):
    """Problems with one checkpoint's results: with lab N's exercises up to
    `solved` done (none if None), every earlier lab's test passes, every
    lab-N test whose exercises are all done passes and every other one
    fails (a tag names exactly what its test needs), and nothing that
    passed at the checkpoint before (`before`, same shape) fails now."""
    done = lambda ex: ex[0] < lab or (solved is not None and ex <= solved)  # noqa: E731
    problems = []
    for k in range(1, lab + 1):
        script = "grade-lab%d" % k
        got = results.get(script, {})
        tests = grade_tests(tree, k)
        must_pass = [t for t, ids in tests if all(map(done, ids))]
        must_fail = [t for t, ids in tests if not all(map(done, ids))]
        bad = [t for t in must_pass if got.get(t) != "OK"]
        if bad:
            problems.append("%s: these tests need only done exercises but fail: %s" % (script, bad))
        bad = [t for t in must_fail if got.get(t) != "FAIL"]
        if bad:
            problems.append("%s: these tests name an exercise not yet done but pass (their tag names "
                            "more than they need, or a stub gives the answer away): %s" % (script, bad))
        if before is not None:
            broke = [t for t, r in before.get(script, {}).items() if r == "OK" and got.get(t) != "OK"]
            if broke:
                problems.append("%s: these passed at the previous checkpoint and fail now: %s" % (script, broke))
    return problems


def checkpoints(lab, mode):
    """The exercises after which lab N's handout is graded: the end of every
    part but the last ("parts": the last is the next lab's handout, or the
    staff tree, which check the same), or every exercise ("every")."""
    ps = parts(lab)
    if mode == "every":
        return [ex for _, ids in ps for ex in ids]
    return [max(ids) for _, ids in ps[:-1]]


def check(lab, mode=None):
    """Problems and score lines of the lab-`lab` handout, and with mode
    "parts" or "every", of its checkpoints."""
    tree = os.path.join(ROOT, "obj", "handout", "lab%d" % lab)
    problems, results, scores = build_and_grade(lab, tree)
    problems = ["lab %d handout: %s" % (lab, p) for p in problems]
    if results:
        problems += check_content(tree, lab)
        problems += ["lab %d handout: %s" % (lab, p) for p in judge(lab, tree, results, None, None)]
    lines = ["handout lab %d: %s" % (lab, "; ".join(scores) if scores else "not graded")]
    before = results
    for ex in (checkpoints(lab, mode) if mode else []):
        name = "lab %d handout with exercises up to %d.%d done" % (lab, ex[0], ex[1])
        ptree = os.path.join(ROOT, "obj", "handout", "lab%d-%d.%d" % (lab, ex[0], ex[1]))
        p, results, scores = build_and_grade(lab, ptree, ex)
        p += judge(lab, ptree, results, ex, before) if results else []
        problems += ["%s: %s" % (name, q) for q in p]
        lines.append("%s: %s" % (name, "; ".join(scores) if scores else "not graded"))
        before = results or before
    return problems, lines


def main(argv):
    args = argv[1:]
    mode = None
    for opt, m in (("--parts", "parts"), ("--every-exercise", "every")):
        if opt in args:
            args.remove(opt)
            mode = m
    if any(not a.isdigit() or int(a) not in handout.labs() for a in args):
        print("usage: check_handouts.py [--parts | --every-exercise] [LAB...]  (labs: %s)"
              % " ".join(map(str, handout.labs())))
        return 2
    labs = [int(a) for a in args] or handout.labs()
    problems = []
    for lab in labs:
        p, lines = check(lab, mode)
        for line in lines:
            print(line, flush=True)
        problems += p
    for p in problems:
        print("PROBLEM: " + p)
    print("handouts: %d checked, %d problems" % (len(labs), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
