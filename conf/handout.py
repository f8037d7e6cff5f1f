#!/usr/bin/env python3
"""Make the student handout of lab N from this tree.

  handout.py N OUTDIR

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
# Grader-only files: the handout tools and the measurements (make stress,
# make bench, make idle-cpu) with their program, texts and figure.
EXCLUDE = {".ci/run", "conf/handout.py", "conf/check_handouts.py", "conf/bench.py", "conf/stress.py",
           "conf/plot.py", "conf/idle_cpu.py", "user/bench.cc", "docs/PERFORMANCE.md", "docs/fork_cost.png"}


class MarkerError(Exception):
    pass


def transform(path, text, lab):
    """The text of path for the lab-`lab` handout."""
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
                em = re.match(r"(\d+)\.(\d+)\b", arg)
                if not em:
                    raise MarkerError("%s:%d: @exercise needs an id like 2.4" % (path, n))
                region_lab, state = int(em.group(1)), "solution"
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


def main(argv):
    if len(argv) != 3 or not argv[1].isdigit():
        print(__doc__, file=sys.stderr)
        return 2
    lab, outdir = int(argv[1]), argv[2]
    files = subprocess.run(["git", "ls-files"], check=True, capture_output=True, text=True).stdout.split()
    if os.path.exists(outdir):
        shutil.rmtree(outdir)
    regions = 0
    for path in files:
        if excluded(path, lab) or not os.path.isfile(path):
            continue
        dst = os.path.join(outdir, path)
        os.makedirs(os.path.dirname(dst) or ".", exist_ok=True)
        try:
            text = open(path, encoding="utf-8").read()
        except UnicodeDecodeError:
            shutil.copy2(path, dst)  # binary (images)
            continue
        try:
            new = transform(path, text, lab)
        except MarkerError as e:
            print("handout.py: %s" % e, file=sys.stderr)
            return 1
        regions += sum(1 for l in text.splitlines() if MARK.match(l) and "@exercise" in l)
        with open(dst, "w", encoding="utf-8") as f:
            f.write(new)
        shutil.copymode(path, dst)
    with tarfile.open(outdir.rstrip("/") + ".tar.gz", "w:gz") as tar:
        tar.add(outdir, arcname=os.path.basename(outdir.rstrip("/")))
    print("handout for lab %d: %s (and .tar.gz), %d exercise regions processed" % (lab, outdir, regions))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
