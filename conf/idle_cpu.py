#!/usr/bin/env python3
"""How much host CPU an idle kernel costs: boot it to the monitor prompt,
leave it there, and measure QEMU's CPU time.

  make idle-cpu        (builds first; or: python3 conf/idle_cpu.py [SECONDS])

QEMU starts as the grade tests start it (gradelib.qemu_base_command, one
CPU, the default first program, which exits into the monitor).  Once the
output ends in the monitor's prompt, the utime + stime of QEMU (from
/proc/PID/stat) over SECONDS of wall time (default 20) is printed as a
percentage of one host core, with the host's load average for context.
A measurement, not a test: the exit status is non-zero only when the
prompt never came.  A kernel that waits for input halted should stay well
under 5 %; one that polls the console takes a whole core (docs/PERFORMANCE.md).
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
import gradelib  # noqa: E402

BOOT_TIMEOUT = 60   # seconds to reach the prompt
DEFAULT_SECONDS = 20


def cpu_seconds(pid):
    """utime + stime of process pid, in seconds."""
    with open("/proc/%d/stat" % pid) as f:
        stat = f.read()
    # The command name, field 2, is in parentheses and may hold spaces.
    fields = stat[stat.rindex(")") + 2:].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def wait_for_prompt(proc, out_path):
    """Wait until QEMU's output, collected in out_path, ends at the prompt."""
    deadline = time.monotonic() + BOOT_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("idle-cpu: QEMU exited (status %d) before the monitor prompt" % proc.returncode)
        with open(out_path, "rb") as f:
            if f.read().replace(b"\r", b"").endswith(gradelib.PROMPT.encode()):
                return
        time.sleep(0.2)
    raise SystemExit("idle-cpu: no monitor prompt (%r) after %d s; output in %s" %
                     (gradelib.PROMPT, BOOT_TIMEOUT, out_path))


def main():
    seconds = DEFAULT_SECONDS
    if len(sys.argv) > 2:
        raise SystemExit("usage: idle_cpu.py [SECONDS]")
    if len(sys.argv) == 2:
        try:
            seconds = float(sys.argv[1])
        except ValueError:
            seconds = 0
        if not seconds > 0:
            raise SystemExit("idle-cpu: SECONDS must be a positive number, not %r" % sys.argv[1])

    cmd = gradelib.qemu_base_command() + ["-snapshot", "-smp", "1,sockets=1"]
    out = tempfile.NamedTemporaryFile(prefix="idle_cpu.", suffix=".out", delete=False)
    proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        wait_for_prompt(proc, out.name)
        time.sleep(1)  # let the boot's last work drain
        load = os.getloadavg()
        before, start = cpu_seconds(proc.pid), time.monotonic()
        time.sleep(seconds)
        used, elapsed = cpu_seconds(proc.pid) - before, time.monotonic() - start
        if proc.poll() is not None:
            raise SystemExit("idle-cpu: QEMU exited during the measurement")
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        out.close()
    os.unlink(out.name)
    print("idle at the monitor prompt: QEMU used %.2f s of CPU in %.1f s: %.1f %% of one core "
          "(host load average %.2f %.2f %.2f)" % (used, elapsed, 100 * used / elapsed, *load))


if __name__ == "__main__":
    main()
