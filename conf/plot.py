#!/usr/bin/env python3
"""Draw the fork cost growth chart as a PNG, with nothing but the standard library.

  python3 conf/plot.py obj/bench.txt docs/fork_cost.png

The input holds one `ROW N` per line (as conf/bench.py writes it to
obj/bench.txt; `bench: ROW N` lines are accepted too).  The chart plots the
fork_exit_wait_{64,256,1024,4096} rows, instructions against touched pages,
with a least-squares line y = a + b*x, and prints a and b.

The PNG encoder (zlib + struct), the line drawing and the 5x7 bitmap font
are all here; there is no dependency on matplotlib or PIL.
"""
import math
import os
import struct
import sys
import zlib

FORK_ROWS = [("fork_exit_wait_%d" % n, n) for n in (64, 256, 1024, 4096)]

WIDTH, HEIGHT = 640, 400
WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
GRID = (225, 225, 225)
FRAME = (150, 150, 150)
DATA = (31, 87, 180)     # measured points and segments
FIT = (214, 72, 28)      # least-squares line

# ---------------------------------------------------------------------------
# A 5x7 bitmap font.  Each glyph is up to 8 rows of 5 columns: rows 0-6 sit on
# the baseline, row 7 is the descender of g, j, p, q, y.
FONT = {
    " ": [],
    "0": [".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."],
    "1": ["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."],
    "2": [".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"],
    "3": ["#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."],
    "4": ["...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."],
    "5": ["#####", "#....", "####.", "....#", "....#", "#...#", ".###."],
    "6": ["..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."],
    "7": ["#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."],
    "8": [".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."],
    "9": [".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."],
    "a": [".....", ".....", ".###.", "....#", ".####", "#...#", ".####"],
    "b": ["#....", "#....", "#.##.", "##..#", "#...#", "#...#", "####."],
    "c": [".....", ".....", ".###.", "#....", "#....", "#...#", ".###."],
    "d": ["....#", "....#", ".##.#", "#..##", "#...#", "#...#", ".####"],
    "e": [".....", ".....", ".###.", "#...#", "#####", "#....", ".###."],
    "f": ["..##.", ".#..#", ".#...", "###..", ".#...", ".#...", ".#..."],
    "g": [".....", ".....", ".####", "#...#", "#...#", ".####", "....#", ".###."],
    "h": ["#....", "#....", "#.##.", "##..#", "#...#", "#...#", "#...#"],
    "i": ["..#..", ".....", ".##..", "..#..", "..#..", "..#..", ".###."],
    "j": ["...#.", ".....", "..##.", "...#.", "...#.", "...#.", "#..#.", ".##.."],
    "k": ["#....", "#....", "#..#.", "#.#..", "##...", "#.#..", "#..#."],
    "l": [".##..", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."],
    "m": [".....", ".....", "##.#.", "#.#.#", "#.#.#", "#...#", "#...#"],
    "n": [".....", ".....", "#.##.", "##..#", "#...#", "#...#", "#...#"],
    "o": [".....", ".....", ".###.", "#...#", "#...#", "#...#", ".###."],
    "p": [".....", ".....", "####.", "#...#", "#...#", "####.", "#....", "#...."],
    "q": [".....", ".....", ".####", "#...#", "#...#", ".####", "....#", "....#"],
    "r": [".....", ".....", "#.##.", "##..#", "#....", "#....", "#...."],
    "s": [".....", ".....", ".####", "#....", ".###.", "....#", "####."],
    "t": [".#...", ".#...", "###..", ".#...", ".#...", ".#..#", "..##."],
    "u": [".....", ".....", "#...#", "#...#", "#...#", "#..##", ".##.#"],
    "v": [".....", ".....", "#...#", "#...#", "#...#", ".#.#.", "..#.."],
    "w": [".....", ".....", "#...#", "#...#", "#.#.#", "#.#.#", ".#.#."],
    "x": [".....", ".....", "#...#", ".#.#.", "..#..", ".#.#.", "#...#"],
    "y": [".....", ".....", "#...#", "#...#", "#...#", ".####", "....#", ".###."],
    "z": [".....", ".....", "#####", "...#.", "..#..", ".#...", "#####"],
    "K": ["#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"],
    "M": ["#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"],
    "+": [".....", "..#..", "..#..", "#####", "..#..", "..#..", "....."],
    "-": [".....", ".....", ".....", "#####", ".....", ".....", "....."],
    "=": [".....", ".....", "#####", ".....", "#####", ".....", "....."],
    "/": [".....", "....#", "...#.", "..#..", ".#...", "#....", "....."],
    ".": [".....", ".....", ".....", ".....", ".....", ".##..", ".##.."],
    ",": [".....", ".....", ".....", ".....", ".##..", "..#..", ".#..."],
    ":": [".....", ".##..", ".##..", ".....", ".##..", ".##..", "....."],
    "(": ["...#.", "..#..", ".#...", ".#...", ".#...", "..#..", "...#."],
    ")": [".#...", "..#..", "...#.", "...#.", "...#.", "..#..", ".#..."],
}
UNKNOWN = ["#####", "#...#", "#...#", "#...#", "#...#", "#...#", "#####"]


class Canvas:
    """An RGB raster with the few drawing operations the chart needs."""

    def __init__(self, width, height, background=WHITE):
        self.w, self.h = width, height
        self.px = bytearray(bytes(background) * (width * height))
        self.clip = (0, 0, width - 1, height - 1)

    def set(self, x, y, color):
        cx0, cy0, cx1, cy1 = self.clip
        if cx0 <= x <= cx1 and cy0 <= y <= cy1:
            i = (y * self.w + x) * 3
            self.px[i:i + 3] = bytes(color)

    def rect(self, x0, y0, x1, y1, color):
        """Fill the rectangle with corners (x0, y0) and (x1, y1), inclusive."""
        for y in range(min(y0, y1), max(y0, y1) + 1):
            for x in range(min(x0, x1), max(x0, x1) + 1):
                self.set(x, y, color)

    def line(self, x0, y0, x1, y1, color, width=1, dash=None):
        """Bresenham line; `width` pixels thick; dash=(on, off) in pixels."""
        x0, y0, x1, y1 = (int(round(v)) for v in (x0, y0, x1, y1))
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        sx, sy = (1 if x1 >= x0 else -1), (1 if y1 >= y0 else -1)
        err, step, lo = dx + dy, 0, -((width - 1) // 2)
        while True:
            if dash is None or step % (dash[0] + dash[1]) < dash[0]:
                for oy in range(lo, lo + width):
                    for ox in range(lo, lo + width):
                        self.set(x0 + ox, y0 + oy, color)
            if x0 == x1 and y0 == y1:
                break
            e2 = 2 * err
            if e2 >= dy:
                err += dy
                x0 += sx
            if e2 <= dx:
                err += dx
                y0 += sy
            step += 1

    def text(self, x, y, s, color=BLACK, scale=1, vertical=False):
        """Draw s with its top-left corner at (x, y).  vertical: read bottom to top,
        starting at (x, y) as the bottom-left corner."""
        for n, ch in enumerate(s):
            rows = FONT.get(ch, UNKNOWN)
            for gy, row in enumerate(rows):
                for gx, bit in enumerate(row):
                    if bit != "#":
                        continue
                    if vertical:
                        px, py = x + gy * scale, y - (n * 6 + gx) * scale - scale + 1
                    else:
                        px, py = x + (n * 6 + gx) * scale, y + gy * scale
                    self.rect(px, py, px + scale - 1, py + scale - 1, color)

    def png(self):
        def chunk(kind, data):
            return (struct.pack(">I", len(data)) + kind + data
                    + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
        stride = self.w * 3
        raw = b"".join(b"\x00" + bytes(self.px[y * stride:(y + 1) * stride])
                       for y in range(self.h))
        return (b"\x89PNG\r\n\x1a\n"
                + chunk(b"IHDR", struct.pack(">IIBBBBB", self.w, self.h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9))
                + chunk(b"IEND", b""))


def text_width(s, scale=1):
    return max(0, len(s) * 6 * scale - scale)


# ---------------------------------------------------------------------------
def fit_line(xs, ys):
    """Least squares y = a + b*x; returns (a, b)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
    return my - b * mx, b


def nice_step(span, target=6):
    """A 1, 2 or 5 times a power of ten giving about `target` intervals over span."""
    raw = span / target if span > 0 else 1
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * mag >= raw:
            return m * mag
    return 10 * mag


def human(v, step):
    """0, 500K, 1M, 1.5M ... with only as many decimals as the step needs."""
    if v == 0:
        return "0"
    for unit, suffix in ((1e6, "M"), (1e3, "K"), (1, "")):
        if max(abs(v), step) >= unit or unit == 1:
            decimals = max(0, math.ceil(-math.log10(step / unit) - 1e-9))
            s = "%.*f" % (decimals, v / unit)
            if "." in s:
                s = s.rstrip("0").rstrip(".")
            return s + suffix
    return str(v)


def fmt_int(v):
    return "%d" % int(round(v))


def draw_chart(points, a, b, title="fork+exit+wait cost vs touched pages"):
    """points: [(touched pages, instructions)]; (a, b): the fit.  Returns PNG bytes."""
    c = Canvas(WIDTH, HEIGHT)
    x0, y0, x1, y1 = 92, 52, WIDTH - 30, HEIGHT - 62   # plot area, inclusive

    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    xmax_data = max(xs)
    if xmax_data <= 4096:
        xmax, xstep = 4096, 1024
    else:
        xstep = nice_step(xmax_data, 4)
        xmax = math.ceil(xmax_data / xstep) * xstep
    lo = min(ys + [a, 0])
    hi = max(ys + [a + b * xmax, 1])
    ystep = nice_step(hi - lo)
    ymin = math.floor(lo / ystep) * ystep
    ymax = math.ceil(hi / ystep) * ystep
    if ymax < hi * 1.06:       # leave a little room above the highest point
        ymax += ystep

    def sx(x):
        return x0 + (x1 - x0) * x / xmax

    def sy(y):
        return y1 - (y1 - y0) * (y - ymin) / (ymax - ymin)

    # Grid, ticks and tick labels.
    scale = 2
    th = 7 * scale
    ticks_y = []
    v = ymin
    while v <= ymax + ystep / 2:
        ticks_y.append(v)
        v += ystep
    for v in ticks_y:
        py = int(round(sy(v)))
        c.line(x0, py, x1, py, GRID)
        c.line(x0 - 6, py, x0, py, BLACK)
        label = human(v, ystep)
        c.text(x0 - 10 - text_width(label, scale), py - th // 2, label, BLACK, scale)
    xt = 0
    while xt <= xmax:
        px = int(round(sx(xt)))
        if xt:
            c.line(px, y0, px, y1, GRID)
        c.line(px, y1, px, y1 + 6, BLACK)
        label = fmt_int(xt)
        c.text(px - text_width(label, scale) // 2, y1 + 11, label, BLACK, scale)
        for k in (1, 2, 3):     # minor ticks
            mx = xt + xstep * k / 4
            if mx < xmax:
                c.line(int(round(sx(mx))), y1, int(round(sx(mx))), y1 + 3, BLACK)
        xt += xstep

    # Axes (the x axis at y = 0, which is the bottom unless the fit dips below).
    c.line(x0, y0, x0, y1, BLACK)
    c.line(x0, y1, x1, y1, BLACK)
    c.line(x1, y0, x1, y1, FRAME)
    c.line(x0, y0, x1, y0, FRAME)
    if ymin < 0:
        c.line(x0, int(round(sy(0))), x1, int(round(sy(0))), FRAME)

    # Axis titles and chart title.
    label = "touched pages"
    c.text((x0 + x1) // 2 - text_width(label, scale) // 2, y1 + 34, label, BLACK, scale)
    label = "instructions"
    c.text(10, (y0 + y1) // 2 + text_width(label, scale) // 2, label, BLACK, scale, vertical=True)
    c.text((x0 + x1 - text_width(title, scale)) // 2, 16, title, BLACK, scale)

    # Measured segments, the fit over them (dashed, so both show where they
    # coincide; clipped to the plot area), then the measured points on top.
    pts = sorted(points)
    for (xa, ya), (xb, yb) in zip(pts, pts[1:]):
        c.line(sx(xa), sy(ya), sx(xb), sy(yb), DATA, width=2)
    c.clip = (x0 + 1, y0 + 1, x1 - 1, y1 - 1)
    c.line(sx(0), sy(a), sx(xmax), sy(a + b * xmax), FIT, width=2, dash=(10, 6))
    c.clip = (0, 0, WIDTH - 1, HEIGHT - 1)
    for x, y in pts:
        px, py = int(round(sx(x))), int(round(sy(y)))
        c.rect(px - 3, py - 3, px + 3, py + 3, DATA)

    # Legend, top left of the plot area (the lines climb to the right).
    sign = "+" if b >= 0 else "-"
    fit_text = "fit: %s %s %s/page" % (fmt_int(a), sign, fmt_int(abs(b)))
    entries = [("measured", DATA, None), (fit_text, FIT, (10, 6))]
    lw = 34 + 10 + max(text_width(t, scale) for t, _, _ in entries)
    lx, ly = x0 + 14, y0 + 14
    c.rect(lx, ly, lx + lw + 16, ly + 16 + 26 * len(entries) - 8, WHITE)
    c.line(lx, ly, lx + lw + 16, ly, FRAME)
    c.line(lx, ly + 16 + 26 * len(entries) - 8, lx + lw + 16, ly + 16 + 26 * len(entries) - 8, FRAME)
    c.line(lx, ly, lx, ly + 16 + 26 * len(entries) - 8, FRAME)
    c.line(lx + lw + 16, ly, lx + lw + 16, ly + 16 + 26 * len(entries) - 8, FRAME)
    for i, (t, color, dash) in enumerate(entries):
        ey = ly + 10 + 26 * i
        mid = ey + th // 2
        c.line(lx + 8, mid, lx + 42, mid, color, width=2, dash=dash)
        if dash is None:
            c.rect(lx + 22, mid - 3, lx + 28, mid + 3, color)
        c.text(lx + 52, ey, t, BLACK, scale)
    return c.png()


# ---------------------------------------------------------------------------
def parse_rows(text):
    """{row: value} from `ROW N` or `bench: ROW N` lines; anything else is ignored."""
    rows = {}
    for line in text.splitlines():
        parts = line.split()
        if parts[:1] == ["bench:"]:
            parts = parts[1:]
        if len(parts) == 2 and parts[1].isdigit():
            rows[parts[0]] = int(parts[1])
    return rows


def plot_fork_cost(rows, out_path):
    """Write the chart from the four fork rows in `rows`; returns (a, b), or
    None (writing nothing) when a row is missing."""
    if any(name not in rows for name, _ in FORK_ROWS):
        return None
    points = [(pages, rows[name]) for name, pages in FORK_ROWS]
    a, b = fit_line([p[0] for p in points], [p[1] for p in points])
    data = draw_chart(points, a, b)
    d = os.path.dirname(out_path)
    if d:
        os.makedirs(d, exist_ok=True)
    tmp = out_path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, out_path)
    return a, b


def describe(a, b, out_path):
    return ("fork+exit+wait fit: %.0f instructions + %.1f instructions/touched page (%s)"
            % (a, b, out_path))


def main(argv):
    if len(argv) != 3:
        print("usage: %s BENCH_TXT OUT_PNG" % argv[0], file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        rows = parse_rows(f.read())
    fit = plot_fork_cost(rows, argv[2])
    if fit is None:
        missing = [name for name, _ in FORK_ROWS if name not in rows]
        print("plot: %s lacks %s" % (argv[1], ", ".join(missing)), file=sys.stderr)
        return 1
    print(describe(fit[0], fit[1], argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
