"""Grading harness for the JOS kernel: boots it under QEMU and checks output.

A grade script (grade-labN, a Python file without the .py extension) looks
like this::

    #!/usr/bin/env python3
    from gradelib import *

    @test(20, "octal")
    def test_octal():
        r = Runner()
        r.run_qemu()
        r.match(r"6828 decimal is 15254 octal!$")

    @test(5, "hello", prog="hello", cpus=1)
    def test_hello(r):          # one parameter: r has already been run
        r.match(r"^\\[00000000\\] new env 00001000$", "hello, world",
                no=[r"panic"])

    if __name__ == "__main__":
        run_tests()

A grade script MUST end with ``if __name__ == "__main__": run_tests()``
rather than a bare ``run_tests()``: conf/grade_all.py loads several grade
scripts as modules (so ``__name__`` is not "__main__") to collect all their
tests into one list, then runs the whole suite once itself.

Summary of the API
------------------
test(points, title, prog=None, cpus=1, commands=(), timeout=30, mem=None,
     extra=(), stop_on=None, leak_check=None)
    Decorator registering a test, in definition order.  The keyword
    arguments are the defaults given to Runner.run_qemu when the test
    function takes one parameter (the Runner, already run).  A function
    without parameters makes its own Runner(s).  Each test remembers the
    file it was defined in, for the per-lab score.  points may be 0: such
    a test runs and counts in "N passed, M failed" but adds nothing to the
    score or to the possible score.  leak_check: see "Page leaks" below.

Runner.run_qemu(prog=None, cpus=1, commands=(), timeout=30, mem=None,
                extra=(), stop_on=None)
    Boots QEMU: the command printed by ``make print-qemuopts`` (or the
    GRADE_QEMU_CMD environment variable), plus ``-snapshot`` (parallel
    QEMUs cannot all lock the same disk image for writing; guest disk
    writes are discarded), ``-smp N,sockets=N``,
    ``-fw_cfg name=opt/jos/prog,string=PROG`` when prog is given, ``-m MEM``
    when mem is given, then the extra arguments.  Each time the output ends
    with the monitor prompt "K> " (and nothing more arrives for
    PROMPT_SETTLE seconds) the next command is sent followed by "\\r"; at a
    prompt with no command left, QEMU is killed and the run is complete.
    The run is also complete when QEMU exits by itself.  After `timeout`
    seconds QEMU is killed and r.timed_out is set.

    stop_on (a regular expression, string or compiled) also ends the run:
    as soon as a complete output line (one terminated by "\\n") matches it
    with re.search, QEMU is killed at once -- pending commands are not
    sent.  Then r.stopped is True and r.stop_match is the re.Match object
    (otherwise False and None).  Lines are seen as in r.lines (no "\\r", the
    kernel's first line split from SeaBIOS's last).  For programs that never
    reach the monitor prompt by themselves, such as primes.

    A timeout does not by itself fail a test: the test's checks decide.  If
    the test fails, its failure message says "timeout after N s".

    Afterwards: r.output (text; UTF-8 with errors replaced, every "\\r"
    removed, so "\\r\\n" becomes "\\n"; a newline is inserted after
    SeaBIOS's unterminated "Booting from Hard Disk.." so the kernel's first
    line starts a line), r.lines, r.timed_out, r.exit_code
    (None if the harness killed QEMU), r.elapsed, r.command (argv list).
    The output is also saved to obj/grade/<test function name>.out (a
    second run in the same test goes to <name>.2.out, and so on).

Runner.match(*patterns, no=())     (alias: assert_lines_in_order)
    Each pattern is a regular expression applied with re.match to single
    lines (so it is anchored at the start of the line; add "$" to anchor
    the end).  The patterns must match in the given order, each on a later
    line than the previous one.  A `no` pattern is applied with re.search
    (anywhere in a line), so no=[r"panic"] catches "kernel panic at ...";
    any line it matches fails the test.  On failure raises AssertionError
    listing the missing patterns, the forbidden lines, and the last 25 lines
    of output.  Returns the list of re.Match objects of the patterns.

Runner.match_unordered(*patterns, no=())
    Like match, but the patterns may match in any order: each must match
    (re.match, anchored at the line start) a line of its own -- two
    patterns never count the same line, and the lines are assigned so that
    as many patterns as possible are satisfied.  `no` as in match.  On
    failure raises AssertionError naming the unmatched patterns and the
    forbidden lines, then the output tail.  Returns the re.Match objects
    in the order of the patterns.

Runner.assert_no_leak(required=True)
    Checks the kernel's page accounting.  When the last environment is
    gone the kernel prints "pages free: N (boot: M)": N free pages now, M
    just before the first env was created.  N != M fails the test (pages
    leaked, or freed twice).  With no such line (the run stopped in a
    panic, at a breakpoint, or with envs still alive) it fails if required,
    otherwise does nothing.  Returns (N, M), or None when there is no line.

Page leaks
----------
Every test of grade-lab3 and later labs (files named grade-labN, N >= 3:
the labs with user environments) is leak-checked automatically: after the
test function has passed, each QEMU run it made gets r.assert_no_leak(),
so a run fails unless it printed "pages free: N (boot: M)" with N == M.
The line is required: the kernel prints it only once every env is gone,
so an env left behind (one stopped and forgotten, say) fails the test
too.  A test whose run by design never gets there (it stops at a
breakpoint, in a panic, or with stop_on while envs still run) says
test(..., leak_check=False), with a comment saying why; leak_check=True
checks a test of an earlier lab.

Runner.fail(*messages)
    Raises AssertionError with the messages, the timeout note if any, and
    the output tail: for checks a grade script does itself.

E(n)
    The envid string of the n-th environment ever created: E(1) ==
    "00001000".

free_port()
    A TCP port nothing listens on now: pass it as GDBPORT= to a make -gdb
    target, so a test's gdb stub never collides with another QEMU.

wait_for_port(port, proc, timeout=60)
    Returns once something listens on localhost:port (a -gdb target's QEMU,
    process proc, has started); AssertionError if proc exits or time runs out.

GdbQemu(prog, out_path, port=None)
    A context manager: ``make run-PROG-nox-gdb`` (``make qemu-nox-gdb`` if
    prog is None: the kernel alone, as in lab 1) on a port of its own
    (free_port, unless port is given), its output in out_path, waited for
    until its gdb stub listens; QEMU is stopped on exit.  .gdb(*commands)
    runs real gdb in batch mode with a .gdbinit that make generated for
    that port (GDBINIT=obj/grade/gdbinit.PORT, so the tree's own .gdbinit
    is left alone) and returns what gdb printed.

run_tests(args=None)
    args defaults to sys.argv[1:].  Runs ``make -s --no-print-directory``
    first (exits with status 2 showing its output if it fails), then the
    tests -- all of them, or those whose function name (with or without the
    "test_" prefix) or title equals one of the arguments (an unknown name
    is an error that lists the valid names; status 2) -- in parallel, one
    QEMU per test, os.cpu_count() at a time.  Results are printed in
    definition order as soon as a test and all tests before it are done,
    as "TITLE: OK (T s)": T is the test's own time, not counting its wait
    for free host cores, and a title that two labs share (faultread) is
    printed with its lab, "faultread (lab 4)".  Then the scores (per file when tests from several files ran), the total
    time (including the build), and last a line "N passed, M failed".
    Exit status: 0 if every test passed, 1 otherwise.

Environment variables
---------------------
GRADE_JOBS       number of tests run at the same time (default: CPU count)
GRADE_QEMU_CMD   replaces the output of ``make print-qemuopts`` (split like a
                 shell command line); for testing the harness
GRADE_SKIP_MAKE  if "1", do not run make before the tests
GRADE_CPUS       run every multiprocessor test (one whose cpus > 1) with
                 this many CPUs instead (e.g. GRADE_CPUS=8 for a stress run)
GRADE_CPUS_ALL   run every test, the single-CPU ones too, with this many CPUs
                 (e.g. to check that dumbfork and yield hold on 1, 2, 4, 8)
                 Either override, when it gives a test more CPUs than the test
                 declares, multiplies the test's timeout by the same factor.
"""

import codecs
import inspect
import os
import re
import select
import shlex
import signal
import subprocess
import sys
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor

__all__ = ["test", "Runner", "E", "free_port", "wait_for_port", "GdbQemu", "run_tests", "TESTS"]

# The directory holding this file is the top of the tree: make and QEMU run
# there, whatever the caller's working directory.
ROOT = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(ROOT, "obj", "grade")

PROMPT = "K> "
# How long the output must stay quiet after ending in the prompt before the
# harness answers it: guards against a prompt that is only part of a line
# still arriving.  Small enough to count as "immediately".
PROMPT_SETTLE = 0.05
TAIL_LINES = 25
INDENT = "    "

# ----------------------------------------------------------------------
# Test registry

TESTS = []

# Set by a loader (conf/grade_all.py) while it executes a grade script, so
# the tests record that file; otherwise the caller's __file__ is used.
current_file = None


# Grade scripts whose tests are leak-checked by default: the labs that run
# user environments (see "Page leaks" in the docstring).
LEAK_CHECK_FROM_LAB = 3


def leak_checked_file(file):
    """True if the tests of grade script `file` are leak-checked by default."""
    m = re.match(r"grade-lab(\d+)$", os.path.basename(file))
    return bool(m) and int(m.group(1)) >= LEAK_CHECK_FROM_LAB


class Test:
    def __init__(self, func, points, title, file, defaults, leak_check=None):
        self.func = func
        self.name = func.__name__
        self.points = points
        self.title = title
        self.file = file
        self.defaults = defaults
        self.leak_check = leak_checked_file(file) if leak_check is None else bool(leak_check)
        self.out_name = self.name
        # A required positional parameter means "give me the run Runner".
        self.wants_runner = any(p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                                for p in inspect.signature(func).parameters.values())


def test(points, title, prog=None, cpus=1, commands=(), timeout=30, mem=None, extra=(), stop_on=None,
         leak_check=None, exercise=None):
    """Decorator: register the function as a test worth `points`.  `exercise`
    names the lab exercise(s) the test proves (e.g. "2.4"): a failure says
    so, and the handout checker expects the test to fail while that
    exercise is a stub."""
    if current_file is not None:
        file = current_file
    else:
        caller = sys._getframe(1).f_globals
        file = caller.get("__file__") or caller.get("__name__", "?")
    file = os.path.basename(file)
    if isinstance(commands, str):
        commands = (commands,)
    if isinstance(extra, str):
        extra = tuple(shlex.split(extra))
    defaults = dict(prog=prog, cpus=cpus, commands=tuple(commands), timeout=timeout, mem=mem,
                    extra=tuple(extra))
    if stop_on is not None:
        defaults["stop_on"] = stop_on

    def register(func):
        t = Test(func, points, title, file, defaults, leak_check)
        t.exercise = exercise
        if any(o.out_name == t.out_name for o in TESTS):
            t.out_name = "%s.%s" % (file, t.name)
        TESTS.append(t)
        return func

    return register


def E(n):
    """Envid string of the n-th environment ever created (E(1) == "00001000")."""
    return "%08x" % (0x1000 + n - 1)


def wait_for_port(port, proc, timeout=60):
    """Wait until something listens on localhost:port (QEMU's gdb stub, once
    make has checked the build and started QEMU), while proc runs.  Raises
    AssertionError if it never does."""
    import socket
    deadline = time.time() + timeout
    while True:
        try:
            socket.create_connection(("localhost", port), timeout=1).close()
            return
        except OSError:
            if proc.poll() is not None:
                raise AssertionError("QEMU exited before its gdb stub listened on port %d" % port)
            if time.time() > deadline:
                raise AssertionError("no gdb stub on port %d after %d s" % (port, timeout))
            time.sleep(0.1)


def free_port():
    """A TCP port nothing listens on now, for a test's own gdb stub: a test
    that used the per-user GDBPORT would collide with a student's
    `make qemu-gdb` (or any other QEMU of the same user) and with the other
    gdb tests running in parallel."""
    import socket
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


class GdbQemu:
    """`make run-PROG-nox-gdb` (or, with prog None, `make qemu-nox-gdb`) as a
    student runs it, on a port of its own: QEMU halted until gdb attaches,
    its output in out_path.  Use it in a with statement; QEMU is stopped
    when the block ends."""

    def __init__(self, prog, out_path, port=None):
        self.prog = prog
        self.out_path = out_path
        self.port = port or free_port()
        self.gdbinit = os.path.join(ROOT, "obj", "grade", "gdbinit.%d" % self.port)

    def __enter__(self):
        # make writes this test's own .gdbinit (GDBINIT=), aimed at its port:
        # the tree's .gdbinit stays the student's.
        os.makedirs(os.path.dirname(self.gdbinit), exist_ok=True)
        self._out = open(self.out_path, "wb")
        goal = "qemu-nox-gdb" if self.prog is None else "run-%s-nox-gdb" % self.prog
        self.proc = subprocess.Popen(["make", "-s", "--no-print-directory", goal,
                                      "GDBPORT=%d" % self.port, "GDBINIT=%s" % self.gdbinit,
                                      "QEMUEXTRA=-snapshot"],
                                     cwd=ROOT, stdin=subprocess.PIPE, stdout=self._out,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_for_port(self.port, self.proc)  # make has checked the build, QEMU waits for gdb
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def gdb(self, *commands, timeout=60):
        """Real gdb, batch mode, the .gdbinit for this port, then
        `commands`; returns its output (stdout and stderr)."""
        args = ["gdb", "-batch", "-nx", "-x", self.gdbinit]
        for c in commands:
            args += ["-ex", c]
        p = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
        return p.stdout + p.stderr

    def __exit__(self, *exc):
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait()
        self._out.close()
        return False


# ----------------------------------------------------------------------
# Running QEMU

_tls = threading.local()
_qemu_lock = threading.Lock()
_qemu_base = None
_live_lock = threading.Lock()
_live = set()  # Popen objects of running QEMUs, killed on Ctrl-C
_stopping = False


def qemu_base_command():
    """The QEMU argv before the per-test options; computed once per process."""
    global _qemu_base
    with _qemu_lock:
        if _qemu_base is None:
            env = os.environ.get("GRADE_QEMU_CMD")
            if env:
                base = shlex.split(env)
            else:
                p = subprocess.run(["make", "-s", "--no-print-directory", "print-qemuopts"], cwd=ROOT,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, errors="replace")
                lines = [line for line in p.stdout.splitlines() if line.strip()]
                if p.returncode != 0 or not lines:
                    raise RuntimeError("`make print-qemuopts` failed (status %d):\n%s" %
                                       (p.returncode, p.stdout))
                base = shlex.split(lines[-1])
            if not base:
                raise RuntimeError("empty QEMU command")
            _qemu_base = base
        return list(_qemu_base)


def _kill(proc):
    """Kill QEMU and anything it started (it leads its own session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.kill()
    except ProcessLookupError:
        pass


# SeaBIOS ends its serial output with "Booting from Hard Disk.." and no
# newline, so the kernel's first line would share its line.
_BIOS_BOOT_RE = re.compile(r"Booting from [^\n]*?\.\.+")


def _bios_newline(text):
    """Start the kernel's output on a line of its own."""
    m = _BIOS_BOOT_RE.search(text)
    if m and m.end() < len(text) and text[m.end()] != "\n":
        text = text[:m.end()] + "\n" + text[m.end():]
    return text


def _printable(line):
    """A line with control characters (escape sequences...) made visible."""
    return "".join(c if c == "\t" or c >= " " and c != "\x7f" else "\\x%02x" % ord(c) for c in line)


class Runner:
    def __init__(self):
        self.output = ""
        self.timed_out = False
        self.timeout = None
        self.exit_code = None
        self.elapsed = 0.0
        self.command = None
        self.commands_sent = []
        self.out_path = None
        self.stopped = False
        self.stop_match = None
        self._stop_rx = None
        self._line_part = ""
        runners = getattr(_tls, "runners", None)
        if runners is not None:
            runners.append(self)

    @property
    def lines(self):
        return self.output.split("\n")

    def run_qemu(self, prog=None, cpus=1, commands=(), timeout=30, mem=None, extra=(), stop_on=None):
        if _stopping:
            raise RuntimeError("interrupted")
        if isinstance(commands, str):
            commands = (commands,)
        if isinstance(extra, str):
            extra = shlex.split(extra)
        cmd = qemu_base_command()
        # Tests run in parallel on the same disk image(s): without -snapshot
        # the second QEMU fails to get the image's write lock.  Guest writes
        # go to a temporary overlay, so every test also starts from the same
        # disk contents.
        if "-snapshot" not in cmd:
            cmd.append("-snapshot")
        written_for = cpus
        if os.environ.get("GRADE_CPUS_ALL"):
            cpus = int(os.environ["GRADE_CPUS_ALL"])
        elif cpus > 1 and os.environ.get("GRADE_CPUS"):
            cpus = int(os.environ["GRADE_CPUS"])
        self.cpus = cpus  # the CPU count the guest really had
        # More virtual CPUs than the test was written for share the same
        # host cores (TCG runs each as a host thread, and one spinning for
        # the kernel lock takes time from the holder): the time limit grows
        # in proportion, so an override tests correctness, not the host.
        if cpus > written_for:
            timeout = timeout * cpus / written_for
        cmd += ["-smp", "%d,sockets=%d" % (cpus, cpus)]
        if prog is not None:
            cmd += ["-fw_cfg", "name=opt/jos/prog,string=%s" % prog]
        if mem is not None:
            cmd += ["-m", str(mem)]
        cmd += [str(a) for a in extra]
        self.command = cmd
        self.output = ""
        self.timed_out = False
        self.timeout = timeout
        self.exit_code = None
        self.commands_sent = []
        self.stopped = False
        self.stop_match = None
        self._stop_rx = re.compile(stop_on) if stop_on is not None else None
        self._line_part = ""

        # A guest with several CPUs keeps several host cores busy: hold that
        # many of the host's slots, so concurrent tests do not starve its
        # virtual CPUs (stresssched needs every one of them to run).
        slots = _host_slots.acquire(cpus)
        try:
            self._run_process(cmd, commands, timeout)
        finally:
            _host_slots.release(slots)
        return self

    def _run_process(self, cmd, commands, timeout):
        start = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True)
        with _live_lock:
            _live.add(proc)
        eof = False
        try:
            eof = self._interact(proc, list(commands), start + timeout)
        finally:
            if eof:
                # Its output closed: QEMU is exiting by itself; let it finish.
                try:
                    proc.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    pass
            killed = proc.poll() is None
            if killed:
                _kill(proc)
            self._drain(proc)
            proc.wait()
            with _live_lock:
                _live.discard(proc)
            for f in (proc.stdin, proc.stdout):
                try:
                    f.close()
                except OSError:
                    pass
            self.exit_code = None if killed else proc.returncode
            self.elapsed = time.monotonic() - start
            self.output = _bios_newline("".join(self._parts))
            self._save()
        return self

    def _append(self, data, final=False):
        text = self._decoder.decode(data, final).replace("\r", "")
        if text:
            self._parts.append(text)
            self._tail = (self._tail + text)[-len(PROMPT):]
            self._len += len(text)
            if self._stop_rx is not None and not self.stopped:
                self._check_stop(text)

    def _check_stop(self, text):
        """Look for stop_on in the lines `text` completes."""
        done = (self._line_part + text).split("\n")
        self._line_part = done.pop()
        for line in done:
            # As in r.output: SeaBIOS's last line and the kernel's first
            # are two lines.
            for part in _bios_newline(line).split("\n"):
                m = self._stop_rx.search(part)
                if m:
                    self.stopped = True
                    self.stop_match = m
                    return

    def _interact(self, proc, pending, deadline):
        """Read output and answer prompts; True if the output reached EOF."""
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._parts = []
        self._tail = ""
        self._len = 0
        fd = proc.stdout.fileno()
        os.set_blocking(fd, False)
        answered = -1  # output length when the last prompt was answered
        while True:
            now = time.monotonic()
            if now >= deadline:
                self.timed_out = True
                return False
            at_prompt = self._tail == PROMPT and self._len != answered
            wait = min(deadline - now, PROMPT_SETTLE) if at_prompt else deadline - now
            ready, _, _ = select.select([fd], [], [], wait)
            if ready:
                try:
                    data = os.read(fd, 65536)
                except BlockingIOError:
                    continue
                if not data:  # QEMU exited (or closed its output)
                    return True
                self._append(data)
                if self.stopped:
                    return False  # stop_on matched: the run is complete
                continue
            if at_prompt:
                if not pending:
                    return False
                line = pending.pop(0)
                self.commands_sent.append(line)
                answered = self._len
                try:
                    proc.stdin.write(line.encode() + b"\r")
                    proc.stdin.flush()
                except OSError:
                    pass  # QEMU is gone; EOF on its output ends the run

    def _drain(self, proc):
        """Collect what QEMU wrote before it died; never wait long."""
        fd = proc.stdout.fileno()
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], max(0, deadline - time.monotonic()))
            if not ready:
                break
            try:
                data = os.read(fd, 65536)
            except BlockingIOError:
                continue
            except OSError:
                break
            if not data:
                break
            self._append(data)
        self._append(b"", final=True)

    def _save(self):
        t = getattr(_tls, "test", None)
        if t is None:
            return
        _tls.nruns += 1
        name = t.out_name if _tls.nruns == 1 else "%s.%d" % (t.out_name, _tls.nruns)
        try:
            os.makedirs(OUT_DIR, exist_ok=True)
            self.out_path = os.path.join(OUT_DIR, name + ".out")
            with open(self.out_path, "w", encoding="utf-8") as f:
                f.write(self.output)
        except OSError:
            self.out_path = None

    # ------------------------------------------------------------------
    # Checks

    def fail(self, *messages):
        """Raise AssertionError: the messages, then the tail of the output."""
        raise TestFailure(self.failure_text(*messages))

    def failure_text(self, *messages):
        msg = list(messages)
        if self.timed_out:
            msg.append("timeout after %g s" % self.timeout)
        lines = self.lines
        if lines and lines[-1] == "":
            lines.pop()
        if not lines:
            msg.append("QEMU output: (none)")
        else:
            where = " (all of it in %s)" % os.path.relpath(self.out_path, ROOT) if self.out_path else ""
            msg.append("QEMU output, last %d lines%s:" % (min(TAIL_LINES, len(lines)), where))
            msg += [INDENT + _printable(line) for line in lines[-TAIL_LINES:]]
        return "\n".join(msg)

    def match(self, *patterns, no=()):
        """Check that lines match `patterns` in order and none matches `no`."""
        if isinstance(no, (str, re.Pattern)):
            no = (no,)
        lines = self.lines
        found, missing = [], []
        pos = 0
        for pat in patterns:
            rx = re.compile(pat)
            for i in range(pos, len(lines)):
                m = rx.match(lines[i])
                if m:
                    found.append(m)
                    pos = i + 1
                    break
            else:
                missing.append(pat)
        forbidden = _forbidden_lines(lines, no)
        if missing or forbidden:
            msgs = []
            for pat in missing:
                msgs.append("missing line matching %r" % _pattern_text(pat))
            for n, line, pat in forbidden:
                msgs.append("forbidden line %d (matches %r): %s" % (n, pat, _printable(line)))
            self.fail(*msgs)
        return found

    assert_lines_in_order = match

    def assert_no_leak(self, required=True):
        """Check "pages free: N (boot: M)" has N == M; return (N, M) or None."""
        found = None
        for line in self.lines:
            m = _PAGES_FREE_RE.match(line)
            if m:
                found = (int(m.group(1)), int(m.group(2)))
        if found is None:
            if required:
                self.fail("missing line matching %r (the kernel prints it when every env is gone)"
                          % _PAGES_FREE_RE.pattern)
            return None
        now, boot = found
        if now < boot:
            self.fail("page leak: pages free: %d (boot: %d): %d pages never came back" % (now, boot, boot - now))
        if now > boot:
            self.fail("page accounting: pages free: %d (boot: %d): %d more free than at boot (freed twice?)"
                      % (now, boot, now - boot))
        return found

    def match_unordered(self, *patterns, no=()):
        """Check that each pattern matches a line of its own, in any order."""
        if isinstance(no, (str, re.Pattern)):
            no = (no,)
        lines = self.lines
        rxs = [re.compile(p) for p in patterns]
        # For each pattern, the lines it matches (and the match objects).
        cands = []
        for rx in rxs:
            hits = {}
            for i, line in enumerate(lines):
                m = rx.match(line)
                if m:
                    hits[i] = m
            cands.append(hits)
        # Maximum bipartite matching of patterns to distinct lines (Kuhn's
        # augmenting paths), so a pattern that also fits a line another
        # pattern needs never causes a false failure.
        owner = {}  # line index -> pattern index

        def assign(p, seen):
            for i in cands[p]:
                if i in seen:
                    continue
                seen.add(i)
                if i not in owner or assign(owner[i], seen):
                    owner[i] = p
                    return True
            return False

        for p in range(len(rxs)):
            assign(p, set())
        line_of = {p: i for i, p in owner.items()}
        missing = [p for p in range(len(rxs)) if p not in line_of]
        forbidden = _forbidden_lines(lines, no)
        if missing or forbidden:
            msgs = []
            for p in missing:
                if cands[p]:
                    msgs.append("missing line matching %r (every line it matches is taken by another pattern)"
                                % _pattern_text(patterns[p]))
                else:
                    msgs.append("missing line matching %r" % _pattern_text(patterns[p]))
            for n, line, pat in forbidden:
                msgs.append("forbidden line %d (matches %r): %s" % (n, pat, _printable(line)))
            self.fail(*msgs)
        return [cands[p][line_of[p]] for p in range(len(rxs))]


# The kernel's page accounting line (kern/sched.cc), once every env is gone.
_PAGES_FREE_RE = re.compile(r"pages free: (\d+) \(boot: (\d+)\)$")


def _forbidden_lines(lines, no):
    """(line number, line, pattern) for each line that a `no` pattern finds."""
    found = []
    nos = [re.compile(p) for p in no]
    for i, line in enumerate(lines):
        for rx in nos:
            if rx.search(line):
                found.append((i + 1, line, rx.pattern))
                break
    return found


def _pattern_text(pat):
    return pat.pattern if isinstance(pat, re.Pattern) else pat


class TestFailure(AssertionError):
    """A failed check whose message is complete (from Runner.fail)."""


# ----------------------------------------------------------------------
# Running the tests

class Result:
    def __init__(self, ok, message, elapsed):
        self.ok = ok
        self.message = message
        self.elapsed = elapsed


class _HostSlots:
    """A counting semaphore over the host's cores, taken n at a time."""

    def __init__(self):
        self._cond = threading.Condition()
        self._free = None

    def acquire(self, n):
        """Take n slots, waiting for them; the wait is added to the calling
        test's _tls.waited, so its printed time is its own run only."""
        start = time.monotonic()
        with self._cond:
            if self._free is None:
                self._free = _jobs()
            n = max(1, min(n, _jobs()))
            while self._free < n:
                self._cond.wait()
            self._free -= n
        if getattr(_tls, "waited", None) is not None:
            _tls.waited += time.monotonic() - start
        return n

    def release(self, n):
        with self._cond:
            self._free += n
            self._cond.notify_all()


_host_slots = _HostSlots()


def _run_one(t):
    _tls.test = t
    _tls.nruns = 0
    _tls.runners = []
    _tls.waited = 0.0
    start = time.monotonic()
    try:
        if t.wants_runner:
            r = Runner()
            r.run_qemu(**t.defaults)
            t.func(r)
        else:
            t.func()
        if t.leak_check:
            for r in _tls.runners:
                if r.command is not None:  # a QEMU run, not a Runner made to match other output
                    r.assert_no_leak()
        ok, message = True, None
    except TestFailure as e:
        ok, message = False, str(e).strip("\n")
    except AssertionError as e:
        # A plain assert: its message (if any) and where it failed.
        where = traceback.extract_tb(e.__traceback__)[-1]
        message = "assertion failed at %s:%d: %s" % (os.path.basename(where.filename), where.lineno,
                                                     where.line)
        if str(e):
            message += "\n" + str(e).strip("\n")
        ok = False
    except BaseException:
        ok, message = False, traceback.format_exc().rstrip("\n")
    finally:
        runners = _tls.runners
        waited = _tls.waited
        _tls.test = _tls.runners = _tls.waited = None
    if not ok:
        for r in runners:
            if r.timed_out and "timeout after" not in message:
                message = "timeout after %g s\n%s" % (r.timeout, message)
                break
    return Result(ok, message, time.monotonic() - start - waited)


def _build():
    if os.environ.get("GRADE_SKIP_MAKE") == "1":
        return
    p = subprocess.run(["make", "-s", "--no-print-directory"], cwd=ROOT, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    if p.returncode != 0:
        sys.stdout.write(p.stdout)
        print("build failed: `make` exited with status %d" % p.returncode, flush=True)
        sys.exit(2)


def _select(tests, args):
    if not args:
        return list(tests)
    chosen = set()
    unknown = []
    for a in args:
        hits = [t for t in tests if a in (t.name, t.title) or t.name == "test_" + a]
        if not hits:
            unknown.append(a)
        chosen.update(id(t) for t in hits)
    if unknown:
        print("unknown test%s: %s" % ("s" if len(unknown) > 1 else "", ", ".join(unknown)))
        print("valid tests (function name, or name without test_, or title):")
        for t in tests:
            short = t.name[5:] if t.name.startswith("test_") else t.name
            print("  %-30s %s" % (short, t.title))
        sys.exit(2)
    return [t for t in tests if id(t) in chosen]


def _jobs():
    env = os.environ.get("GRADE_JOBS")
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            print("GRADE_JOBS must be a number, not %r" % env)
            sys.exit(2)
    return os.cpu_count() or 1


def display_title(t, tests):
    """t's title as printed: with its lab when another test of the run has
    the same title (lab 3 and lab 4 both have a faultread)."""
    if any(o is not t and o.title == t.title for o in tests):
        m = re.match(r"grade-lab(\d+)$", t.file)
        return "%s (lab %s)" % (t.title, m.group(1) if m else t.file)
    return t.title


def _print_result(t, res, tests):
    where = "" if res.ok or not getattr(t, "exercise", None) else "  [exercise %s]" % t.exercise
    print("%s: %s (%.1fs)%s" % (display_title(t, tests), "OK" if res.ok else "FAIL", res.elapsed, where))
    if not res.ok:
        for line in res.message.split("\n"):
            print(INDENT + line)
    sys.stdout.flush()


def _interrupted(pool):
    global _stopping
    _stopping = True
    pool.shutdown(wait=False, cancel_futures=True)
    with _live_lock:
        procs = list(_live)
    for p in procs:
        _kill(p)
    print("\ninterrupted", flush=True)
    sys.exit(130)


def run_tests(args=None):
    """Build, run the selected tests in parallel, print results and scores."""
    start = time.monotonic()
    if args is None:
        args = sys.argv[1:]
    if any(a in ("-h", "--help") for a in args):
        print("usage: %s [TEST...]\n  TEST: function name, with or without test_, or title" %
              os.path.basename(sys.argv[0]))
        sys.exit(0)
    tests = _select(TESTS, args)
    _build()
    try:
        qemu_base_command()
    except RuntimeError as e:
        print(e, flush=True)
        sys.exit(2)

    results = {}
    pool = ThreadPoolExecutor(max_workers=max(1, min(_jobs(), len(tests))))
    try:
        futures = [(t, pool.submit(_run_one, t)) for t in tests]
        for t, f in futures:
            res = f.result()
            results[id(t)] = res
            _print_result(t, res, tests)
    except KeyboardInterrupt:
        _interrupted(pool)
    pool.shutdown()

    files = []
    for t in tests:
        if t.file not in files:
            files.append(t.file)
    total = possible = 0
    for file in files:
        got = sum(t.points for t in tests if t.file == file and results[id(t)].ok)
        out_of = sum(t.points for t in tests if t.file == file)
        total += got
        possible += out_of
        if len(files) > 1:
            print("%s Score: %g/%g" % (file, got, out_of))
    print("Score: %g/%g" % (total, possible))
    print("Total time: %.1fs" % (time.monotonic() - start))
    passed = sum(1 for t in tests if results[id(t)].ok)
    failed = len(tests) - passed
    print("%d passed, %d failed" % (passed, failed), flush=True)
    sys.exit(0 if failed == 0 else 1)
