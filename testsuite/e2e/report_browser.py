#!/usr/bin/env python3
"""The HTML report in a real browser (Debian's chromium, headless): the
sample's report, and FreeBSD's when the corpus is there.  The index must
list every review item and note of the JSON report of the same run,
filtering by kind (from the address, as a link would) must keep exactly
that kind's rows, every page must be valid HTML to tidy, and a
screenshot of the index is kept in the build directory (never
committed).  Prints TAP.

Usage: report_browser.py VNETIFY SOURCE_DIR BUILD_DIR"""
import collections
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

results = []


def check(ok, what, detail=""):
    results.append(ok)
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), what))
    if not ok and detail:
        for line in str(detail).splitlines()[:20]:
            print("# " + line)


class Rows(html.parser.HTMLParser):
    """The item rows of the index as the browser left them."""

    def __init__(self):
        super().__init__()
        self.rows, self.shown = [], None
        self._in_shown = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and "data-kind" in a:
            self.rows.append(a)
        self._in_shown = a.get("id") == "shown"

    def handle_data(self, data):
        if self._in_shown:
            self.shown = data
            self._in_shown = False


def chromium(args, profile):
    base = ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
            "--user-data-dir=" + profile]
    p = subprocess.run(base + args, stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, timeout=120)
    return p.stdout.decode("utf-8", "replace")


def dom(url, profile):
    r = Rows()
    r.feed(chromium(["--dump-dom", url], profile))
    return r


def report_of(name, vnetify, cwd, args, out, build, profile):
    html_dir = os.path.join(out, "html")
    rj = os.path.join(out, "r.json")
    os.makedirs(out)
    for rep in (html_dir + "/", rj):
        p = subprocess.run([vnetify, "rewrite", "-q", "--report", rep] + args,
                           cwd=cwd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
        if p.returncode not in (0, 1):
            check(False, "%s: vnetify rewrite writes the report" % name,
                  p.stderr.decode()[-2000:])
            return
    check(True, "%s: vnetify rewrite writes the report" % name)
    reviews = json.load(open(rj))["reviews"]
    url = "file://" + os.path.join(html_dir, "index.html")
    all_rows = dom(url, profile)
    want = collections.Counter((r["kind"], r["level"], r["place"]["file"])
                               for r in reviews)
    got = collections.Counter((r["data-kind"], r["data-level"],
                               r["data-file"]) for r in all_rows.rows)
    check(got == want and len(all_rows.rows) == len(reviews),
          "%s: the index lists every item of the JSON report (%d)" %
          (name, len(reviews)), "html %s\njson %s" % (got, want))
    check(all_rows.shown == "%d of %d shown" % (len(reviews), len(reviews)),
          "%s: with no filter every row is shown" % name, all_rows.shown)
    kinds = collections.Counter(r["kind"] for r in reviews)
    for kind, n in sorted(kinds.items()):
        f = dom(url + "?kind=" + kind, profile)
        visible = [r for r in f.rows if "hidden" not in r]
        check(len(visible) == n and
              all(r["data-kind"] == kind for r in visible) and
              f.shown == "%d of %d shown" % (n, len(reviews)),
              "%s: filtering by kind %s keeps its %d rows" % (name, kind, n),
              "visible %d, %s" % (len(visible), f.shown))
    if reviews:
        d = os.path.dirname(reviews[0]["place"]["file"])
        prefix = d + "/" if d else reviews[0]["place"]["file"]
        n = sum(1 for r in reviews if r["place"]["file"].startswith(prefix))
        f = dom(url + "?file=" + prefix, profile)
        visible = [r for r in f.rows if "hidden" not in r]
        check(len(visible) == n, "%s: filtering by the directory %s keeps "
              "its %d rows" % (name, prefix, n), "visible %d" % len(visible))
    shot = os.path.join(build, "report-%s.png" % name)
    chromium(["--screenshot=" + shot, "--window-size=1280,1600", url],
             profile)
    check(os.path.exists(shot) and os.path.getsize(shot) > 1000,
          "%s: a screenshot of the index is kept (%s)" % (name, shot))
    bad = []
    npages = 0
    for root, _, files in os.walk(html_dir):
        for f in files:
            npages += 1
            p = subprocess.run(["tidy", "-q", "-e", "-utf8",
                                os.path.join(root, f)],
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
            if p.returncode != 0:
                bad.append("%s: %s" % (f, p.stdout.decode()[:500]))
    check(not bad, "%s: all %d pages are valid HTML (tidy)" % (name, npages),
          "\n".join(bad))


def large(vnetify, t, profile):
    """Past 500 items the index carries the first rows and the rest as
    data: filtering must still find every item, items.html list them."""
    d = os.path.join(t, "large")
    os.makedirs(d)
    for i in range(3):
        with open(os.path.join(d, "f%d.c" % i), "w") as f:
            f.write("int gv_%d;\n#if 0\n" % i)
            for k in range(220):
                f.write("static int *p_%d_%d = &gv_%d;\n" % (i, k, i))
            f.write("#endif\n")
    subprocess.run([vnetify, "rewrite", "-q", "--no-verify", "--var",
                    "gv_*", "--report", "html/", "f0.c", "f1.c", "f2.c",
                    "--"], cwd=d, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    url = "file://" + os.path.join(d, "html", "index.html")
    r = dom(url, profile)
    check(len(r.rows) == 500 and r.shown is not None and
          r.shown.startswith("500 of 660 shown"),
          "660 items: the index shows 500 rows and says so", r.shown)
    r = dom(url + "?file=f1.c", profile)
    visible = [x for x in r.rows if "hidden" not in x]
    check(len(visible) == 220 and
          all(x["data-file"] == "f1.c" for x in visible) and
          r.shown == "220 of 660 shown",
          "660 items: filtering by file finds all 220 of f1.c, past the "
          "rows the index carries", "%d, %s" % (len(visible), r.shown))
    every = Rows()
    every.feed(open(os.path.join(d, "html", "items.html")).read())
    check(len(every.rows) == 660, "660 items: items.html lists every one",
          len(every.rows))


def main():
    vnetify, src, build = (os.path.abspath(a) for a in sys.argv[1:4])
    if shutil.which("chromium") is None or shutil.which("tidy") is None:
        print("1..0 # SKIP chromium or tidy is not installed")
        return 0
    with tempfile.TemporaryDirectory(prefix="vnetify-html-") as t:
        profile = os.path.join(t, "profile")
        sample = os.path.join(t, "sample")
        shutil.copytree(os.path.join(src, "samples", "freebsd-net", "src"),
                        os.path.join(sample, "src"))
        units = sorted(os.path.relpath(os.path.join(d, f), sample)
                       for d, _, fs in os.walk(os.path.join(sample, "src"))
                       for f in fs if f.endswith(".c"))
        report_of("sample", vnetify, sample,
                  ["--rules", os.path.join(src, "rules", "freebsd-net.yaml")]
                  + units + ["--", "-std=gnu11", "-Isrc",
                             "-I" + os.path.join(src, "runtime", "include")],
                  os.path.join(t, "sample-out"), build, profile)
        corpus = os.path.join(src, "..", "shared", "corpus", "freebsd-net6")
        if os.path.exists(os.path.join(corpus, "globals.txt")):
            tree = os.path.join(t, "corpus")
            shutil.copytree(corpus, tree)
            subprocess.run(["chmod", "-R", "u+w", tree])
            # The rules check-corpus writes for the tree.
            script = open(os.path.join(src, "testsuite", "corpus",
                                       "check-corpus.sh")).read()
            m = re.search(r"cat > vnetify.yaml <<'RULES'\n(.*?)\nRULES",
                          script, re.S)
            if m:
                with open(os.path.join(tree, "vnetify.yaml"), "w") as f:
                    f.write(m.group(1) + "\n")
                report_of("freebsd", vnetify, tree,
                          ["--rules", "vnetify.yaml", "--vars-file",
                           "globals.txt", "-p", "."],
                          os.path.join(t, "corpus-out"), build, profile)
        large(vnetify, t, profile)
    print("1..%d" % len(results))
    print("%d passed, %d failed" % (results.count(True),
                                    results.count(False)))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
