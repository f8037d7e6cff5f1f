#!/usr/bin/env python3
"""Check that the texts are true to the tree (course staff; run by CI).

  check_docs.py

For README.md and every docs/*.md:
- every file path it names (kern/pmap.cc, grade-lab3, docs/ABI.md, ...)
  exists in the tree, and in every student handout that ships the text,
  exists in that handout too (conf/handout.py decides what ships);
- every `name()` it shows in backticks is a function or macro the tree
  defines, and every `name` it gives right after a source file
  ("kern/pmap.cc `page_alloc`, `page_free`") is defined in that file
  (definitions as Universal Ctags finds them);
- each lab text docs/labN.md has a test table that lists every test of
  grade-labN once, under the short name the harness takes (`percpu_setup`),
  with the test's points and exercise tag (and CPUs, where the table has
  that column), and no test the script does not have.

Prints one line per problem and a summary; exits 1 if there is any.
Placeholders are not files: a path with NAME, N, X or * in it is skipped,
and so is anything under obj/ (the build writes it).
"""
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "conf"))
import handout  # noqa: E402
import check_handouts  # noqa: E402

TOP_FILES = r"GNUmakefile|gradelib\.py|grade-lab\d+|\.gdbinit\.tmpl|LICENSE|README\.md|\.ci/run|\.gitignore"
PATH_RE = re.compile(r"(?<![\w/.\-$])((?:boot|kern|lib|user|inc|conf|docs|fs|obj)/[\w.+\-/]*[\w/]|(?:%s)\b)"
                     % TOP_FILES)
PLACEHOLDER = re.compile(r"NAME|PROG|(?<![A-Za-z])[NXK](?![a-z])|lab[NK]\b|[*<>{}]|\.\.\.|…|\bx\.(cc|h)\b")
CALL_RE = re.compile(r"`([A-Za-z_][\w:]*)\([^`]*\)`")
SOURCE_RE = re.compile(r"\.(cc|h|S|py|ld)$")
IDENT = re.compile(r"[A-Za-z_]\w*$")
# Names a text may show as calls that the tree does not define: the
# compiler's, gdb's, Python's and the shell's.
FOREIGN = {"sizeof", "alignof", "offsetof", "static_assert", "decltype", "asm", "print", "info", "break",
           "x", "len", "range", "open", "exit", "main", "__builtin_unreachable", "assert",
           "format"}


def doc_files():
    return ["README.md"] + sorted("docs/" + f for f in os.listdir(os.path.join(ROOT, "docs")) if f.endswith(".md"))


def definitions():
    """{file: set of names} and the set of all names, from Universal Ctags."""
    if not shutil.which("ctags"):
        sys.exit("check_docs: needs Universal Ctags (apt-get install universal-ctags)")
    files = [f for f in handout.tracked_files() if SOURCE_RE.search(f) or re.match(r"grade-lab\d+$", f)]
    p = subprocess.run(["ctags", "-x", "--_xformat=%N\t%F", "--kinds-C++=+p", "--language-force=",
                        "--map-Python=+(grade-lab1)", "-L", "-"], cwd=ROOT, input="\n".join(files),
                       capture_output=True, text=True)
    if p.returncode != 0:
        # Older ctags: no --_xformat or map option; plain -x has "name kind line file text".
        p = subprocess.run(["ctags", "-x", "--kinds-C++=+p", "-L", "-"], cwd=ROOT, input="\n".join(files),
                           capture_output=True, text=True, check=True)
        rows = [(l.split()[0], l.split()[3]) for l in p.stdout.splitlines() if len(l.split()) > 3]
    else:
        rows = [tuple(l.split("\t")[:2]) for l in p.stdout.splitlines() if "\t" in l]
    per_file = {}
    for name, f in rows:
        per_file.setdefault(f, set()).add(name.split("::")[-1])
    # Grade scripts have no .py suffix: their test functions by a regex.
    for f in files:
        if re.match(r"grade-lab\d+$", f):
            per_file.setdefault(f, set()).update(
                re.findall(r"^def (\w+)", open(os.path.join(ROOT, f), encoding="utf-8").read(), re.M))
    # This ctags misses constexpr and some inline functions: add what a
    # line starting with those keywords defines.
    for f in files:
        if f.endswith((".cc", ".h")):
            text = open(os.path.join(ROOT, f), encoding="utf-8").read()
            per_file.setdefault(f, set()).update(re.findall(
                r"^\s*(?:template\s*<[^>]*>\s*)?(?:(?:static|inline|constexpr|consteval|\[\[\w+\]\])\s+)+"
                r"[\w:<>*&, ]*?\b(\w+)\s*\(", text, re.M))
    everything = set().union(*per_file.values())
    return per_file, everything


def strip_code_blocks(text):
    """The text with fenced code blocks blanked (keeping line numbers): shell
    sessions there show commands and output, not claims about the tree."""
    out, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            out.append("")
        else:
            out.append("" if fenced else line)
    return out


def file_refs(lines):
    """(line number, path) for every file path the text names."""
    for n, line in enumerate(lines, 1):
        for m in PATH_RE.finditer(line):
            path = m.group(1).rstrip(".")
            if PLACEHOLDER.search(path) or path.startswith("obj/") or path in ("obj", "user/kernel", "user/supervisor"):
                continue
            yield n, path


def check_files(doc, lines, present, where, origin=None):
    """A path names a file or folder of `present`; one without a suffix
    may name a source by its stem (kern/pmap) or a user program by its
    name (user/hello, for user/hello.cc)."""
    problems = []
    for n, path in file_refs(lines):
        stem = path.rstrip("/")
        if stem not in present and not any(stem + ext in present for ext in (".cc", ".S", ".h", ".py")):
            if origin is not None:  # a handout's text: the line number in the tree's text
                n = origin.index(lines[n - 1]) + 1 if lines[n - 1] in origin else n
            problems.append("%s:%d: names %s, which %s does not have" % (doc, n, path, where))
    return problems


def check_symbols(doc, lines, per_file, everything):
    """Names the text claims the tree has.  A Challenges section proposes
    new functions, so its names are not checked."""
    problems = []
    challenge = False
    for n, line in enumerate(lines, 1):
        if line.startswith("#"):
            challenge = bool(re.match(r"#+ Challenge", line))
        if challenge:
            continue
        for m in CALL_RE.finditer(line):
            name = m.group(1).split("::")[-1]
            if name not in everything and name not in FOREIGN:
                problems.append("%s:%d: `%s()` is not defined anywhere in the tree" % (doc, n, name))
        # "kern/pmap.cc `a`, `b` (`c` is given)": names right after a source file.
        for m in re.finditer(r"((?:boot|kern|lib|user|inc)/[\w.]+\.(?:cc|h|S))((?:(?: |, |,? and |,? or |: )`[^`]+`)+)",
                             line):
            path = m.group(1)
            if path not in per_file:
                continue
            for name in re.findall(r"`([^`]+)`", m.group(2)):
                name = re.sub(r"\(.*\)$", "", name).split("::")[-1]
                if IDENT.match(name) and name not in per_file[path]:
                    problems.append("%s:%d: %s does not define `%s`" % (doc, n, path, name))
    return problems


def check_test_table(doc, lines, lab):
    """The test table of docs/labN.md against grade-labN."""
    tests = {t.name[5:] if t.name.startswith("test_") else t.name: t
             for t in check_handouts.load_tests(ROOT, lab)}
    problems, seen, header = [], {}, None
    for n, line in enumerate(lines, 1):
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            continue
        m = re.fullmatch(r"`(\w+)`", cells[0])
        if not m or "points" not in header:
            continue
        short = m.group(1)
        if short not in tests:
            problems.append("%s:%d: the table lists `%s`, which grade-lab%d does not have" % (doc, n, short, lab))
            continue
        if short in seen:
            problems.append("%s:%d: `%s` is listed twice (first on line %d)" % (doc, n, short, seen[short]))
        seen[short] = n
        t = tests[short]
        col = dict(zip(header, cells))
        if col.get("points") != "%g" % t.points:
            problems.append("%s:%d: `%s` is worth %g points, the table says %r" % (doc, n, short, t.points,
                                                                                 col.get("points")))
        ex = col.get("exercises", "")
        want = check_handouts.exercises(getattr(t, "exercise", None))
        got = set() if ex in ("none", "") else check_handouts.exercises(ex)
        if got != want:
            problems.append("%s:%d: `%s` is tagged %r in grade-lab%d, the table says %r"
                            % (doc, n, short, getattr(t, "exercise", None) or "none", lab, ex))
        if "cpus" in col and col["cpus"] != str(t.defaults.get("cpus", 1)):
            problems.append("%s:%d: `%s` runs on %s CPUs, the table says %r" % (doc, n, short,
                                                                             t.defaults.get("cpus", 1), col["cpus"]))
    for short in tests:
        if short not in seen:
            problems.append("%s: the test table has no row for `%s` (grade-lab%d)" % (doc, short, lab))
    return problems


def main():
    per_file, everything = definitions()
    tracked = set(handout.tracked_files())
    present = tracked | {os.path.dirname(f) for f in tracked} | {"obj"}
    problems = []
    for doc in doc_files():
        text = open(os.path.join(ROOT, doc), encoding="utf-8").read()
        lines = strip_code_blocks(text)
        problems += check_files(doc, lines, present, "the tree")
        problems += check_symbols(doc, lines, per_file, everything)
        m = re.match(r"docs/lab(\d+)\.md$", doc)
        if m:
            problems += check_test_table(doc, lines, int(m.group(1)))
        # The same text as each handout ships it, against that handout's files.
        for lab in handout.labs():
            if handout.excluded(doc, lab):
                continue
            shipped = {f for f in tracked if not handout.excluded(f, lab)}
            shipped |= {os.path.dirname(f) for f in shipped} | {"obj"}
            htext = handout.transform(doc, text, lab)
            problems += check_files(doc, strip_code_blocks(htext), shipped, "the lab %d handout" % lab, lines)
    for p in problems:
        print("PROBLEM: " + p)
    print("docs: %d texts checked, %d problems" % (len(doc_files()), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
