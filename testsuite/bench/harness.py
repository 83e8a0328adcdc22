"""harness.py: what the benchmarks of make bench share.

A benchmark measures commands with measure() (wall time and the peak
resident memory of the command and its children, from wait4), compares
approaches in the same run (alternate(), so that a drifting machine hits
both alike), and records what it found in a Results: Markdown tables and
plots (gnuplot, PNG) in one folder that every run writes afresh, with a
summary.md that lists them and says on what machine they were made.
"""
import os
import platform
import shutil
import statistics
import subprocess
import time


class Failed(Exception):
    """A command a benchmark runs did not do its job."""


class Run:
    """One command's outcome: seconds, peak resident KiB, its output."""

    def __init__(self, seconds, peak_kib, returncode, stdout):
        self.seconds = seconds
        self.peak_kib = peak_kib
        self.returncode = returncode
        self.stdout = stdout


def measure(argv, cwd=None, env=None, ok=(0,)):
    """Runs argv to its end: a Run, whose peak is that of this command
    alone (wait4 on its pid).  An exit status not in ok raises Failed
    with the end of what it said."""
    t = time.perf_counter()
    with open(os.devnull, "rb") as devnull:
        p = subprocess.Popen(argv, cwd=cwd, env=env, stdin=devnull,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Both pipes at once, so that neither fills while the other is read.
    out, err = _read_both(p)
    _, status, ru = os.wait4(p.pid, 0)
    seconds = time.perf_counter() - t
    rc = os.waitstatus_to_exitcode(status)
    p.returncode = rc  # reaped here; Popen must not wait again
    if rc not in ok:
        raise Failed("%s exited %d: %s" % (" ".join(argv[:3]), rc,
                                          err[-2000:]))
    return Run(seconds, ru.ru_maxrss, rc, out)


def _read_both(p):
    import selectors
    sel = selectors.DefaultSelector()
    bufs = {p.stdout: [], p.stderr: []}
    for f in bufs:
        sel.register(f, selectors.EVENT_READ)
    while sel.get_map():
        for key, _ in sel.select():
            chunk = key.fileobj.read1(65536)
            if chunk:
                bufs[key.fileobj].append(chunk)
            else:
                sel.unregister(key.fileobj)
                key.fileobj.close()
    return tuple(b"".join(bufs[f]).decode(errors="replace")
                 for f in (p.stdout, p.stderr))


def instructions(argv, cwd=None, env=None):
    """Instructions argv executes, all threads, counted by callgrind: the
    same number on every run, whatever else the machine does; None when
    valgrind cannot run it."""
    import tempfile
    with tempfile.TemporaryDirectory(prefix="vnet-callgrind-") as d:
        out = os.path.join(d, "callgrind.out")
        p = subprocess.run(["valgrind", "--tool=callgrind",
                            "--callgrind-out-file=" + out] + argv, cwd=cwd,
                           env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        if p.returncode not in (0, 1) or not os.path.exists(out):
            return None
        total = 0
        with open(out) as f:
            for line in f:
                if line.startswith(("summary:", "totals:")):
                    total = max(total, int(line.split()[1]))
        return total


def alternate(a, b, reps):
    """Runs the callables a and b in turn, reps times each; their Runs."""
    ra, rb = [], []
    for _ in range(reps):
        ra.append(a())
        rb.append(b())
    return ra, rb


def rounds(fns, reps):
    """alternate() for any number of callables: reps rounds, each running
    every one once in turn; a list of Runs for each callable.  A
    comparison of several tools needs them all hit alike by the drift."""
    runs = [[] for _ in fns]
    for _ in range(reps):
        for got, fn in zip(runs, fns):
            got.append(fn())
    return runs


def median(xs):
    return statistics.median(xs)


def best(runs):
    """The fastest of several Runs (its time, and the peak of them all)."""
    r = min(runs, key=lambda r: r.seconds)
    return Run(r.seconds, max(x.peak_kib for x in runs), r.returncode,
               r.stdout)


def machine():
    """One line on what the figures were measured on."""
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return "%s, %d cores, %.0f GiB, %s %s" % (
        cpu, os.cpu_count() or 0, mem, platform.system(), platform.release())


def table(headers, rows):
    """A Markdown table; numbers right-aligned, as they read."""
    def cell(v):
        if isinstance(v, float):
            return "%.3g" % v if abs(v) < 100 else "{:,.0f}".format(v)
        if isinstance(v, int):
            return "{:,}".format(v)
        return str(v)
    num = [all(isinstance(r[i], (int, float)) or r[i] in ("", "-")
               for r in rows) for i in range(len(headers))]
    out = ["| " + " | ".join(headers) + " |",
           "|" + "|".join("---:" if n else "---" for n in num) + "|"]
    for r in rows:
        out.append("| " + " | ".join(cell(v) for v in r) + " |")
    return "\n".join(out) + "\n"


class Results:
    """The folder of one make bench run: sections in Markdown, plots."""

    def __init__(self, folder, command):
        self.folder = folder
        self.command = command
        self.sections = []
        if os.path.isdir(folder):
            shutil.rmtree(folder)
        os.makedirs(folder)

    def section(self, name, title, text):
        """Writes NAME.md (title and text) and lists it in the summary."""
        path = os.path.join(self.folder, name + ".md")
        with open(path, "w") as f:
            f.write("# %s\n\n%s" % (title, text))
        self.sections.append((name, title))
        print("\n== %s\n\n%s" % (title, text), end="")

    def plot(self, name, title, xlabel, ylabel, series, logx=False,
             logy=False):
        """NAME.png: one line per series {label: [(x, y), ...]}; None if
        gnuplot is missing (the tables say it all the same)."""
        if shutil.which("gnuplot") is None:
            return None
        png = os.path.join(self.folder, name + ".png")
        dat = os.path.join(self.folder, name + ".dat")
        with open(dat, "w") as f:
            for label, pts in series.items():
                f.write("# %s\n" % label)
                for x, y in pts:
                    f.write("%r %r\n" % (x, y))
                f.write("\n\n")
        script = ["set terminal pngcairo size 900,540 font 'sans,11'",
                  "set output '%s'" % png, "set title '%s'" % title,
                  "set xlabel '%s'" % xlabel, "set ylabel '%s'" % ylabel,
                  "set key left top", "set grid"]
        if logx:
            script.append("set logscale x")
        if logy:
            script.append("set logscale y")
        script.append("plot " + ", ".join(
            "'%s' index %d with linespoints lw 2 title '%s'" %
            (dat, i, label) for i, label in enumerate(series)))
        subprocess.run(["gnuplot"], input="\n".join(script) + "\n",
                       text=True, check=True)
        return png

    def finish(self):
        """summary.md: the machine, the command, the sections."""
        with open(os.path.join(self.folder, "summary.md"), "w") as f:
            f.write("# make bench\n\n")
            f.write("- machine: %s\n" % machine())
            f.write("- when: %s\n" % time.strftime("%Y-%m-%d %H:%M UTC",
                                                   time.gmtime()))
            f.write("- command: `%s`\n\n" % self.command)
            for name, title in self.sections:
                f.write("- [%s](%s.md)\n" % (title, name))
        print("\nresults: %s/summary.md" % self.folder)
