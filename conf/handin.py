#!/usr/bin/env python3
"""make handin [LAB=N]: pack this tree for the course to grade.

  handin.py [LAB]

Writes labN-handin.tar.gz at the top of the tree, every file under labN/.
Without LAB, N is the highest lab with a grade-labN here (said so).  In a
git tree the tarball holds the working copy of every tracked and untracked
(not ignored) file plus .git, so the course has the sources, the grade
scripts and the history; uncommitted or untracked files are listed as a
warning, since they go in but are in no commit.  Outside git it holds every
file but what the build writes (obj/, .gdbinit, ...).
"""
import os
import re
import subprocess
import sys
import tarfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# What the build, the grader and make handin write: never handed in.
GENERATED = re.compile(r"^(obj|\.gdbinit|compile_commands\.json|qemu\.log|jos\.out|lab[0-9]+-handin\.tar\.gz)$"
                       r"|(^|/)__pycache__$|\.pyc$")


def labs():
    return sorted(int(f[9:]) for f in os.listdir(ROOT) if re.fullmatch(r"grade-lab[0-9]+", f))


def git(*args):
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)


def tree_files():
    """(files, warning lines): what goes in, relative to ROOT."""
    if os.path.isdir(os.path.join(ROOT, ".git")) and git("rev-parse", "--git-dir").returncode == 0:
        listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard").stdout.split("\0")
        files = [f for f in listed if f and os.path.lexists(os.path.join(ROOT, f))]
        files = [f for f in files if not any(GENERATED.search(p) for p in _prefixes(f))]
        warn = []
        for line in git("status", "--porcelain").stdout.splitlines():
            kind = "untracked" if line.startswith("??") else "uncommitted change"
            warn.append("make handin: warning: %s: %s (in the tarball, but in no commit)" % (kind, line[3:]))
        return files + [".git"], warn
    files = []
    for top, dirs, names in os.walk(ROOT):
        rel = os.path.relpath(top, ROOT)
        dirs[:] = sorted(d for d in dirs if not GENERATED.search(os.path.normpath(os.path.join(rel, d))))
        for n in sorted(names):
            f = os.path.normpath(os.path.join(rel, n))
            if not GENERATED.search(f):
                files.append(f)
    return files, ["make handin: note: not a git tree, so no history goes in; handing in the files"]


def _prefixes(path):
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def main(argv):
    have = labs()
    if not have:
        print("make handin: no grade-labN in %s: not a lab tree" % ROOT, file=sys.stderr)
        return 1
    if len(argv) > 1 and argv[1]:
        if not re.fullmatch(r"[0-9]+", argv[1]) or int(argv[1]) not in have:
            print("make handin: LAB=%s: not a lab of this tree (labs here: %s)" %
                  (argv[1], " ".join(map(str, have))), file=sys.stderr)
            return 1
        lab = int(argv[1])
    else:
        lab = have[-1]
        print("make handin: LAB not given: handing in lab %d (the highest grade-labN here; "
              "make handin LAB=N for another)" % lab)
    files, warnings = tree_files()
    for w in warnings:
        print(w, file=sys.stderr)
    out = "lab%d-handin.tar.gz" % lab
    tmp = os.path.join(ROOT, out + ".tmp")
    with tarfile.open(tmp, "w:gz") as tar:
        for f in sorted(files):
            tar.add(os.path.join(ROOT, f), arcname="lab%d/%s" % (lab, f))
    os.replace(tmp, os.path.join(ROOT, out))
    print("make handin: wrote %s (%d files%s); hand it in as your course says" %
          (out, len(files), ", with the git history" if ".git" in files else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
