#!/usr/bin/env python3
"""Refuse, at build time, a user program the kernel could not load.

  elfcheck.py PATH...

Checks what kern/env.cc's elf_problem checks at boot, and a little more
(docs/ABI.md, "User programs"): a static ELF32 i386 executable whose entry
point and every PT_LOAD segment lie in user memory, [UTEXT, USTACKTOP -
PGSIZE) (load_icode maps the stack page itself), and small enough to be
built into the kernel.  Prints "PATH: reason" and exits 1 for the first bad
one.  conf/userprogs.py calls problem() for every program it embeds.
"""
import os
import struct
import sys

# inc/memlayout.h (static_asserted there).
PGSIZE = 0x1000
UTEXT = 0x00800000
UTOP = 0xEEC00000
USTACKTOP = UTOP - 2 * PGSIZE
# The kernel image, with every program in it, must fit the 4 MiB its
# entry page table maps (kern/entry.S); one program may take 1 MiB of it.
MAX_FILE = 1 << 20
# All of a program's segments together: a quarter of QEMU's default 128 MiB.
MAX_MEM = 32 << 20

EM_386 = 3
ET_EXEC = 2
PT_LOAD = 1


def problem(path):
    """Why the program at path cannot be built into the kernel, or None."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE + 1)
    except OSError as e:
        return "cannot read it (%s)" % (e.strerror or e)
    if len(data) > MAX_FILE:
        return "too large: %d bytes, more than the %d a program may have" % (os.path.getsize(path), MAX_FILE)
    if len(data) < 52 or data[:4] != b"\x7fELF":
        return "not an ELF file"
    if data[4] != 1:
        return "not ELF32 (class %d; JOS programs are 32-bit i386)" % data[4]
    if data[5] != 1:
        return "not little-endian (JOS programs are 32-bit i386)"
    (e_type, e_machine, _, e_entry, e_phoff, _, _, _, e_phentsize, e_phnum) = \
        struct.unpack_from("<HHIIIIIHHH", data, 16)
    if e_machine != EM_386:
        return "machine %d, not i386 (3)" % e_machine
    if e_type != ET_EXEC:
        return "not an executable (ELF type %d; link it statically at UTEXT)" % e_type
    if e_phentsize != 32 or e_phoff + e_phnum * 32 > len(data):
        return "bad program headers"
    if not UTEXT <= e_entry < USTACKTOP - PGSIZE:
        return "entry point %08x is outside user memory [%08x, %08x)" % (e_entry, UTEXT, USTACKTOP - PGSIZE)
    entry_loaded, total = False, 0
    for i in range(e_phnum):
        p_type, p_offset, p_va, _, p_filesz, p_memsz = struct.unpack_from("<IIIIII", data, e_phoff + 32 * i)
        if p_type != PT_LOAD:
            continue
        if p_filesz > p_memsz:
            return "segment %d has filesz %d > memsz %d" % (i, p_filesz, p_memsz)
        if p_offset + p_filesz > len(data):
            return "segment %d runs past the end of the file" % i
        if p_va < UTEXT or p_va + p_memsz > USTACKTOP - PGSIZE:
            return "segment %d [%08x, %08x) is outside user memory [%08x, %08x)" % (
                i, p_va, p_va + p_memsz, UTEXT, USTACKTOP - PGSIZE)
        total += p_memsz
        if p_va <= e_entry < p_va + p_memsz:
            entry_loaded = True
    if total > MAX_MEM:
        return "too large: its segments need %d MiB, more than %d MiB" % (total >> 20, MAX_MEM >> 20)
    if not entry_loaded:
        return "entry point %08x is in no loadable segment" % e_entry
    return None


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for path in argv[1:]:
        why = problem(path)
        if why:
            print("%s: %s" % (path, why), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
