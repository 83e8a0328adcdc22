#!/usr/bin/env python3
"""How the HTML report holds up at size: a generated tree of 1,000 files
with 10 review items each, rewritten with --report DIR/, then the index
opened in headless chromium, which reports when the index's script had
run (data-ready-ms: the page parsed, 10,000 rows filtered once).  The
goal is under a second.  Against the same run's JSON report, to show
what the HTML costs to write.  Not part of make check: timings depend on
the machine."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402


def gen(d, nfiles, nitems):
    for i in range(nfiles):
        with open(os.path.join(d, "f%d.c" % i), "w") as f:
            f.write("int gv_%d;\n#if 0\n" % i)
            for k in range(nitems):
                f.write("static int *p_%d_%d = &gv_%d;\n" % (i, k, i))
            f.write("#endif\nint f_%d(void);\nint f_%d(void) "
                    "{ return gv_%d; }\n" % (i, i, i))
    return ["f%d.c" % i for i in range(nfiles)]


def timed(argv, cwd):
    """Seconds argv takes; it must end in 0 or 1 (review items)."""
    return harness.measure(argv, cwd, ok=(0, 1)).seconds


def main():
    vnetify = os.path.abspath(sys.argv[1])
    if shutil.which("chromium") is None:
        print("report: chromium is not installed; skipped")
        return 0
    with tempfile.TemporaryDirectory(prefix="vnetify-rbench-") as d:
        files = gen(d, 1000, 10)
        base = [vnetify, "rewrite", "-q", "--no-verify", "--var", "gv_*"]
        tj = timed(base + ["--report", "r.json"] + files + ["--"], d)
        th = timed(base + ["--report", "html/"] + files + ["--"], d)
        url = "file://" + os.path.join(d, "html", "index.html")
        best = None
        for _ in range(3):
            out = subprocess.run(
                ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                 "--user-data-dir=" + os.path.join(d, "profile"),
                 "--dump-dom", url], stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, timeout=300).stdout.decode()
            m = re.search(r'data-ready-ms="(\d+)"', out)
            t = re.search(r'id="shown">\d+ of (\d+)', out)
            rows = int(t.group(1)) if t else 0
            if m:
                ms = int(m.group(1))
                best = ms if best is None else min(best, ms)
        size = sum(os.path.getsize(os.path.join(r, f))
                   for r, _, fs in os.walk(os.path.join(d, "html"))
                   for f in fs)
        print("HTML report, 1,000 files and %d items (the index carries "
              "500 rows and the rest as data): rewrite with it "
              "%.2f s, with the JSON report %.2f s (ratio %.2f); %d pages, "
              "%.1f MB" % (rows, th, tj, th / tj, len(files) + 1,
                           size / 1e6))
        print("index ready in headless chromium after %s ms, best of 3 "
              "(goal < 1000)" % best)
    return 0


if __name__ == "__main__":
    sys.exit(main())
