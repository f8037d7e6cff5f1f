#!/usr/bin/env python3
"""The gdb port of the make -gdb targets (GNUmakefile's QEMU/gdb section).

  gdbport.py gdbinit PORT TEMPLATE OUT   OUT = TEMPLATE aimed at localhost:PORT,
                                         rewritten only when that changes it
  gdbport.py check PORT [GOAL]           PORT is a port number; with GOAL (a
                                         make -gdb target), QEMU could listen
                                         on it now

Both refuse a PORT that is not a number in 1..65535.  make runs `check`
before it builds a -gdb goal, so that a port another QEMU (or anything
else) holds is one line that says how to choose another, not QEMU's own
"Failed to find an available port".  Every error is one line on stderr and
exit status 1.
"""

import errno
import os
import socket
import sys

PLACEHOLDER = "localhost:1234"  # the address .gdbinit.tmpl names


def die(message):
    sys.stderr.write("%s\n" % message)
    sys.exit(1)


def parse_port(text):
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 65535:
        die("GDBPORT=%s is not a TCP port number (1-65535)" % text)
    return int(text)


def write_gdbinit(port, template, out):
    with open(template) as f:
        text = f.read()
    if PLACEHOLDER not in text:
        die("%s does not name %s, so it cannot be aimed at port %d" % (template, PLACEHOLDER, port))
    text = text.replace(PLACEHOLDER, "localhost:%d" % port)
    try:
        with open(out) as f:
            if f.read() == text:
                return  # same port, same template: keep its time stamp
    except OSError:
        pass
    # Parallel makes (a grade run) may write the same file: each writes its
    # own temporary and renames it, so a reader never sees half of one.
    tmp = "%s.%d.tmp" % (out, os.getpid())
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, out)


def check_free(port, goal):
    # Bind as QEMU's -gdb tcp::PORT does (every address, SO_REUSEADDR), so
    # a port in TIME_WAIT counts as free and a listening one does not.
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("", port))
            return
        except OSError as e:
            reason = "is in use (another QEMU's gdb stub?)" if e.errno == errno.EADDRINUSE else "cannot be used (%s)" % e.strerror
    with socket.socket() as s:
        s.bind(("localhost", 0))
        spare = s.getsockname()[1]
    die("gdb port %d %s; choose another: make %s GDBPORT=%d" % (port, reason, goal, spare))


def main(argv):
    if len(argv) == 5 and argv[1] == "gdbinit":
        write_gdbinit(parse_port(argv[2]), argv[3], argv[4])
    elif len(argv) in (3, 4) and argv[1] == "check":
        port = parse_port(argv[2])
        if len(argv) == 4:
            check_free(port, argv[3])
    else:
        die("usage: gdbport.py gdbinit PORT TEMPLATE OUT | gdbport.py check PORT [GOAL]")


if __name__ == "__main__":
    main(sys.argv)
