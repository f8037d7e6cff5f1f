#!/usr/bin/env python3
"""Write compile_commands.json (for clangd and other tools) from the build.

Runs `make -Bn` to list, without running them, the commands that build
every object, and records each compiler invocation with the file it
compiles.  Usage: compdb.py OUTPUT
"""
import json
import os
import shlex
import subprocess
import sys


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    top = os.getcwd()
    out = subprocess.run(["make", "-Bn", "--no-print-directory", "V=", "all"], capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stderr, file=sys.stderr)
        return 1
    entries = []
    for line in out.stdout.splitlines():
        try:
            words = shlex.split(line)
        except ValueError:
            continue
        if len(words) < 2 or not words[0].endswith(("gcc", "g++")) or "-c" not in words:
            continue
        sources = [w for w in words if w.endswith((".cc", ".S", ".c")) and not w.startswith("-")]
        if len(sources) != 1:
            continue
        entries.append({"directory": top, "file": sources[0], "arguments": words})
    with open(argv[1] + ".tmp", "w") as f:
        json.dump(entries, f, indent=1)
    os.replace(argv[1] + ".tmp", argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
