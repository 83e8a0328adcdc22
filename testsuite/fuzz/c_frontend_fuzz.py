#!/usr/bin/env python3
"""Fuzzing vnetify's C front end: hostile and mutated sources through
`vnetify scan` and `vnetify rewrite -i` (with --verify, the default).

The seeds are the small hostile programs of corpus/c and a few csmith
programs (fixed seeds).  Each case is a seed mutated at the token level:
lines dropped, doubled or swapped, and tokens that stress a C front end
(##, #, backslash-newlines, comments left open, unbalanced braces,
storage classes, attributes) put in at random places.  Most mutants do
not compile, which is fine: what is checked is

  - vnetify ends with one of its own exit statuses (0-3), never a signal,
    and no sanitizer (ASan, UBSan, LSan) says anything;
  - a rewrite that exits 0 leaves a file that compiles, without and with
    VIMAGE, whenever the original compiled (exit 1 means review items,
    which may stand between the file and a build);
  - a second rewrite of that file changes nothing.

A fixed seed makes `make check` run the same cases every time; a failure
is kept (--keep) for a person to reduce.  Prints TAP.
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "corpus", "c")
CSMITH_INC = "/usr/include/csmith"
SANITIZER = re.compile(r"(AddressSanitizer|LeakSanitizer|runtime error:|"
                       r"UndefinedBehaviorSanitizer)")
# What a C front end finds hard, put in at random places.
NASTY = ["##", "#", "\\\n", "/*", "*/", "//", "{", "}", "(", ")", ";", ",",
         "static", "extern", "_Thread_local", "const", "volatile",
         "__attribute__((unused))", "#define M(x) x##_tail\n",
         "#define S(x) #x\n", "#if 0\n", "#endif\n", "#ifdef VIMAGE\n",
         "#else\n", "\"", "'", "[", "]", "=", "&", "*", "0x", "1e",
         "\xef\xbb\xbf", "\r\n", "int", "struct", "typedef", "enum",
         "sizeof", "__typeof__", "L\"x\"", "u8\"y\"", "?", ":"]
TOKEN = re.compile(r"[A-Za-z_][A-Za-z_0-9]*|[0-9]+|\S")


def run(argv, cwd, timeout=120, stdout_only=False):
    """(exit status, output); the output is stdout and stderr together,
    or with stdout_only stdout alone (stderr still searched for a
    sanitizer's report, which is then the output)."""
    try:
        p = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE if stdout_only
                           else subprocess.STDOUT, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "timed out after %d s" % timeout
    out = p.stdout.decode("utf-8", "replace")
    if stdout_only:
        err = p.stderr.decode("utf-8", "replace")
        if SANITIZER.search(err):
            return p.returncode, err
    return p.returncode, out


def csmith_seeds(work):
    out = []
    if shutil.which("csmith") is None:
        return out
    for seed in (11, 12, 13):
        path = os.path.join(work, "csmith%d.c" % seed)
        rc, _ = run(["csmith", "--seed", str(seed), "--max-funcs", "3",
                     "--no-packed-struct", "-o", path], work)
        if rc == 0:
            out.append(path)
    return out


def mutate(text, rng):
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(5)
        i = rng.randrange(len(lines)) if lines else 0
        if op == 0 and len(lines) > 1:
            del lines[i]
        elif op == 1 and lines:
            lines.insert(i, lines[i])
        elif op == 2 and len(lines) > 1:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif lines:
            toks = [m.start() for m in TOKEN.finditer(lines[i])]
            at = rng.choice(toks) if toks else 0
            lines[i] = lines[i][:at] + rng.choice(NASTY) + " " + \
                lines[i][at:]
    return "\n".join(lines)


def globals_of(text):
    """Names that look like file-scope variables: vnetify is asked to
    virtualize them whether they are or not."""
    names = set(re.findall(r"^(?:static\s+|extern\s+)?(?:const\s+)?"
                           r"(?:unsigned\s+|signed\s+)?(?:int|long|char|"
                           r"short|struct\s+\w+|[a-z_]+_t)\s*\**\s*"
                           r"([A-Za-z_]\w*)\s*[\[;=,]", text, re.M))
    return sorted(names)[:12] or ["counter"]


def check(ctx, k, text, work):
    d = os.path.join(work, "case%d" % k)
    os.makedirs(d)
    with open(os.path.join(d, "t.c"), "w", encoding="utf-8",
              errors="surrogateescape") as f:
        f.write(text)
    flags = ["--", "-w", "-I" + CSMITH_INC]
    cc = [ctx.cc, "-fsyntax-only", "-w", "-I" + CSMITH_INC,
          "-I" + ctx.include]
    compiled, _ = run(cc + ["t.c"], d)
    rc, out = run([ctx.vnetify, "scan", "t.c"] + flags, d)
    if rc is None or rc < 0 or rc > 3 or SANITIZER.search(out):
        return "scan ended with %s:\n%s" % (rc, out[-3000:])
    sel = []
    for n in globals_of(text):
        sel += ["--var", n]
    rc, out = run([ctx.vnetify, "rewrite", "-i", "-q"] + sel + ["t.c"] +
                  flags, d)
    if rc is None or rc < 0 or rc > 3 or SANITIZER.search(out):
        return "rewrite ended with %s:\n%s" % (rc, out[-3000:])
    if rc != 0 or compiled != 0:
        return None
    ctx.built += 1
    for vimage in ([], ["-DVIMAGE"]):
        rc2, out = run(cc + vimage + ["t.c"], d)
        if rc2 != 0:
            return ("rewrite exited %d but t.c does not compile%s:\n%s" %
                    (rc, " with VIMAGE" if vimage else "", out[-3000:]))
    rc2, out = run([ctx.vnetify, "rewrite", "-q"] + sel + ["t.c"] + flags +
                   ["-I" + ctx.include], d, stdout_only=True)
    if rc2 is None or rc2 < 0 or rc2 > 3 or SANITIZER.search(out):
        return "second rewrite ended with %s:\n%s" % (rc2, out[-3000:])
    if out.strip():
        return "a second rewrite is not a no-op:\n" + out[-3000:]
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vnetify", required=True)
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--include", required=True)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep")
    ctx = ap.parse_args()
    ctx.vnetify = os.path.abspath(ctx.vnetify)
    ctx.include = os.path.abspath(ctx.include)
    rng = random.Random(ctx.seed)
    ctx.built = 0
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="vnetify-cfuzz-") as work:
        seeds = sorted(os.path.join(SEEDS, f) for f in os.listdir(SEEDS)
                       if f.endswith(".c"))
        seeds += csmith_seeds(work)
        texts = [open(s, encoding="utf-8", errors="surrogateescape").read()
                 for s in seeds]
        print("1..%d" % ctx.count)
        for k in range(ctx.count):
            i = rng.randrange(len(texts))
            text = texts[i] if k < len(texts) else mutate(texts[i], rng)
            why = check(ctx, k, text, work)
            label = "case %d (from %s)" % (k, os.path.basename(seeds[i]))
            if why is None:
                passed += 1
                print("ok %d - %s" % (k + 1, label))
                continue
            failed += 1
            print("not ok %d - %s" % (k + 1, label))
            for line in why.splitlines()[:40]:
                print("# " + line)
            if ctx.keep:
                dest = os.path.join(ctx.keep, "cfuzz-case%d" % k)
                shutil.rmtree(dest, ignore_errors=True)
                shutil.copytree(os.path.join(work, "case%d" % k), dest)
                print("# kept in " + dest)
    print("# %d cases compiled before and were rewritten with exit 0: "
          "those were built again, with and without VIMAGE" % ctx.built)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
