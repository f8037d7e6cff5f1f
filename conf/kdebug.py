#!/usr/bin/env python3
"""Build-time debug tables for the kernel's backtrace, and kernel.sym.

  kdebug.py empty            assembly for empty tables (the first link)
  kdebug.py tables KERNEL    assembly for the tables of KERNEL's code:
                             functions (address, size, plain C++ name) from
                             its symbol table, and the line table from its
                             DWARF .debug_line, both sorted by address
  kdebug.py samecode A B     fail unless A and B place code identically
                             (.text/.rodata extents, every function address)
  kdebug.py syms KERNEL      an `nm -n`-style list, "%08x T name", with plain
                             (demangled, argument-free) names

The tables are read by kern/kdebug.cc; the layouts must match there.
"""
import os
import re
import subprocess
import sys

PREFIX = os.environ.get("GCCPREFIX", "")


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def plain_name(demangled):
    """`ns::f(int, char const*) const` -> `ns::f`; C names pass unchanged."""
    name = demangled.strip()
    for suffix in (" const", " volatile", " &", " &&"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    if not name.endswith(")"):
        return name
    depth = 0
    for i in range(len(name) - 1, -1, -1):
        c = name[i]
        if c == ")":
            depth += 1
        elif c == "(":
            depth -= 1
            if depth == 0:
                return name[:i] if i > 0 else name
    return name


def functions(kernel):
    """[(addr, size, name)] of the code symbols, sorted; later duplicates of
    an address (aliases) are dropped."""
    out = run(PREFIX + "nm", "-n", "-S", "-C", "--defined-only", kernel)
    funcs = {}
    for line in out.splitlines():
        m = re.match(r"^([0-9a-f]{8})(?: ([0-9a-f]{8}))? ([TtWw]) (.+)$", line)
        if not m:
            continue
        addr = int(m.group(1), 16)
        size = int(m.group(2), 16) if m.group(2) else 0
        name = plain_name(m.group(4))
        if addr not in funcs or (funcs[addr][0] == 0 and size):
            funcs[addr] = (size, name)
    return sorted((a, s, n) for a, (s, n) in funcs.items())


def lines(kernel):
    """[(addr, line, file)] from the decoded DWARF line table; line 0 marks
    the end of a sequence."""
    out = run(PREFIX + "readelf", "--debug-dump=decodedline", "--wide", kernel)
    rows = {}
    current = None
    for text in out.splitlines():
        if text.startswith("CU: "):
            current = text[4:].rstrip(":")
            continue
        m = re.match(r"^(\S+):$", text)
        if m:
            current = m.group(1)
            continue
        m = re.match(r"^(\S+)\s+(\d+|-)\s+(0x[0-9a-f]+)", text)
        if not m or current is None:
            continue
        base, line, addr = m.group(1), m.group(2), int(m.group(3), 16)
        path = current[2:] if current.startswith("./") else current
        if os.path.basename(path) != base:
            path = base
        # The last row for an address wins (views at one address step
        # through inlined statements; the final one is where code begins).
        rows[addr] = (0 if line == "-" else int(line), path)
    return sorted((a, l, f) for a, (l, f) in rows.items())


class Strtab:
    def __init__(self):
        self.data = [b"\0"]
        self.size = 1
        self.index = {"": 0}

    def add(self, s):
        if s not in self.index:
            self.index[s] = self.size
            b = s.encode() + b"\0"
            self.data.append(b)
            self.size += len(b)
        return self.index[s]


def emit(funcs, rows):
    st = Strtab()
    out = ['.section .kdebug,"a"', ".p2align 2",
           ".globl kdebug_funcs, kdebug_nfuncs, kdebug_lines, kdebug_nlines, kdebug_strtab",
           "kdebug_funcs:"]
    for addr, size, name in funcs:
        out.append(".long 0x%x, %d, %d" % (addr, size, st.add(name)))
    out.append("kdebug_nfuncs: .long %d" % len(funcs))
    out.append("kdebug_lines:")
    for addr, line, path in rows:
        out.append(".long 0x%x, %d, %d" % (addr, line, st.add(path)))
    out.append("kdebug_nlines: .long %d" % len(rows))
    out.append("kdebug_strtab:")
    for b in st.data:
        out.append(".byte " + ",".join(str(x) for x in b))
    out.append('.section .note.GNU-stack,"",@progbits')
    return "\n".join(out) + "\n"


def section_addrs(elf):
    out = run(PREFIX + "readelf", "-S", "-W", elf)
    addrs = {}
    for m in re.finditer(r"\]\s+(\.\S+)\s+\S+\s+([0-9a-f]{8})\s+[0-9a-f]+\s+([0-9a-f]+)", out):
        addrs[m.group(1)] = (m.group(2), m.group(3))
    return addrs


def main(argv):
    if len(argv) == 2 and argv[1] == "empty":
        sys.stdout.write(emit([], []))
    elif len(argv) == 3 and argv[1] == "tables":
        funcs, rows = functions(argv[2]), lines(argv[2])
        if not funcs or not rows:
            print("kdebug.py: %s has no symbols or no DWARF line table (built without -g?)" % argv[2],
                  file=sys.stderr)
            return 1
        sys.stdout.write(emit(funcs, rows))
    elif len(argv) == 4 and argv[1] == "samecode":
        a, b = argv[2], argv[3]
        sa, sb = section_addrs(a), section_addrs(b)
        # Code refers to data whose addresses do move (bss sits after the
        # tables), so compare where the code is, not its bytes.
        if [sa.get(s) for s in (".text", ".rodata")] != [sb.get(s) for s in (".text", ".rodata")] \
                or functions(a) != functions(b):
            print("kdebug.py: code addresses differ between %s and %s: the debug tables moved code;"
                  " check that kern/kernel.ld puts .kdebug after the code" % (a, b), file=sys.stderr)
            return 1
    elif len(argv) == 3 and argv[1] == "syms":
        out = run(PREFIX + "nm", "-n", "-C", argv[2])
        for line in out.splitlines():
            m = re.match(r"^([0-9a-f]{8}) (\S) (.+)$", line)
            if m:
                print("%s %s %s" % (m.group(1), m.group(2), plain_name(m.group(3)).replace(" ", "")))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
