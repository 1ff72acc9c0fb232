#!/usr/bin/env python3
"""Measure what a person at the terminal feels, on the county demo (issue 6's targets).

    pip install pyte pysqlite3-binary      # once; visidata too, to compare with it
    cargo build --release
    python3 scripts/measure.py [--years 1 5] [--runs 3]
    python3 scripts/measure.py --national  # the national import's time and peak memory

`--national` times `bangfu import` of a county-size national export (the one `cargo
bench --bench national` writes to target/tmp/: 20,000 households, 60,000 people, ~180
columns) into an empty ledger as CSV and as xlsx, the same file again, its dry run,
and the exports, each with the peak memory of the process (issue 19: ≤ 10 s, ≤ 500 MB).

Writes the county demo for each number of years into target/measure/ (once), then
drives the release binary in a pseudo-terminal of 100x30 and prints a table:
open -> first full frame, peak memory, the quick check's CPU, idle CPU, tab switch, filter keystroke -> frame
on the visits tab (p50/p90), bytes per cursor move, save a visit -> frame, and
`bangfu check` against SQLite's own integrity_check + foreign_key_check on the same
file. With VisiData installed, also how long it takes to show the households table.
A response is timed from the key to the last byte the program writes for it.
"""
import argparse, fcntl, os, pty, re, select, signal, statistics, struct, subprocess, sys, termios, time

try:
    import pyte
except ImportError:
    pyte = None

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "bangfu")
OUT = os.path.join(ROOT, "target", "measure")
COLS, ROWS = 100, 30
QUIET = 0.12
KEYS = {"ESC": b"\x1b", "ENTER": b"\r", "C-S": b"\x13", "DOWN": b"\x1b[B"}


class AnsweringScreen(pyte.Screen if pyte else object):
    """Answers what a program asks of its terminal (cursor position, attributes)."""

    def __init__(self, session, cols, rows):
        super().__init__(cols, rows)
        self.session = session

    def write_process_input(self, data):
        os.write(self.session.fd, data.encode())


class Session:
    """A program in a pseudo-terminal, with an emulated screen."""

    def __init__(self, cmd, env=None):
        if pyte is None:
            sys.exit("needs pyte: pip install pyte")
        self.screen = AnsweringScreen(self, COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.start = time.monotonic()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ["TERM"] = "xterm-256color"
            os.environ.update(env or {})
            os.execvp(cmd[0], cmd)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        os.kill(self.pid, signal.SIGWINCH)

    def text(self):
        return "\n".join("".join(self.screen.buffer[y][x].data for x in range(COLS)) for y in range(ROWS))

    def read(self, timeout, feed=True):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return b""
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return b""
        if feed:
            self.stream.feed(data)
        return data

    def wait_for(self, pattern, limit=120.0):
        """Seconds from start until `pattern` is on screen and output has settled."""
        deadline = time.monotonic() + limit
        last = time.monotonic()
        while time.monotonic() < deadline:
            if self.read(0.05):
                last = time.monotonic()
            elif re.search(pattern, self.text()):
                return last - self.start
        raise SystemExit(f"never saw {pattern!r}:\n{self.text()}")

    def key(self, k):
        """Sends a key; returns (seconds to the last byte written in response, bytes).
        The emulated screen reads the bytes only afterwards, so that its own (slow)
        parsing is not counted as the program's time."""
        sent = time.monotonic()
        os.write(self.fd, KEYS.get(k, k.encode()))
        chunks, last = [], sent
        while True:
            data = self.read(QUIET if chunks else 5.0, feed=False)
            if not data:
                break
            chunks.append(data)
            last = time.monotonic()
        for data in chunks:
            self.stream.feed(data)
        total = sum(len(c) for c in chunks)
        return (last - sent if total else 0.0), total

    def peak_rss_kb(self):
        for line in open(f"/proc/{self.pid}/status"):
            if line.startswith("VmHWM"):
                return int(line.split()[1])
        return 0

    def cpu_seconds(self):
        fields = open(f"/proc/{self.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
            time.sleep(0.2)
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass


def demo(years):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, f"county-{years}y.db")
    if not os.path.exists(path):
        print(f"writing the county demo with {years} year(s) of history to {path} …", file=sys.stderr)
        subprocess.run([BIN, "demo", path, "--scale", "county", "--years", str(years)], check=True)
    return path


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


FILTER_QUERIES = ["zs", "lxy", "张秀", "wang", "0023", "柳林"]
VERBOSE = False


def session_figures(path):
    s = Session([BIN, "--db", path])
    first = s.wait_for("数据质量提示")
    # The file's quick check runs beside the first screens (issue 20): its CPU is the
    # first 3 s after the frame; idle is measured once it is done.
    c0 = s.cpu_seconds()
    time.sleep(3)
    checking = s.cpu_seconds() - c0
    c1 = s.cpu_seconds()
    time.sleep(3)
    idle = s.cpu_seconds() - c1
    switch = [s.key("5")[0], s.key("3")[0], s.key("5")[0]]
    filters = []
    for query in FILTER_QUERIES:
        s.key("/")
        typed = ""
        for ch in query:
            typed += ch
            seconds, sent = s.key(ch)
            filters.append(seconds)
            if VERBOSE:
                print(f"  filter {typed!r}: {ms(seconds)}, {sent} bytes", file=sys.stderr)
        s.key("ESC")
    moves = [s.key("j") for _ in range(10)]
    s.key("3")
    s.key("v")
    for ch in "李明":
        s.key(ch)
    save = s.key("C-S")[0]
    rss = s.peak_rss_kb()
    s.key("q")
    s.close()
    return {
        "first": first,
        "rss": rss,
        "idle": idle,
        "checking": checking,
        "switch": statistics.median(switch),
        "filter50": percentile(filters, 50),
        "filter90": percentile(filters, 90),
        "move_bytes": statistics.mean(b for _, b in moves),
        "move": statistics.median(t for t, _ in moves),
        "save": save,
    }


def timed(fn, runs):
    times = []
    for _ in range(runs):
        t = time.monotonic()
        fn()
        times.append(time.monotonic() - t)
    return statistics.median(times)


def check_figures(path, runs):
    ours = timed(lambda: subprocess.run([BIN, "check", "--db", path], capture_output=True, check=True), runs)
    try:
        import pysqlite3 as sqlite
    except ImportError:
        return ours, None

    def sqlite_checks():
        conn = sqlite.connect(path)
        conn.execute("PRAGMA integrity_check").fetchall()
        conn.execute("PRAGMA foreign_key_check").fetchall()
        conn.close()

    return ours, timed(sqlite_checks, runs)


def visidata_seconds(path):
    """Seconds from starting VisiData on the file until its households table shows
    with every row loaded, or None when VisiData is not installed."""
    if subprocess.run(["which", "vd"], capture_output=True).returncode != 0:
        return None
    s = Session(["vd", path, "+:households:1:1"])
    deadline = time.monotonic() + 120
    seconds = None
    while time.monotonic() < deadline:
        s.read(0.05)
        text = s.text()
        if re.search(r" 20000 rows", text) and "loading" not in text:
            seconds = time.monotonic() - s.start
            break
    s.close()
    return seconds


def run_measured(args):
    """Seconds and peak memory (MB) of one run of the binary."""
    start = time.monotonic()
    proc = subprocess.Popen([BIN] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"bangfu {' '.join(args)} failed")
    return time.monotonic() - start, usage.ru_maxrss / 1024


def national_figures(runs):
    export = os.path.join(ROOT, "target", "tmp", "national-20000")
    if not os.path.exists(export + ".csv") or not os.path.exists(export + ".xlsx"):
        sys.exit("no county export yet: cargo bench --bench national (writes target/tmp/national-20000.*)")
    os.makedirs(OUT, exist_ok=True)
    ledger = os.path.join(OUT, "national.db")

    def fresh():
        for suffix in ["", "-journal"]:
            if os.path.exists(ledger + suffix):
                os.remove(ledger + suffix)

    steps = []
    for ext in ["csv", "xlsx"]:
        def first(ext=ext):
            fresh()
            return run_measured(["--db", ledger, "import", f"{export}.{ext}"])
        steps.append((f"first import, {ext}", first))
    steps.append(("the same export again", lambda: run_measured(["--db", ledger, "import", f"{export}.csv"])))
    steps.append(("a dry run", lambda: run_measured(["--db", ledger, "import", f"{export}.csv", "--dry-run"])))
    for ext in ["csv", "xlsx"]:
        out = os.path.join(OUT, f"national-out.{ext}")
        steps.append((f"export as {ext}", lambda out=out: run_measured(["--db", ledger, "export", "national", out])))
    print(f"machine: {os.cpu_count()} cores; median of {runs} runs")
    print("| | time | peak memory |")
    print("|---|---|---|")
    for label, step in steps:
        results = [step() for _ in range(runs)]
        seconds = statistics.median(r[0] for r in results)
        peak = max(r[1] for r in results)
        print(f"| {label} | {seconds:.2f} s | {peak:.0f} MB |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--years", type=int, nargs="+", default=[1, 5])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--visidata", action="store_true", help="also time VisiData showing the households table")
    ap.add_argument("--verbose", action="store_true", help="print each filter keystroke's time")
    ap.add_argument("--national", action="store_true", help="time the national import and export, with peak memory")
    a = ap.parse_args()
    global VERBOSE
    VERBOSE = a.verbose
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    if a.national:
        national_figures(a.runs)
        return
    rows = []
    for years in a.years:
        path = demo(years)
        runs = [session_figures(path) for _ in range(a.runs)]
        best = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        ours, sqlite_time = check_figures(path, a.runs)
        vd = visidata_seconds(path) if a.visidata else None
        rows.append((years, os.path.getsize(path), best, ours, sqlite_time, vd))
    print(f"machine: {os.cpu_count()} cores, {os.uname().sysname} {os.uname().release}; terminal {COLS}x{ROWS}")
    print("| | " + " | ".join(f"{y} year(s)" for y, *_ in rows) + " |")
    print("|---|" + "---|" * len(rows))

    def line(label, cell):
        print(f"| {label} | " + " | ".join(cell(r) for r in rows) + " |")

    line("file size", lambda r: f"{r[1] / 2**20:.0f} MB")
    line("open → first full frame", lambda r: ms(r[2]["first"]))
    line("peak memory", lambda r: f"{r[2]['rss'] / 1024:.1f} MB")
    line("CPU 3 s after the first frame (quick check)", lambda r: f"{r[2]['checking']:.2f} s")
    line("idle CPU over the next 3 s", lambda r: f"{r[2]['idle']:.2f} s")
    line("tab switch → frame", lambda r: ms(r[2]["switch"]))
    line("filter keystroke → frame, p50 / p90", lambda r: f"{ms(r[2]['filter50'])} / {ms(r[2]['filter90'])}")
    line("cursor move → frame", lambda r: f"{ms(r[2]['move'])}, {r[2]['move_bytes']:.0f} bytes")
    line("save a visit → frame", lambda r: ms(r[2]["save"]))
    line("bangfu check", lambda r: ms(r[3]))
    line(
        "SQLite integrity_check + foreign_key_check",
        lambda r: ms(r[4]) + f" (check ×{r[3] / r[4]:.2f})" if r[4] else "(pip install pysqlite3-binary)",
    )
    if a.visidata:
        line("VisiData shows the households table", lambda r: ms(r[5]) if r[5] else "(not installed)")


if __name__ == "__main__":
    main()
