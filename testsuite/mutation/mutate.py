#!/usr/bin/env python3
"""Mutation test of vnetify lint (issue: lint in CI).

Virtualized code is broken on purpose, one or two places at a time, the
way a later commit breaks it: a V_ prefix removed (V_x -> x), a
CURVNET_SET or a CURVNET_RESTORE statement removed (blanked, so that no
line moves).  lint must flag every mutant: a vnet-missing-prefix finding
on the line of each removed prefix, a vnet-unbalanced finding in the
function whose CURVNET_SET or CURVNET_RESTORE went.  On the code as it
is it must report nothing, or only what a baseline run found (FreeBSD's
own tree has two real findings, listed in the output).

The seeds: testsuite/mutation/cases (always), the sample stack as
vnetify converted it when --sample names it, and FreeBSD's converted
network stack from the corpus when --corpus names it (a machine without
the corpus skips that part and says so).  Headers are mutated as well as
sources: a V_ in a macro body is a use too.  Mutants are drawn with a fixed
seed, so a failure reproduces.  Output is TAP.
"""
import argparse
import json
import os
import queue
import random
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

FINDING = re.compile(r"^(.*?):(\d+):(\d+): (warning|error): (.*) \[(vnet-[a-z-]+)\]$")
V_USE = re.compile(r"\bV_([A-Za-z_]\w*)\b")
SET = re.compile(r"\bCURVNET_SET(?:_QUIET|_VERBOSE)?\s*\((?:[^;()]|\([^;()]*\))*\)\s*;")
RESTORE = re.compile(r"\bCURVNET_RESTORE\s*\(\s*\)\s*;")


def findings(argv, cwd):
    p = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=300)
    if p.returncode not in (0, 1):
        raise RuntimeError("lint exited %d: %s" % (
            p.returncode, p.stderr.decode(errors="replace")[-1500:]))
    out = []
    for line in p.stdout.decode(errors="replace").splitlines():
        m = FINDING.match(line)
        if m:
            out.append((m.group(1), int(m.group(2)), m.group(6),
                        m.group(5)))
    return out


def code_spans(text):
    """Offsets of comments, string and character literals and #define V_x
    lines: not mutated (text there is no use)."""
    spans = []
    for m in re.finditer(r'/\*.*?\*/|//[^\n]*|"(?:[^"\\\n]|\\.)*"|'
                         r"'(?:[^'\\\n]|\\.)*'", text, re.S):
        spans.append((m.start(), m.end()))
    for m in re.finditer(r"^#\s*define\s+V_\w+[^\n]*", text, re.M):
        spans.append((m.start(), m.end()))
    return spans


def inside(spans, off):
    return any(a <= off < b for a, b in spans)


def sites(text, skip_names):
    """Mutation sites of one file: (kind, start, end, replacement)."""
    spans = code_spans(text)
    out = []
    for m in V_USE.finditer(text):
        if inside(spans, m.start()) or m.group(1) in skip_names:
            continue
        out.append(("prefix", m.start(), m.end(), m.group(1)))
    for kind, rx in (("set", SET), ("restore", RESTORE)):
        for m in rx.finditer(text):
            if not inside(spans, m.start()):
                out.append((kind, m.start(), m.end(),
                            re.sub(r"[^\n]", " ", m.group(0))))
    return out


def line_of(text, off):
    return text.count("\n", 0, off) + 1


def function_range(text, off):
    """The lines of the style(9) function around off: from its '{' at
    column 0 to its '}' at column 0."""
    start = text.rfind("\n{", 0, off)
    end = text.find("\n}", off)
    return (line_of(text, start + 1) if start >= 0 else 1,
            line_of(text, end + 1) if end >= 0 else line_of(text, len(text)))


def aliases(tree):
    """V_ names whose variable has another name (FreeBSD's V_rt_numfibs
    is VNET(_rt_numfibs), and rt_numfibs a macro for it), and plain names
    that are macros: removing such a V_ is no bug at all."""
    other = set()
    for d, _, names in os.walk(tree, followlinks=False):
        for n in names:
            if not n.endswith((".c", ".h")):
                continue
            t = open(os.path.join(d, n), errors="replace").read()
            for m in re.finditer(r"^#\s*define\s+V_(\w+)\s+VNET\((\w+)\)",
                                 t, re.M):
                if m.group(1) != m.group(2):
                    other.add(m.group(1))
            for m in re.finditer(r"^#\s*define\s+(\w+)\s+V_\w+", t, re.M):
                other.add(m.group(1))
    return other


def master_copies(text):
    """Names kept twice, a plain master beside the per-vnet copy (FreeBSD's
    cloners): a bare use of those is the master, rightly not a finding."""
    return set(re.findall(r"^static\s[^;(=]*?\b(\w+)\s*;", text, re.M)) & \
        set(re.findall(r"VNET_DEFINE(?:_STATIC)?\([^,]*,\s*(\w+)\)", text))


def apply(text, muts):
    for kind, a, b, rep in sorted(muts, key=lambda m: -m[1]):
        text = text[:a] + rep + text[b:]
    return text


class Trees:
    """One copy of the tree per worker: a mutant is written into a free
    copy, linted, and the file put back; the seed tree is never touched."""

    def __init__(self, make, n):
        self.free = queue.Queue()
        for k in range(n):
            self.free.put(make(k))

    def check(self, job):
        tree = self.free.get()
        try:
            return check_mutant(tree, job)
        finally:
            self.free.put(tree)


def check_mutant(tree, job):
    """job: (name, rel path, text, mutations, lint argv, baseline)."""
    name, rel, text, muts, argv, base = job
    path = os.path.join(tree, rel)
    try:
        with open(path, "w") as f:
            f.write(apply(text, muts))
        got = findings(argv, tree)
    finally:
        with open(path, "w") as f:
            f.write(text)
    new = list(got)
    for b in base:
        if b in new:
            new.remove(b)
    for kind, a, b, rep in muts:
        line = line_of(text, a)
        if kind == "prefix":
            ok = any(f[0] == rel and f[1] == line and
                     f[2] == "vnet-missing-prefix" for f in new)
        else:
            lo, hi = function_range(text, a)
            ok = any(f[0] == rel and lo <= f[1] <= hi and
                     f[2] == "vnet-unbalanced" for f in new)
        if not ok:
            return (name, False, "%s at %s:%d not flagged; new findings: %s"
                    % (kind, rel, line, new[:4]))
    return (name, True, "")


def cases_tree(a, work, k):
    tree = os.path.join(work, "tree%d" % k)
    shutil.copytree(a.cases, tree)
    return tree


def sample_tree(a, work, k):
    """The converted sample's src/, copied (it is mutated)."""
    tree = os.path.join(work, "tree%d" % k)
    shutil.copytree(os.path.join(a.sample, "src"), os.path.join(tree, "src"))
    return tree


def sources(tree, exts):
    out = []
    for d, _, names in os.walk(tree):
        for n in names:
            if n.endswith(exts):
                out.append(os.path.relpath(os.path.join(d, n), tree))
    return sorted(out)


def sample_mutants(a, rnd, root, results, baseline_fail, notes):
    """The converted sample: lint as CI would run it on that tree
    (testsuite/e2e/netstack-lint.sh), every mutant one site of a source
    or a header."""
    work = os.path.join(root, "sample")
    trees = Trees(lambda k: sample_tree(a, work, k), a.jobs)
    tree = sample_tree(a, work, a.jobs)
    units = sources(tree, (".c",))
    argv = [a.vnetify, "lint", "-j1", "--rules", a.sample_rules] + units + \
        ["--", "-std=gnu11", "-Isrc", "-I" + a.include]
    base = findings(argv, tree)
    if base:
        baseline_fail.append("the converted sample as it is: %s" % base[:4])
    no_bug = aliases(tree)
    pool_, in_headers = [], []
    for rel in sources(tree, (".c", ".h")):
        text = open(os.path.join(tree, rel)).read()
        for st in sites(text, master_copies(text) | no_bug):
            (in_headers if rel.endswith(".h") else pool_).append(
                (rel, text, st))
    # The headers' few sites every time, then the sources' at random.
    rnd.shuffle(pool_)
    chosen = (in_headers + pool_)[:a.sample_count]
    headers = sum(1 for rel, _, _ in chosen if rel.endswith(".h"))
    notes.append("the converted sample: %d mutants, %d of them in headers"
                 % (len(chosen), headers))
    jobs = [("sample %d (%s@%s:%d)" % (i + 1, st[0], rel,
                                       line_of(text, st[1])),
             rel, text, [st], argv, base)
            for i, (rel, text, st) in enumerate(chosen)]
    with ThreadPoolExecutor(max_workers=a.jobs) as pool:
        results += list(pool.map(trees.check, jobs))


def corpus_tree(a, work, k):
    """orig/ copied (it is mutated), support/ linked (it is read only)."""
    tree = os.path.join(work, "tree%d" % k)
    os.makedirs(tree)
    shutil.copytree(os.path.join(a.corpus, "orig"), os.path.join(tree, "orig"))
    os.symlink(os.path.join(a.corpus, "support"),
               os.path.join(tree, "support"))
    shutil.copy(os.path.join(a.corpus, "compile_commands.orig.json"),
                os.path.join(tree, "compile_commands.json"))
    with open(os.path.join(tree, "r.yaml"), "w") as f:
        f.write("version: 1\nnever-touch: [support]\n")
    return tree


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vnetify", required=True)
    ap.add_argument("--include", required=True)
    ap.add_argument("--cases", required=True)
    ap.add_argument("--corpus", help="freebsd-net6 corpus, when present")
    ap.add_argument("--sample", help="the converted sample (its src/)")
    ap.add_argument("--sample-rules", help="the sample's rules file")
    ap.add_argument("--sample-count", type=int, default=120)
    ap.add_argument("--count", type=int, default=240)
    ap.add_argument("--corpus-count", type=int, default=120)
    ap.add_argument("--corpus-header-count", type=int, default=24)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()
    a.vnetify = os.path.abspath(a.vnetify)
    a.include = os.path.abspath(a.include)
    if a.corpus:
        a.corpus = os.path.abspath(a.corpus)
    if a.sample_rules:
        a.sample_rules = os.path.abspath(a.sample_rules)
    rnd = random.Random(a.seed)
    results, notes, baseline_fail = [], [], []
    root = tempfile.mkdtemp(prefix="vnetify-mutation-")
    try:
        # The cases: single mutants first, then pairs, to the count.
        work = os.path.join(root, "cases")
        trees = Trees(lambda k: cases_tree(a, work, k), a.jobs)
        tree = cases_tree(a, work, a.jobs)
        units = ["proto.c", "timers.c"]
        files = units + ["proto.h"]
        argv = [a.vnetify, "lint", "-j1"] + units + ["--", "-I" + a.include,
                                                      "-I."]
        base = findings(argv, tree)
        if base:
            baseline_fail.append("the cases as they are: %s" % base[:4])
        singles = []
        for rel in files:
            text = open(os.path.join(tree, rel)).read()
            for st in sites(text, set()):
                singles.append((rel, text, [st]))
        rnd.shuffle(singles)
        chosen = singles[:a.count]
        while len(chosen) < a.count:
            rel = rnd.choice(units)
            text = open(os.path.join(tree, rel)).read()
            pair = rnd.sample(sites(text, set()), 2)
            # Two edits of one function's CURVNET_SET and RESTORE undo
            # its wrapping as a whole: that is no imbalance to flag.
            if abs(pair[0][1] - pair[1][1]) < 40 or (
                    pair[0][0] != "prefix" and pair[1][0] != "prefix" and
                    function_range(text, pair[0][1]) ==
                    function_range(text, pair[1][1])):
                continue
            chosen.append((rel, text, pair))
        jobs = [("cases %d (%s)" % (i + 1, ", ".join(
            "%s@%s:%d" % (m[0], rel, line_of(text, m[1])) for m in muts)),
            rel, text, muts, argv, base)
            for i, (rel, text, muts) in enumerate(chosen)]
        with ThreadPoolExecutor(max_workers=a.jobs) as pool:
            results += list(pool.map(trees.check, jobs))
        if a.sample:
            sample_mutants(a, rnd, root, results, baseline_fail, notes)
        # FreeBSD's own conversion, when the corpus is here.
        if a.corpus and os.path.isdir(os.path.join(a.corpus, "orig")):
            work = os.path.join(root, "corpus")
            trees = Trees(lambda k: corpus_tree(a, work, k), a.jobs)
            tree = corpus_tree(a, work, a.jobs)
            whole = findings([a.vnetify, "lint", "-p", ".", "--rules",
                              "r.yaml"], tree)
            notes.append("FreeBSD's tree as it is: %d findings%s%s" % (
                len(whole), ": " if whole else "",
                "; ".join("%s:%d %s" % f[:3] for f in whole)))
            files = sorted(os.path.relpath(e["file"], e["directory"])
                           if not os.path.isabs(e["file"]) else e["file"]
                           for e in json.load(open(os.path.join(
                               tree, "compile_commands.json"))))
            per_file, jobs = {}, []
            no_bug = aliases(os.path.join(tree, "orig"))
            while len(jobs) < a.corpus_count:
                rel = rnd.choice(files)
                text = open(os.path.join(tree, rel)).read()
                pool_ = sites(text, master_copies(text) | no_bug)
                if not pool_:
                    continue
                st = rnd.choice(pool_)
                argv = [a.vnetify, "lint", "-j1", "-p", ".", "--rules",
                        "r.yaml", rel]
                if rel not in per_file:
                    per_file[rel] = findings(argv, tree)
                jobs.append(("freebsd %d (%s@%s:%d)" % (
                    len(jobs) + 1, st[0], rel, line_of(text, st[1])), rel,
                    text, [st], argv, per_file[rel]))
            # Its headers: a macro body's V_ is a use of every unit that
            # expands it, so the whole tree is linted.
            argv = [a.vnetify, "lint", "-j1", "-p", ".", "--rules", "r.yaml"]
            hsites = []
            for rel in sources(os.path.join(tree, "orig"), (".h",)):
                rel = os.path.join("orig", rel)
                text = open(os.path.join(tree, rel)).read()
                for st in sites(text, master_copies(text) | no_bug):
                    hsites.append((rel, text, st))
            rnd.shuffle(hsites)
            for rel, text, st in hsites[:a.corpus_header_count]:
                jobs.append(("freebsd %d (%s@%s:%d)" % (
                    len(jobs) + 1, st[0], rel, line_of(text, st[1])), rel,
                    text, [st], argv, whole))
            with ThreadPoolExecutor(max_workers=a.jobs) as pool:
                results += list(pool.map(trees.check, jobs))
        else:
            notes.append("no corpus here: FreeBSD's tree is not mutated")
        print("1..%d" % (len(results) + 1), flush=True)
        for n in notes:
            print("# " + n)
        print(("not ok" if baseline_fail else "ok") +
              " 1 - lint reports nothing on the cases as they are")
        for b in baseline_fail:
            print("# " + b)
        for i, (name, ok, why) in enumerate(results, start=2):
            print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
            if not ok:
                print("# " + why)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
