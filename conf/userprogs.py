#!/usr/bin/env python3
"""Write the assembly that embeds user programs in the kernel.

  userprogs.py OUT.S NAME=PATH ...

Each program becomes bytes in the kernel's .userprogs section and an entry
{name, start, size} in `userprogs` (kern/env.h's UserProg), with the count
in `nuserprogs`.  OUT.S is rewritten only when its text changes, so make
relinks the kernel only when the list of programs does.  Every program is
first checked by conf/elfcheck.py, so a bad one is refused here, named, with
the reason, rather than by the kernel at boot.
"""
import os
import re
import sys

sys.dont_write_bytecode = True  # no conf/__pycache__ from a build
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import elfcheck  # noqa: E402

# A name goes into fw_cfg's opt/jos/prog (joined by '+', QEMU splits options
# at ',') and into an assembler string.
NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out, progs = argv[1], []
    for arg in argv[2:]:
        name, sep, path = arg.partition("=")
        if not sep or not name or not path:
            print("userprogs.py: bad argument %r (want NAME=PATH)" % arg, file=sys.stderr)
            return 2
        if not NAME.match(name):
            print("%s: bad program name %r (letters, digits, '_', '.', '-' only)" % (path, name), file=sys.stderr)
            return 1
        why = elfcheck.problem(path)
        if why:
            print("%s: %s" % (path, why), file=sys.stderr)
            return 1
        if any(n == name for n, _ in progs):
            print("userprogs.py: two programs named %r" % name, file=sys.stderr)
            return 1
        progs.append((name, path))
    lines = ['.section .userprogs,"a"']
    for i, (name, path) in enumerate(progs):
        lines += [".p2align 2", "prog_%d:" % i, '.incbin "%s"' % path, "prog_%d_end:" % i]
    lines += ['.section .rodata,"a"']
    for i, (name, _) in enumerate(progs):
        lines += ["name_%d: .asciz \"%s\"" % (i, name)]
    lines += [".p2align 2", ".globl userprogs, nuserprogs", "userprogs:"]
    for i in range(len(progs)):
        lines += [".long name_%d, prog_%d, prog_%d_end - prog_%d" % (i, i, i, i)]
    lines += ["nuserprogs: .long %d" % len(progs), '.section .note.GNU-stack,"",@progbits']
    text = "\n".join(lines) + "\n"
    if os.path.exists(out) and open(out).read() == text:
        return 0
    with open(out + ".tmp", "w") as f:
        f.write(text)
    os.replace(out + ".tmp", out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
