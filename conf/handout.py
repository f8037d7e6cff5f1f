#!/usr/bin/env python3
"""Make the student handout of lab N from this tree.

  handout.py N OUTDIR [--solved X.Y | --solved-except X.Y]

N must be a lab of this tree (one that has a grade-labN); anything else is
refused with one line and status 2, since a wrong N could publish the
solutions of every later lab.  --solved X.Y (course staff, for
conf/check_parts.py) keeps lab N's solutions of the exercises up to X.Y as
well, as a student who has done them would have it; --solved-except X.Y
keeps every lab-N solution but that one exercise.  Before it reports
success the script scans what it wrote, files and tarball, for any line
of a stubbed solution (see leaks()); one found fails the run and removes
the handout.

Every exercise's solution in the source is a marked region; one syntax for
C++, assembly (.S files go through the C preprocessor, so // works there)
and Makefiles (#):

    // @exercise 2.4 pgdir_walk
    ...the solution...
    // @stub
    // |	// Your code here.
    // |	panic("pgdir_walk: not implemented");
    // @end

Markdown uses HTML comments: <!-- @exercise 2.4 --> ... <!-- |text -->.
In the handout of lab N, regions of lab N and later become their stubs
(the text after "|", verbatim) and regions of earlier labs keep their
solutions; the marker lines disappear either way.  A region opened by
@staff instead of @exercise (course staff's text, e.g. the make targets
of the grader-only tools) becomes its stub in every handout.  Files only
graders need are left out (see EXCLUDE), and so are later labs' grade
scripts and lab texts.  The handout goes to OUTDIR (a directory) and OUTDIR.tar.gz.
"""
import os
import re
import shutil
import subprocess
import sys
import tarfile

MARK = re.compile(r"^\s*(//|#|<!--)\s*@(exercise|staff|stub|end)\b\s*(.*?)\s*(-->)?\s*$")
STUB_LINE = re.compile(r"^\s*(//|#) ?\|(.*)$", re.S)
HTML_STUB_LINE = re.compile(r"^\s*<!-- ?\|(.*?)\s*-->\s*$")
STAFF = 1 << 30  # the lab of a @staff region: later than every handout
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# A solution line shorter than this may well be generic ("return 0;"), and
# so is one the given code also has; the leak scan ignores both.
MIN_LEAK = 16
# Grader-only files: the handout tools and the measurements (make stress,
# make bench, make idle-cpu) with their program, texts and figure.
EXCLUDE = {".ci/run", "conf/handout.py", "conf/check_handouts.py", "conf/check_docs.py", "conf/bench.py", "conf/stress.py",
           "conf/plot.py", "conf/idle_cpu.py", "user/bench.cc", "docs/PERFORMANCE.md", "docs/fork_cost.png"}


class MarkerError(Exception):
    pass


def exercise_id(text):
    """(lab, number) of an exercise id like "2.4" at the start of text, or None."""
    m = re.match(r"(\d+)\.(\d+)\b", text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def labs():
    """The labs of this tree: those with a grade script, in order."""
    return sorted(int(m.group(1)) for m in (re.match(r"grade-lab(\d+)$", f) for f in os.listdir(ROOT)) if m)


def transform(path, text, lab, solved=None):
    """The text of path for the lab-`lab` handout.  solved(exercise id),
    if given, says which of lab `lab`'s own exercises keep their solution
    (by default none do)."""
    out = []
    state = None  # None, "solution", "stub"
    region_lab = None
    for n, line in enumerate(text.splitlines(keepends=True), 1):
        m = MARK.match(line)
        if m:
            kind, arg = m.group(2), m.group(3)
            if kind in ("exercise", "staff"):
                if state is not None:
                    raise MarkerError("%s:%d: @%s inside another region" % (path, n, kind))
                if kind == "staff":
                    region_lab, state = STAFF, "solution"
                    continue
                ex = exercise_id(arg)
                if not ex:
                    raise MarkerError("%s:%d: @exercise needs an id like 2.4" % (path, n))
                keep = ex[0] < lab or (ex[0] == lab and solved is not None and solved(ex))
                region_lab, state = (lab - 1 if keep else ex[0]), "solution"
            elif kind == "stub":
                if state != "solution":
                    raise MarkerError("%s:%d: @stub outside a region" % (path, n))
                state = "stub"
            else:
                if state != "stub":
                    raise MarkerError("%s:%d: @end without @stub" % (path, n))
                state = None
            continue
        if state is None:
            out.append(line)
        elif state == "solution":
            if region_lab < lab:
                out.append(line)
        else:
            hm = HTML_STUB_LINE.match(line)
            sm = STUB_LINE.match(line)
            if not sm and not hm:
                raise MarkerError("%s:%d: stub lines must read '// |text' (or '# |text', '<!-- |text -->')"
                                  % (path, n))
            if region_lab >= lab:
                out.append(sm.group(2) if sm else hm.group(1) + "\n")
    if state is not None:
        raise MarkerError("%s: region not closed by @end" % path)
    return "".join(out)


def excluded(path, lab):
    if path in EXCLUDE:
        return True
    m = re.match(r"^grade-lab(\d+)$", path) or re.match(r"^docs/lab(\d+)\.md$", path)
    return bool(m and int(m.group(1)) > lab)


def tracked_files():
    """The files of the tree (git's list), relative to ROOT."""
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return [f for f in out.split() if os.path.isfile(os.path.join(ROOT, f))]


def split_lines(text, lab, solved=None):
    """(solution, given): the stripped lines of text's regions that the
    lab-`lab` handout stubs, less those their own stub repeats (the code a
    stub keeps, like a call the exercise wraps in a lock), and the lines
    outside stubbed regions and stubs."""
    solution, given, state, region, stub = set(), set(), None, set(), set()
    for line in text.splitlines():
        m = MARK.match(line)
        if m:
            kind = m.group(2)
            if kind == "exercise":
                ex = exercise_id(m.group(3))
                kept = ex[0] < lab or (ex[0] == lab and solved is not None and solved(ex))
                state, region, stub = ("kept" if kept else "stubbed"), set(), set()
            elif kind == "staff":
                state, region, stub = "stubbed", set(), set()
            elif kind == "stub":
                state = "stub" if state == "stubbed" else "kept stub"
            else:
                solution |= region - stub
                state = None
        elif state == "stubbed":
            region.add(line.strip())
        elif state == "stub":
            sm = STUB_LINE.match(line) or HTML_STUB_LINE.match(line)
            stub.add(sm.group(sm.lastindex).strip())
        elif state != "kept stub":
            given.add(line.strip())
    return solution, given


def leaks(outdir, lab, solved=None):
    """Every place where the handout in outdir, or its tarball, shows a line
    of a stubbed solution: a list of "FILE: line" strings (empty if none).
    A solution line that the given code (of any file) also has is no leak;
    any other, in any file of the handout, is."""
    solution, given = set(), set()
    for path in tracked_files():
        try:
            text = open(os.path.join(ROOT, path), encoding="utf-8").read()
        except UnicodeDecodeError:
            continue
        s, g = split_lines(text, lab, solved)
        solution |= s
        given |= g
    secret = {l for l in solution - given if len(l) >= MIN_LEAK}
    found = []

    def scan(name, data):
        found.extend("%s: %s" % (name, l) for l in sorted(secret & {l.strip() for l in data.splitlines()}))

    for root, _, names in os.walk(outdir):
        for n in sorted(names):
            p = os.path.join(root, n)
            scan(os.path.relpath(p, outdir), open(p, encoding="utf-8", errors="replace").read())
    tarball = outdir.rstrip("/") + ".tar.gz"
    if os.path.exists(tarball):
        with tarfile.open(tarball) as tar:
            for member in tar.getmembers():
                if member.isfile():
                    data = tar.extractfile(member).read().decode("utf-8", errors="replace")
                    scan("%s in %s" % (member.name, os.path.basename(tarball)), data)
    return found


def parse_exercise(arg, lab):
    ex = exercise_id(arg)
    if not ex or ex[0] != lab or "%d.%d" % ex != arg:
        raise SystemExit("handout.py: %r is not an exercise of lab %d (like %d.1)" % (arg, lab, lab))
    return ex


def main(argv):
    args = argv[1:]
    solved = None
    for opt in ("--solved", "--solved-except"):
        if opt in args:
            i = args.index(opt)
            if i + 1 >= len(args):
                print("handout.py: %s needs an exercise id like 4.6" % opt, file=sys.stderr)
                return 2
            opt_arg = args[i + 1]
            del args[i:i + 2]
            if solved is not None:
                print("handout.py: give --solved or --solved-except, not both", file=sys.stderr)
                return 2
            solved = (opt, opt_arg)
    if len(args) != 2:
        print("usage: handout.py N OUTDIR [--solved X.Y | --solved-except X.Y]", file=sys.stderr)
        return 2
    known = labs()
    if not re.fullmatch(r"[0-9]+", args[0]):
        print("handout.py: LAB must be a lab number (%s), not %r" % (" ".join(map(str, known)), args[0]),
              file=sys.stderr)
        return 2
    lab, outdir = int(args[0]), args[1]
    if lab not in known:
        print("handout.py: there is no lab %d in this tree (labs: %s)" % (lab, " ".join(map(str, known))),
              file=sys.stderr)
        return 2
    if solved is not None:
        opt, ex = solved[0], parse_exercise(solved[1], lab)
        solved = (lambda e: e <= ex) if opt == "--solved" else (lambda e: e != ex)
    files = tracked_files()
    if os.path.exists(outdir):
        shutil.rmtree(outdir)
    regions = 0
    for path in files:
        if excluded(path, lab):
            continue
        src = os.path.join(ROOT, path)
        dst = os.path.join(outdir, path)
        os.makedirs(os.path.dirname(dst) or ".", exist_ok=True)
        try:
            text = open(src, encoding="utf-8").read()
        except UnicodeDecodeError:
            shutil.copy2(src, dst)  # binary (images)
            continue
        try:
            new = transform(path, text, lab, solved)
        except MarkerError as e:
            print("handout.py: %s" % e, file=sys.stderr)
            return 1
        regions += sum(1 for l in text.splitlines() if MARK.match(l) and "@exercise" in l)
        with open(dst, "w", encoding="utf-8") as f:
            f.write(new)
        shutil.copymode(src, dst)
    with tarfile.open(outdir.rstrip("/") + ".tar.gz", "w:gz") as tar:
        tar.add(outdir, arcname=os.path.basename(outdir.rstrip("/")))
    leaked = leaks(outdir, lab, solved)
    if leaked:
        shutil.rmtree(outdir)
        os.remove(outdir.rstrip("/") + ".tar.gz")
        print("handout.py: the lab %d handout would show solution text; removed it:" % lab, file=sys.stderr)
        for l in leaked[:20]:
            print("  " + l, file=sys.stderr)
        return 1
    print("handout for lab %d: %s (and .tar.gz), %d exercise regions processed, no solution line in it"
          % (lab, outdir, regions))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
