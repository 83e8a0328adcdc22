#!/usr/bin/env python3
"""alt_rewrite.py: vnetify rewrite and lint against what a porter has today.

Without vnetify, a porter who virtualizes a code base's globals renames
their uses with a semantic patch for Coccinelle (spatch), the tool of
choice for such sweeps in the Linux and BSD kernels, and does by hand
what it leaves.  The floor under any libclang tool is one parse of each
unit.  This measures the three on the same input, wall time and peak
memory (harness.measure), each set of tools run round by round so that a
drifting machine hits all alike:

- rewrite-corpus: FreeBSD's net/ and netinet6/, the corpus make
  check-corpus converts: vnetify rewrite as check-corpus.sh runs it, a
  bare vnetify parse of the same units, and spatch with a patch generated
  from the same names; every output tree scored against FreeBSD's own
  conversion by the corpus's score.sh.  Also which spatch options do best.
- rewrite-scaling: a generated corpus (rewrite_bench.gen_corpus) of 50k
  to 500k lines, the same tools, to show how each cost grows.
- lint: vnetify lint of the converted corpus against one parse of it.

    alt_rewrite.py VNETIFY CORPUS_DIR OUT_DIR [--reps N] [--quick]
"""
import argparse
import collections
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import rewrite_bench  # noqa: E402

SIZES = (50000, 100000, 250000, 500000)
QUICK_SIZES = (50000, 100000)
# A size above this many lines is run once: such a run is long enough for
# one to show the growth, and the budget of a whole run (about 15 minutes
# on two cores) goes to repeating the small ones, which the noise of a
# shared machine hits hardest.
ONCE_ABOVE = 100000
# rewrite_bench's shape of a file: 40 globals and 40 functions, about
# 1,930 lines, each file including five system headers and a shared one.
NVARS = NFUNCS = 40
# The rules check-corpus.sh writes for the corpus.
CORPUS_RULES = "version: 1\nsysctl: modern\nnever-touch: [support]\n"
# The options spatch does best with on the corpus (the rewrite-corpus
# section measures the alternatives): headers processed as files of their
# own (uses in them are uses too); one parsing pass, because the later
# passes expand the file's own macros and a match inside an expansion
# ("try to delete an expanded token") makes spatch give up the whole
# file; no included file read, because a renaming needs no types.
SPATCH_OPTIONS = ("--no-includes", "--include-headers",
                  "--disable-multi-pass")
# Up to this many names the semantic patch lists them in SmPL, above it
# asks a Python set (semantic_patch says why).
LIST_MAX_NAMES = 1000
# The option the conversion is for: its #ifdef branches are converted too
# (FreeBSD's are), so spatch is never told it is unset.
CONVERTED_OPTIONS = ("VIMAGE",)

Tool = collections.namedtuple("Tool", "label argv edits ok said")
Tool.__doc__ = """One way of doing the job.  argv(tree) is its command,
run in the tree.  A tool that edits gets a fresh copy of the tree for each
run (the copy is not timed) and its last copy is what is scored; ok are
the exit statuses that mean it did its job; said(log), if not None, is
what its stderr says that a reader of the table must know."""

Measured = collections.namedtuple("Measured", "tool runs tree log")
Measured.__doc__ = """A tool's Runs, the tree its last run left and what
it said on stderr there."""


def writable_copy(src, dst):
    """dst, a copy of src that can be edited in place: the corpus is kept
    read-only, and vnetify refuses to replace a read-only file
    (check-corpus.sh makes its copy writable the same way)."""
    if os.path.exists(dst):
        shutil.rmtree(dst)
    shutil.copytree(src, dst, copy_function=shutil.copyfile)
    for folder, _, _ in os.walk(dst):
        os.chmod(folder, 0o755)
    return dst


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def logged(argv, log):
    """argv with its stderr sent to the file log.  measure() keeps only
    stdout, and what a tool says on stderr (its review items, the files it
    gave up) is part of its result.  The shell execs the tool, so the
    resource usage measured is the tool's own."""
    return ["sh", "-c", 'log=$1; shift; exec "$@" 2>"$log"', "sh",
            log] + list(argv)


def slug(label):
    return re.sub(r"[^A-Za-z0-9]+", "-", label).strip("-")


def tail(path, n=2000):
    try:
        with open(path, errors="replace") as f:
            return f.read()[-n:]
    except OSError:
        return ""


def run_tools(tools, source, scratch, reps):
    """Runs every tool reps times, round by round (harness.rounds): a
    Measured for each.  A tool that only reads runs in source itself."""
    trees = {}

    def runner(tool):
        def once():
            tree = source
            if tool.edits:
                tree = writable_copy(source,
                                     os.path.join(scratch, slug(tool.label)))
            trees[tool.label] = tree
            log = os.path.join(scratch, slug(tool.label) + ".log")
            try:
                return harness.measure(logged(tool.argv(tree), log),
                                       cwd=tree, ok=tool.ok)
            except harness.Failed as e:
                raise harness.Failed("%s: %s\n%s" % (tool.label, e,
                                                     tail(log)))
        return once

    runs = harness.rounds([runner(t) for t in tools], reps)
    return [Measured(t, r, trees[t.label],
                     os.path.join(scratch, slug(t.label) + ".log"))
            for t, r in zip(tools, runs)]


def paired_ratio(runs, base):
    """The median over the rounds of a tool's time over the baseline's in
    the same round: the figure the drift of a shared machine disturbs
    least."""
    return harness.median([r.seconds / b.seconds
                           for r, b in zip(runs, base)])


def mib(kib):
    return kib / 1024.0


def count(path, pattern):
    """Lines of the file path that match pattern."""
    rx = re.compile(pattern)
    with open(path, errors="replace") as f:
        return sum(1 for line in f if rx.search(line))


# ---------------------------------------------------------------------------
# Coccinelle


def semantic_patch(names, form=None):
    """The semantic patch that renames every use of the names, x to V_x,
    and does nothing else: an identifier in an expression, which is what a
    use is to Coccinelle (a declaration, a member, a tag is not one).

    form "list" is SmPL's own set, identifier x = {a, b, ...}; "python"
    asks a Python set instead; None takes the one that suits the number
    of names (LIST_MAX_NAMES), so that spatch is measured at its best.
    spatch compares an identifier with a list's names one by one: 50k
    lines of the generated corpus took 9.3 s with its 1,120 names as a
    list, 8.5 s as a Python set, 118 s as a list of 11,000 names (as many
    as the 500k-line corpus has) and 8.5 s as a set of them; on the real
    corpus (273 names) the list is the faster, 4.1 s against 5.2.  A
    regular expression of that many alternatives is no way out: it makes
    spatch 1.1.1's PCRE fail, and with --jobs nothing is renamed and the
    exit status is still 0."""
    form = form or patch_form(names)
    if form == "list":
        constraint = "= {%s}" % ", ".join(names)
        prologue = ""
    else:
        words, line = [], []
        for n in names:
            line.append(n)
            if len(" ".join(line)) > 70:
                words.append(" ".join(line))
                line = []
        words.append(" ".join(line))
        prologue = ("@initialize:python@\n@@\nNAMES = frozenset(\"\"\"\n"
                    "%s\n\"\"\".split())\n\n" % "\n".join(words))
        constraint = ": script:python() { x in NAMES }"
    return (prologue +
            "@rename@\n"
            "identifier x %s;\n"
            "fresh identifier y = \"V_\" ## x;\n"
            "@@\n"
            "- x\n"
            "+ y\n" % constraint)


def patch_form(names):
    return "list" if len(names) <= LIST_MAX_NAMES else "python"


def spatch_argv(cocci, target, jobs, options):
    """spatch renaming in place under target (the tree's own folder of
    sources), as a porter would run it on a whole tree."""
    return ["spatch", "--sp-file", cocci, "--dir", target, "--in-place",
            "--no-show-diff", "--jobs", str(jobs)] + list(options)


DIRECTIVE = re.compile(r"\s*#\s*(\w+)\s*(.*)")


def predefined(tree, flags):
    """The macros a unit of the tree starts with under flags (the
    compiler's own, -D, -include, -imacros), as the compiler says; none
    if it cannot say."""
    p = subprocess.run([os.environ.get("CLANG", "clang"), "-dM", "-E"] +
                       list(flags) + ["-x", "c", os.devnull], cwd=tree,
                       capture_output=True, text=True, errors="replace")
    return set(re.findall(r"^#define (\w+)", p.stdout, re.M))


def unset_options(tree, target, flags, keep=CONVERTED_OPTIONS):
    """--undefined for every option target's #if lines test that no
    configuration sets: not defined when a unit starts under flags,
    #defined nowhere in the tree.  Coccinelle parses every branch of an
    #if, and a branch that splits an expression (#ifdef MAC in the middle
    of a condition) makes it give up the whole function; told the option
    is unset, it reads the other branch only.  --defined for the options
    that are set would help as much, but makes spatch 1.1.1 fail on
    ip_fw_dynamic.c ("just: pb")."""
    defined = predefined(tree, flags)
    defined.update(f[2:].split("=")[0] for f in flags if f.startswith("-D"))
    tested = set()
    top = os.path.abspath(os.path.join(tree, target))
    for folder, _, files in os.walk(tree):
        inside = (os.path.abspath(folder) + os.sep).startswith(top + os.sep)
        for name in files:
            if not name.endswith((".c", ".h")):
                continue
            with open(os.path.join(folder, name), errors="replace") as f:
                for line in f:
                    m = DIRECTIVE.match(line)
                    if not m:
                        continue
                    word, rest = m.groups()
                    if word == "define":
                        defined.add(re.match(r"\w*", rest).group())
                    elif inside and word in ("ifdef", "ifndef"):
                        tested.update(re.findall(r"^\w+", rest))
                    elif inside and word in ("if", "elif"):
                        tested.update(re.findall(r"defined\s*\(?\s*(\w+)",
                                                 rest))
    unset = sorted(tested - defined - set(keep))
    return [a for s in unset for a in ("--undefined", s)]


def include_options(flags):
    """The -I directories of flags, as spatch takes them."""
    out, it = [], iter(flags)
    for f in it:
        if f == "-I":
            out += ["-I", next(it)]
        elif f.startswith("-I"):
            out += ["-I", f[2:]]
    return out


def spatch_gave_up(log):
    """Files spatch gave up (an exception, the file left as it was)."""
    return count(log, r"^EXN")


# ---------------------------------------------------------------------------
# Scoring against FreeBSD's conversion

SCORE_LINES = (
    ("precision", r"precision\s+(\S+)\s+\((\d+) TP, (\d+) FP\)"),
    ("recall", r"recall, all uses\s+(\S+)"),
    ("recall_active", r"recall, active uses\s+(\S+)"),
    ("vnet_name", r"VNET_NAME sites right\s+(\d+/\d+)"),
    ("decls", r"declarations right\s+(\d+/\d+)\D+(\d+/\d+)"),
    ("errors", r"clang errors, no VIMAGE: (\d+)"),
    ("errors_vimage", r"clang errors, -DVIMAGE: (\d+)"),
)


def parse_score(text):
    """The summary score.sh ends with, as a dict of SCORE_LINES' groups."""
    summary = text.split("== SCORE", 1)[-1]
    score = {}
    for key, pattern in SCORE_LINES:
        m = re.search(pattern, summary)
        if m is None:
            raise harness.Failed("score.sh printed no %r: %s" %
                                 (key, text[-2000:]))
        score[key] = m.groups()
    return score


def tree_digest(folder):
    h = hashlib.sha256()
    for path, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            p = os.path.join(path, name)
            h.update(os.path.relpath(p, folder).encode() + b"\0")
            with open(p, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


class Scorer:
    """The corpus's score.sh on an output tree.  A tree is scored once
    however many tools wrote it byte for byte (vnetify at -j1 and -j2
    must: its output does not depend on -j), which also says whether
    they did."""

    def __init__(self, corpus):
        self.script = os.path.join(corpus, "score.sh")
        self.scores = {}

    def __call__(self, tree):
        out = os.path.join(tree, "devirt")
        key = tree_digest(out)
        if key not in self.scores:
            p = subprocess.run([self.script, out], capture_output=True,
                               text=True, errors="replace")
            self.scores[key] = parse_score(p.stdout + p.stderr)
        return key, self.scores[key]


def score_cells(s):
    """A score as the table's cells: precision, recall all/active,
    VNET_NAME sites, declarations, clang errors."""
    return ["%s (%s TP, %s FP)" % s["precision"], s["recall"][0],
            s["recall_active"][0], s["vnet_name"][0],
            "%s + %s" % s["decls"],
            "%s / %s" % (s["errors"][0], s["errors_vimage"][0])]


# ---------------------------------------------------------------------------
# rewrite-corpus


def vnetify_tools(vnetify, selection, parse_jobs, rewrite_jobs,
                  verify=(True,)):
    """A bare parse at each of parse_jobs, the baseline, then vnetify
    rewrite in place with the selection given, at each of rewrite_jobs,
    with and without --verify as asked."""
    tools = [Tool("bare parse -j%d" % j,
                  lambda tree, j=j: [vnetify, "parse", "-p", ".",
                                     "-j%d" % j], False, (0,), None)
             for j in parse_jobs]
    for v in verify:
        for j in rewrite_jobs:
            tools.append(Tool(
                "vnetify rewrite%s -j%d" % ("" if v else " --no-verify", j),
                lambda tree, j=j, v=v: [vnetify, "rewrite", "-p", "."] +
                list(selection) + ["-i", "-j%d" % j] +
                ([] if v else ["--no-verify"]), True, (0, 1),
                lambda log: "%d review items" % count(log,
                                                      r"vnetify-review")))
    return tools


def spatch_tool(label, cocci, target, jobs, options):
    return Tool(label, lambda tree: spatch_argv(cocci, target, jobs, options),
                True, (0,),
                lambda log: "gave up %d files" % spatch_gave_up(log))


def spatch_variants(scratch, names, flags, unset, support):
    """The spatch runs that show what its options change, one step at a
    time from its defaults to the options used, then what the chosen
    patch does with the includes and with the kernel's macros: (what,
    Tool)."""
    patches = {form: write(os.path.join(scratch, "rename-%s.cocci" % form),
                           semantic_patch(names, form))
               for form in ("list", "python")}
    used = patch_form(names)
    macros = os.path.join(scratch, "kernel-macros.h")
    # The kernel headers' own macros, extracted as Coccinelle's manual
    # advises, so that it can parse what they hide.
    with open(macros, "w") as f:
        subprocess.run(["spatch", "--extract-macros", support], stdout=f,
                       stderr=subprocess.DEVNULL, check=True)
    chosen = list(SPATCH_OPTIONS) + unset
    mark = {used: ": the one used"}
    steps = [
        ("SmPL list; --no-includes only", "list", ["--no-includes"]),
        ("SmPL list; + --include-headers", "list",
         ["--no-includes", "--include-headers"]),
        ("SmPL list; + --disable-multi-pass", "list", list(SPATCH_OPTIONS)),
        ("SmPL list; + --undefined (%d unset options)%s" % (
            len(unset) // 2, mark.get("list", "")), "list", chosen),
        ("Python set; the same options%s" % mark.get("python", ""),
         "python", chosen),
        ("the one used + --all-includes and flags.txt's -I", used,
         [o for o in chosen if o != "--no-includes"] +
         ["--all-includes"] + include_options(flags)),
        ("the one used + --macro-file (--extract-macros of support/)",
         used, chosen + ["--macro-file", macros]),
    ]
    return [(what, spatch_tool("spatch variant %d" % i, patches[form],
                               "devirt", 2, opts))
            for i, (what, form, opts) in enumerate(steps)]


def corpus_section(results, vnetify, corpus, scratch, reps):
    """The rewrite-corpus section; the tree vnetify converted (for lint),
    or None without a corpus."""
    if not os.path.isfile(os.path.join(corpus, "score.sh")):
        results.section("rewrite-corpus", "Rewriting FreeBSD's net/ and "
                        "netinet6/: vnetify, a bare parse, Coccinelle",
                        "No corpus at %s (no score.sh there): skipped.\n" %
                        corpus)
        return None
    source = writable_copy(corpus, os.path.join(scratch, "corpus"))
    write(os.path.join(source, "vnetify.yaml"), CORPUS_RULES)
    with open(os.path.join(corpus, "globals.txt")) as f:
        names = f.read().split()
    with open(os.path.join(corpus, "flags.txt")) as f:
        flags = f.read().split()
    unset = unset_options(source, "devirt", flags)
    cocci = write(os.path.join(scratch, "rename.cocci"),
                  semantic_patch(names))
    shutil.copy(cocci, os.path.join(results.folder, "rewrite-corpus.cocci"))
    options = list(SPATCH_OPTIONS) + unset
    have_spatch = shutil.which("spatch") is not None
    # As check-corpus.sh runs it: its rules, the names, in place, a report.
    selection = ["--rules", "vnetify.yaml", "--vars-file", "globals.txt",
                 "--report", "report.md"]
    tools = vnetify_tools(vnetify, selection, (1, 2), (1, 2),
                          verify=(False, True))
    if have_spatch:
        tools += [spatch_tool("spatch --jobs %d" % j, cocci, "devirt", j,
                              options) for j in (1, 2)]
    measured = run_tools(tools, source, scratch, reps)
    score = Scorer(corpus)
    base = measured[0].runs
    # The goals compare a rewrite with the bare parse at the same
    # -j: 1.3 without --verify, 2.3 with it.
    base_at = {1: measured[0].runs, 2: measured[1].runs}
    rows, wrote, notes = [], {}, []
    for m in measured:
        b = harness.best(m.runs)
        cells = ["-"] * 6
        if m.tool.edits:
            key, s = score(m.tree)
            cells = score_cells(s)
            wrote.setdefault(key, []).append(m.tool.label)
        if m.tool.said:
            notes.append("%s: exit %d, %s" % (m.tool.label, b.returncode,
                                              m.tool.said(m.log)))
        j = int(re.search(r"-j(\d+)$", m.tool.label).group(1)) \
            if m.tool.label.startswith("vnetify") else None
        same_j = paired_ratio(m.runs, base_at[j]) if j in base_at else "-"
        rows.append([m.tool.label, b.seconds, mib(b.peak_kib),
                     paired_ratio(m.runs, base), same_j] + cells)
    notes += ["%s: the same output, byte for byte" % " and ".join(labels)
              for labels in wrote.values() if len(labels) > 1]
    text = [
        "%d units, %d names (globals.txt); every tool on a fresh copy of "
        "`devirt/` each run, the tools in turn, %d round(s); time the best "
        "run, peak the highest (ru_maxrss of the tool and its children); "
        "ratio: the median over the rounds of the time over bare parse "
        "-j1's in the same round.  Scores: the corpus's score.sh on the "
        "tree the tool left (precision, with TP and FP; recall of all use "
        "sites and of the active ones; `&VNET_NAME(x)` sysctl sites; "
        "declarations `VNET_DEFINE`/`_STATIC`/`DECLARE` + `#define V_x "
        "VNET(x)` aliases; clang errors without / with `-DVIMAGE`).\n" %
        (count(os.path.join(corpus, "compile_commands.json"),
               r'"file":'), len(names), reps),
        harness.table(["tool", "wall s", "peak MiB", "ratio to parse -j1",
                       "ratio to parse, same -j",
                       "precision", "recall", "recall active",
                       "VNET_NAME sites", "declarations",
                       "clang errors no-VIMAGE / VIMAGE"], rows),
        "- " + "\n- ".join(notes) + "\n",
        "\nvnetify: `%s` (check-corpus.sh's rules: `%s`).\n" % (
            shlex.join(next(t for t in tools
                            if t.label == "vnetify rewrite -j1").argv(
                                ".")).replace(vnetify, "vnetify"),
            CORPUS_RULES.replace("\n", "; ").strip("; ")),
    ]
    if have_spatch:
        text.append(
            "\nCoccinelle: `%s $UNSET`, with the semantic patch "
            "[rewrite-corpus.cocci](rewrite-corpus.cocci), generated from "
            "globals.txt; it renames the uses and nothing else (no "
            "declaration, no `VNET_NAME`: the declarations and clang columns "
            "show it), and `$UNSET` is `--undefined X` for each of the %d "
            "options the #if lines of `devirt/` test that no configuration "
            "sets: %s.\n" % (
                shlex.join(spatch_argv("rename.cocci", "devirt", 2,
                                       SPATCH_OPTIONS)),
                len(unset) // 2, ", ".join(unset[1::2])))
        text.append(variants_table(scratch, source, names, flags, unset,
                                   score))
    else:
        text.append("\nspatch is not installed: no Coccinelle rows.\n")
    results.section("rewrite-corpus", "Rewriting FreeBSD's net/ and "
                    "netinet6/: vnetify, a bare parse, Coccinelle",
                    "\n".join(text))
    return next(m.tree for m in measured
                if m.tool.label == "vnetify rewrite -j2")


def variants_table(scratch, source, names, flags, unset, score):
    """What spatch's options change on the corpus, each run once at
    --jobs 2: the evidence for the options used."""
    variants = spatch_variants(scratch, names, flags, unset,
                               os.path.join(source, "support"))
    measured = run_tools([t for _, t in variants], source, scratch, 1)
    rows = []
    for (what, _), m in zip(variants, measured):
        _, s = score(m.tree)
        r = m.runs[0]
        rows.append([what, r.seconds, mib(r.peak_kib), spatch_gave_up(m.log),
                     "%s (%s TP, %s FP)" % s["precision"], s["recall"][0],
                     s["recall_active"][0]])
    return ("\n## Coccinelle's options\n\nOne run each, `--jobs 2`, from "
            "spatch's defaults one option at a time to the options used, "
            "then the patch's other form and two options a porter would "
            "try next (types from the includes; the kernel headers' "
            "macros):\n\n" +
            harness.table(["spatch", "wall s", "peak MiB", "files given up",
                           "precision", "recall", "recall active"], rows))


# ---------------------------------------------------------------------------
# rewrite-scaling


def lines_of(folder):
    n = 0
    for name in os.listdir(folder):
        if name.endswith((".c", ".h")):
            with open(os.path.join(folder, name)) as f:
                n += f.read().count("\n")
    return n


def generated_tree(folder, lines):
    """About lines lines of rewrite_bench's corpus in folder, as many of
    its files as it takes, with a compile_commands.json so that every tool
    takes the same units as on the real corpus; (lines, files, names)."""
    with tempfile.TemporaryDirectory(prefix="probe-") as probe:
        rewrite_bench.gen_corpus(probe, 1, NVARS, NFUNCS, 1)
        per_file = lines_of(probe)
    os.makedirs(folder)
    files = rewrite_bench.gen_corpus(folder, max(1, round(lines / per_file)),
                                     NVARS, NFUNCS, 1)
    write(os.path.join(folder, "compile_commands.json"), json.dumps(
        [{"directory": ".", "file": f, "arguments": ["cc", "-I.", "-c", f]}
         for f in files], indent=1))
    with open(os.path.join(folder, "vars")) as f:
        names = f.read().split()
    return lines_of(folder), len(files), names


def scaling_section(results, vnetify, scratch, reps, sizes):
    tools_rows, series_t, series_m = [], {}, {}
    have_spatch = shutil.which("spatch") is not None
    for size in sizes:
        here = os.path.join(scratch, "gen%d" % size)
        source = os.path.join(here, "tree")
        lines, nfiles, names = generated_tree(source, size)
        cocci = write(os.path.join(here, "rename.cocci"),
                      semantic_patch(names))
        # The rewrites at -j2 only, the machine's cores: their -j1 cost is
        # in the corpus section.
        tools = vnetify_tools(vnetify, ["--vars-file", "vars"], (1, 2), (2,),
                              verify=(False, True))
        if have_spatch:
            tools.append(spatch_tool(
                "spatch --jobs 2", cocci, ".", 2, list(SPATCH_OPTIONS) +
                unset_options(source, ".", ["-I."])))
        n = reps if size <= ONCE_ABOVE else 1
        measured = run_tools(tools, source, here, n)
        for m in measured:
            b = harness.best(m.runs)
            tools_rows.append([lines, nfiles, len(names), m.tool.label, n,
                               b.seconds, mib(b.peak_kib),
                               paired_ratio(m.runs, measured[0].runs),
                               lines / b.seconds / 1000.0])
            series_t.setdefault(m.tool.label, []).append((lines, b.seconds))
            series_m.setdefault(m.tool.label, []).append(
                (lines, mib(b.peak_kib)))
        shutil.rmtree(here)
    text = ("rewrite_bench's generated corpus (%d globals and %d functions "
            "a file, each file including stdio.h, stdlib.h, string.h, "
            "errno.h, pthread.h and a shared header), as many files as "
            "each size takes; every name in its `vars` renamed.  Each tool "
            "on a fresh copy each run, the tools in turn; %d round(s) up to "
            "%s lines, one above; time the best run, peak the highest; "
            "ratio: median over the rounds of the time over bare parse "
            "-j1's.  Rewrites with `-p . --vars-file vars -i`; spatch with "
            "the options of the corpus section, its patch a SmPL list of "
            "the names up to %s of them and a Python set above.\n\n" %
            (NVARS, NFUNCS, reps, "{:,}".format(ONCE_ABOVE),
             "{:,}".format(LIST_MAX_NAMES)))
    text += harness.table(["lines", "files", "names", "tool", "runs",
                           "wall s", "peak MiB", "ratio to parse -j1",
                           "k lines/s"], tools_rows)
    # Time on log axes, where a power law is a line and its slope the
    # power; memory on linear ones, where a cost per line is a line.
    for name, title, ylabel, series, log in (
            ("rewrite-scaling-time", "Wall time against lines of C",
             "wall seconds", series_t, True),
            ("rewrite-scaling-memory", "Peak memory against lines of C",
             "peak MiB", series_m, False)):
        png = results.plot(name, title, "lines", ylabel, series, logx=log,
                           logy=log)
        if png:
            text += "\n![%s](%s)\n" % (title, os.path.basename(png))
    results.section("rewrite-scaling", "Rewriting a generated corpus of "
                    "growing size", text)


# ---------------------------------------------------------------------------
# lint


def lint_section(results, vnetify, tree, reps):
    """vnetify lint of the converted corpus against one parse of it: lint
    parses each unit once, so its cost over that parse is its own."""
    title = "vnetify lint of the converted corpus against one parse of it"
    if tree is None:
        results.section("lint", title, "No converted corpus (no corpus): "
                        "skipped.\n")
        return
    rows, said = [], ""
    for j in (1, 2):
        def go(cmd):
            return lambda: harness.measure(
                [vnetify, cmd, "-p", ".", "-j%d" % j], cwd=tree, ok=(0, 1))
        parse, lint = harness.alternate(go("parse"), go("lint"), reps)
        bp, bl = harness.best(parse), harness.best(lint)
        findings = [l for l in bl.stdout.splitlines() if ": warning: " in l]
        said = "\n".join(findings)
        rows.append(["-j%d" % j, bp.seconds, bl.seconds,
                     paired_ratio(lint, parse), mib(bp.peak_kib),
                     mib(bl.peak_kib), len(findings)])
    results.section("lint", title, (
        "The tree `vnetify rewrite -j2` left in the rewrite-corpus section; "
        "`vnetify lint -p .` (no rules: the `VNET_DEFINE`s say what is "
        "virtualized) and `vnetify parse -p .` alternately, %d run(s) each; "
        "best time, highest peak, ratio the median of the paired ones.\n\n"
        "%s\nFindings:\n\n```\n%s\n```\n" % (
            reps, harness.table(["-j", "bare parse s", "lint s", "ratio",
                                 "parse peak MiB", "lint peak MiB",
                                 "findings"], rows), said or "(none)")))


# ---------------------------------------------------------------------------


def run(results, vnetify, corpus_dir, reps, sizes=SIZES):
    """Records the rewrite-corpus, rewrite-scaling and lint sections in
    results (a harness.Results)."""
    vnetify = os.path.abspath(vnetify)
    corpus_dir = os.path.abspath(corpus_dir)
    with tempfile.TemporaryDirectory(prefix="vnetify-alt-") as scratch:
        converted = corpus_section(results, vnetify, corpus_dir, scratch,
                                   reps)
        lint_section(results, vnetify, converted, reps)
        scaling_section(results, vnetify, scratch, reps, sizes)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("vnetify")
    ap.add_argument("corpus_dir")
    ap.add_argument("out_dir")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--quick", action="store_true",
                    help="only 50k and 100k lines, 1 rep, for trying")
    a = ap.parse_args()
    results = harness.Results(a.out_dir, shlex.join(sys.argv))
    if a.quick:
        run(results, a.vnetify, a.corpus_dir, 1, QUICK_SIZES)
    else:
        run(results, a.vnetify, a.corpus_dir, a.reps)
    results.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
