#!/usr/bin/env python3
"""Check the make variables a user set, before anything is built or booted.

  checkvars.py 'PROGS=NAME NAME...' [CPUS=N] [ARGS=...] [RUNPROG=A+B] [LAB=N] [PROG=PATH]

PROGS lists the programs built into the kernel.  The GNUmakefile passes only
the variables the user gave.  The limits are read from the kernel's own
sources (NCPU in kern/cpu.h; MAXARGS and the fw_cfg buffers in
kern/init.cc), so the two cannot drift apart.  On the first bad value it
prints one line saying what is wrong and what would be right, and exits 1.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # no conf/__pycache__ from a build
sys.path.insert(0, os.path.join(ROOT, "conf"))
import elfcheck  # noqa: E402
from userprogs import NAME  # noqa: E402


def define(path, pattern):
    with open(os.path.join(ROOT, path)) as f:
        m = re.search(pattern, f.read())
    if not m:
        raise SystemExit("checkvars.py: cannot find %r in %s" % (pattern, path))
    return int(m.group(1))


def check_cpus(v, progs):
    ncpu = define("kern/cpu.h", r"#define NCPU (\d+)")
    if not re.fullmatch(r"[0-9]+", v) or not 1 <= int(v) <= ncpu:
        return "CPUS=%s: want a number of CPUs from 1 to %d (NCPU in kern/cpu.h)" % (v, ncpu)


def check_args(v, progs):
    maxargs = define("kern/init.cc", r"#define MAXARGS (\d+)")
    size = define("kern/init.cc", r"args\[(\d+)\]")
    bad = sorted(set(c for c in v if c in ",'\\\"" or not c.isprintable()))
    if bad:
        return "ARGS=%s: words without %s (QEMU's -fw_cfg and the shell would change them)" % (
            v, " or ".join(repr(c) for c in bad))
    if len(v.split()) > maxargs:
        return "ARGS: %d words, more than the kernel's %d (MAXARGS in kern/init.cc)" % (len(v.split()), maxargs)
    if len(v) > size - 1:
        return "ARGS: %d characters, more than the kernel's %d (args[] in kern/init.cc)" % (len(v), size - 1)


def check_runprog(v, progs):
    size = define("kern/init.cc", r"names\[(\d+)\]")
    if len(v) > size - 1:
        return "run-%s: %d characters of program names, more than the kernel's %d (names[] in kern/init.cc)" % (
            v, len(v), size - 1)
    for name in v.split("+"):
        if not name:
            return "run-%s: an empty program name (names are joined by one '+')" % v
        if name not in progs:
            return "run-%s: no user program named '%s' (user/NAME.cc gives run-NAME; make print-progs lists them)" % (
                v, name)


def check_lab(v, progs):
    labs = sorted(int(f[9:]) for f in os.listdir(ROOT) if re.fullmatch(r"grade-lab[0-9]+", f))
    if not re.fullmatch(r"[0-9]+", v) or int(v) not in labs:
        return "LAB=%s: not a lab of this tree (labs here: %s)" % (v, " ".join(map(str, labs)) or "none")


def check_prog(v, progs):
    why = elfcheck.problem(v)
    if why:
        return "PROG=%s: %s" % (v, why)
    if not NAME.match(os.path.basename(v)):
        return "PROG=%s: the file name is the program's name: letters, digits, '_', '.', '-' only" % v


CHECKS = {"CPUS": check_cpus, "ARGS": check_args, "RUNPROG": check_runprog, "LAB": check_lab, "PROG": check_prog}


def main(argv):
    progs, checks = [], []
    for arg in argv[1:]:
        name, sep, value = arg.partition("=")
        if name == "PROGS":
            progs += value.split()
        elif name in CHECKS and sep:
            checks.append((name, value))
        else:
            print("checkvars.py: bad argument %r" % arg, file=sys.stderr)
            return 2
    for name, value in checks:
        why = CHECKS[name](value, progs)
        if why:
            print(why)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
