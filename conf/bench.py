#!/usr/bin/env python3
"""Run user/bench under QEMU and print what each kernel operation costs.

  make bench           (builds first; or: python3 conf/bench.py)
  BENCH_GRADE=0 make bench   skips timing a full `make grade`

QEMU runs with -icount shift=0, so the guest's rdtsc counts instructions
and every figure is deterministic, whatever the host's load.  A row over
its bound is reported, not failed: this is a measurement.  The exit status
is non-zero only when the benchmark did not run to its end.

The rows parsed are also saved to obj/bench.txt (one `ROW N` a line), and the
fork_exit_wait_{64,256,1024,4096} rows are drawn, with a least-squares line,
to docs/fork_cost.png by conf/plot.py.
"""
import os
import re
import selectors
import subprocess
import sys
import time

TIMEOUT = 300  # seconds of wall time for the whole run
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RAW_OUT = os.path.join("obj", "bench.txt")       # relative to ROOT
PLOT_OUT = os.path.join("docs", "fork_cost.png")

# (row, bound in instructions or None), in the order bench prints them.
ROWS = [
    ("null_syscall", 150),
    ("yield_alone", 300),
    ("pgfault_upcall_alloc", 1400),
    ("page_alloc_unmap", 1400),
    ("fork_exit_wait_1MiB", 300000),
    ("cow_fault", 2000),
    ("cow_fault_last", 700),
    ("ipc_roundtrip", 1500),
    ("ipc_roundtrip_page", None),
    ("fork_exit_wait_64", None),
    ("fork_exit_wait_256", None),
    ("fork_exit_wait_1024", None),
    ("fork_exit_wait_4096", None),
]

ROW_RE = re.compile(r"^bench: (\w+) (\d+)\s*$")
# Lines that mean the benchmark will never finish.
DEAD = ("kernel panic", "user panic", "No runnable environments", "user fault va")


def qemu_command():
    base = subprocess.run(["make", "-s", "--no-print-directory", "print-qemuopts"],
                          check=True, capture_output=True, text=True).stdout.split()
    return base + ["-snapshot", "-smp", "1,sockets=1", "-icount", "shift=0",
                   "-fw_cfg", "name=opt/jos/prog,string=bench"]


def run_bench():
    """Boot the kernel with bench first; return (completed, lines, seconds)."""
    start = time.monotonic()
    proc = subprocess.Popen(qemu_command(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    buf, lines, done, dead = b"", [], False, None
    try:
        while not done and dead is None:
            left = start + TIMEOUT - time.monotonic()
            if left <= 0:
                break
            if not sel.select(timeout=left):
                continue
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                dead = "QEMU exited (status %s)" % proc.wait()
                break
            buf += chunk
            while b"\n" in buf:
                raw, buf = buf.split(b"\n", 1)
                line = raw.decode("utf-8", "replace").rstrip("\r")
                lines.append(line)
                if line.strip() == "bench: done":
                    done = True
                elif any(d in line for d in DEAD):
                    dead = line.strip()
    finally:
        proc.kill()
        proc.wait()
    if buf:
        lines.append(buf.decode("utf-8", "replace"))
    return done, dead, lines, time.monotonic() - start


def time_grade():
    start = time.monotonic()
    rc = subprocess.run(["make", "grade"], stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL).returncode
    return rc, time.monotonic() - start


def time_primes():
    """grade-lab4's primes test (primes to 1877, 4 CPUs): (passed, wall seconds)."""
    start = time.monotonic()
    out = subprocess.run([sys.executable, "grade-lab4", "primes"], cwd=ROOT, text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout
    return re.search(r"^primes: OK", out, re.M) is not None, time.monotonic() - start


def save_raw(figures):
    """Write the parsed rows to obj/bench.txt, in the order the guest printed them."""
    try:
        path = os.path.join(ROOT, RAW_OUT)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            for row, value in figures.items():
                f.write("%s %d\n" % (row, value))
    except OSError as e:
        print("bench: could not write %s: %s" % (RAW_OUT, e), file=sys.stderr)


def plot(figures):
    """Draw docs/fork_cost.png; a failure here is reported, never fatal."""
    try:
        sys.path.insert(0, os.path.join(ROOT, "conf"))
        import plot as fork_plot
        fit = fork_plot.plot_fork_cost(figures, os.path.join(ROOT, PLOT_OUT))
        if fit is not None:
            print(fork_plot.describe(fit[0], fit[1], PLOT_OUT))
    except Exception as e:  # the chart is a by-product: keep the measurement's status
        print("bench: could not draw %s: %s: %s" % (PLOT_OUT, type(e).__name__, e),
              file=sys.stderr)


def main():
    done, dead, lines, secs = run_bench()
    figures = {}
    for line in lines:
        m = ROW_RE.match(line)
        if m:
            figures[m.group(1)] = int(m.group(2))
    save_raw(figures)
    missing = [row for row, _ in ROWS if row not in figures]
    if not done or missing:
        why = dead or ("no 'bench: done' within %d s" % TIMEOUT if not done else
                       "rows missing: " + ", ".join(missing))
        print("bench: FAILED: %s. Last output:" % why, file=sys.stderr)
        for line in lines[-30:]:
            print("  | " + line, file=sys.stderr)
        return 1

    print("%-24s %12s %8s" % ("operation", "instructions", "bound"))
    for row, bound in ROWS:
        if bound is None:
            print("%-24s %12d" % (row, figures[row]))
        else:
            verdict = "ok" if figures[row] <= bound else "OVER"
            print("%-24s %12d %8d %s" % (row, figures[row], bound, verdict))
    extra = sorted(set(figures) - {row for row, _ in ROWS})
    for row in extra:
        print("%-24s %12d" % (row, figures[row]))
    print("(guest instructions per operation, QEMU -icount shift=0, 1 CPU; run took %.1f s)" % secs)
    plot(figures)

    # Wall-clock figures: these do move with the host's load.
    ok, psecs = time_primes()
    print("primes to 1877, CPUS=4: %.1f s wall%s" % (psecs, "" if ok else " (FAILED)"))
    if os.environ.get("BENCH_GRADE", "1") != "0":
        rc, gsecs = time_grade()
        print("make grade: %.1f s wall (exit status %d)" % (gsecs, rc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
