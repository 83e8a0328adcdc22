#!/usr/bin/env python3
"""Differential test of vnetify on csmith programs (SPEC section 9).

For each program: virtualize every global with vnetify; built with
VIMAGE and run inside two fresh vnets it must print the original's
checksum both times; built without VIMAGE its .text must be byte for
byte the original's.  Results are TAP, one line per program.  Programs
whose original does not finish in time are replaced by the next seed.

With --entries the program also gets its vnet the way converted code
does: main, every function it calls and every func_N is named an entry point
with the context vnet_iter, a variable the harness sets instead of
calling CURVNET_SET itself; every return path of those functions must
then restore the vnet, and the checksums must still agree.  The plain
build's code then has its return values in locals, so it is compared by
its output rather than byte for byte.

A failing program is kept under --keep with everything needed to
reproduce it; with --reduce, cvise shrinks it while the failure stays,
ready to become a golden test.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

CSMITH_INC = "/usr/include/csmith"
RUN_TIMEOUT = 8


def sh(argv, cwd, timeout=120, inp=None):
    try:
        p = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout,
                           input=inp)
        return p.returncode, p.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return None, "timed out after %ds" % timeout


class Ctx:
    def __init__(self, a):
        self.vnetify = os.path.abspath(a.vnetify)
        self.cc = a.cc
        self.cflags = a.cflags.split()
        self.include = os.path.abspath(a.include)
        self.libvnet = os.path.abspath(a.libvnet)
        self.harness = os.path.join(os.path.dirname(__file__), "harness.c")
        self.opt = "-O1"
        self.entries = a.entries


def check_program(ctx, seed, work, source=None):
    """Returns (status, detail): status is ok, skip or fail.  With source,
    that program is checked instead of a new one from csmith."""
    d = os.path.join(work, "seed%d" % seed)
    os.makedirs(d, exist_ok=True)
    if source is not None:
        shutil.copy(source, os.path.join(d, "orig.c"))
    else:
        rc, out = sh(["csmith", "--seed", str(seed), "--max-funcs", "6",
                      "-o", "orig.c"], d)
        if rc != 0:
            return "skip", "csmith failed: " + out
    base = [ctx.cc, ctx.opt, "-w", "-I" + CSMITH_INC] + ctx.cflags
    rc, out = sh(base + ["orig.c", "-o", "orig"], d)
    if rc != 0:
        return "skip", "original does not build: " + out
    rc, want = sh(["./orig"], d, timeout=RUN_TIMEOUT)
    if rc is None or "checksum" not in want:
        return "skip", "original does not finish"
    src = open(os.path.join(d, "orig.c")).read()
    names = sorted(set(re.findall(r"\bg_[0-9]+\b", src)))
    if "__undefined" in src:
        names.append("__undefined")
    # csmith.h keeps the checksum in globals of its own: a copy of it in
    # the tree is virtualized too, or the second instance would go on
    # from the first one's checksum.
    shutil.copytree(CSMITH_INC, os.path.join(d, "csmith"),
                    dirs_exist_ok=True)
    names += ["crc32_context", "crc32_tab"]
    with open(os.path.join(d, "vars"), "w") as f:
        f.write("\n".join(names) + "\n")
    shutil.copy(os.path.join(d, "orig.c"), os.path.join(d, "p.c"))
    select = ["--vars-file", "vars"]
    if ctx.entries:
        write_entry_rules(d, src)
        select = ["--rules", "rules.yaml"]
    rc, out = sh([ctx.vnetify, "rewrite", "-i", "-q"] + select +
                 ["p.c", "--", "-Icsmith", "-w"], d)
    if rc not in (0, 1):
        return "fail", "vnetify exited %s:\n%s" % (rc, out)
    rc, rewrite2 = sh([ctx.vnetify, "rewrite", "-q"] + select +
                      ["p.c", "--", "-Icsmith", "-I" + ctx.include, "-w"], d)
    if rewrite2.strip():
        return "fail", "second run is not a no-op:\n" + rewrite2[:2000]
    # VIMAGE: the same checksum in two fresh instances.
    base_p = [ctx.cc, ctx.opt, "-w", "-Icsmith"] + ctx.cflags
    rc, out = sh(base_p + ["-DVIMAGE", "-Dmain=csmith_main",
                         "-I" + ctx.include, "-c", "p.c", "-o", "pv.o"], d)
    if rc != 0:
        return "fail", "VIMAGE build fails:\n" + out[:4000]
    harness = ["-DHARNESS_ENTRIES"] if ctx.entries else []
    rc, out = sh(base + ["-DVIMAGE", "-I" + ctx.include] + harness +
                 ["pv.o", ctx.harness, ctx.libvnet, "-lpthread", "-rdynamic",
                  "-o", "vimage"], d)
    if rc != 0:
        return "fail", "VIMAGE link fails:\n" + out[:4000]
    rc, got = sh(["./vimage"], d, timeout=4 * RUN_TIMEOUT)
    if rc != 0:
        return "fail", "VIMAGE run exits %s:\n%s" % (rc, got[-2000:])
    sums = re.findall(r"checksum = \S+", got)
    want_sum = re.findall(r"checksum = \S+", want)
    if len(sums) != 2 or sums[0] != want_sum[0] or sums[1] != want_sum[0]:
        return "fail", "checksums differ: original %s, vnets %s" % (
            want_sum, sums)
    if ctx.entries:
        # Without VIMAGE: the original's output.
        rc, out = sh(base_p + ["-I" + ctx.include, "p.c", "-o", "plain"], d)
        if rc != 0:
            return "fail", "p.c does not build without VIMAGE:\n" + out[:4000]
        rc, got = sh(["./plain"], d, timeout=RUN_TIMEOUT)
        if rc != 0 or got != want:
            return "fail", "without VIMAGE the output differs:\n" + got[-2000:]
        return "ok", "%d globals, %d entry points" % (
            len(names), out_entries(d))
    # Without VIMAGE: identical object code.
    # Sanitizers put line numbers into the code: compare without them.
    plain = [f for f in base if f not in ctx.cflags]
    plain_p = [f for f in base_p if f not in ctx.cflags]
    for name, cmd in (("orig", plain), ("p", plain_p + ["-I" + ctx.include])):
        rc, out = sh(cmd + ["-c", name + ".c", "-o", name + ".o"], d)
        if rc != 0:
            return "fail", "%s.c does not compile without VIMAGE:\n%s" % (
                name, out[:4000])
        rc, out = sh(["objcopy", "-O", "binary", "--only-section=.text",
                      name + ".o", name + ".text"], d)
        if rc != 0:
            return "fail", "objcopy: " + out
    if open(os.path.join(d, "orig.text"), "rb").read() != \
            open(os.path.join(d, "p.text"), "rb").read():
        return "fail", "non-VIMAGE .text differs from the original's"
    return "ok", "%d globals" % len(names)


def write_entry_rules(d, src):
    """Rules naming main and every function main calls as entry points
    with the context vnet_iter, which a header of the tree declares."""
    body = src[src.index("int main"):]
    defined = set()
    texts = [src] + [open(os.path.join(d, "csmith", h)).read()
                     for h in os.listdir(os.path.join(d, "csmith"))
                     if h.endswith(".h") and h != "csmith_minimal.h"]
    for t in texts:
        defined |= set(re.findall(
            r"^[A-Za-z_][\w \t*]*?\b([A-Za-z_]\w*)\s*\([^;{}]*\)\s*\{",
            t, re.M))
    # What main calls, and every func_N beside: all their returns are
    # exercised, and the vnet is set again, nested, at each level.
    called = sorted(((set(re.findall(r"\b([A-Za-z_]\w*)\s*\(", body)) |
                      set(n for n in defined if re.match(r"func_\d+$", n))) &
                     defined) - {"main", "if", "for", "while", "switch"})
    with open(os.path.join(d, "vnet_iter.h"), "w") as f:
        f.write("struct vnet;\nextern struct vnet *vnet_iter;\n")
    p = os.path.join(d, "p.c")
    text = open(p).read()
    with open(p, "w") as f:
        f.write('#include "vnet_iter.h"\n' + text)
    names = open(os.path.join(d, "vars")).read().split()
    with open(os.path.join(d, "rules.yaml"), "w") as f:
        f.write("version: 1\nvirtualize: [%s]\n" % ", ".join(names))
        f.write("entry-points:\n  - function: [%s]\n    vnet: vnet_iter\n"
                % ", ".join(["main"] + called))


def out_entries(d):
    """How many functions the rewrite gave CURVNET_SET."""
    return open(os.path.join(d, "p.c")).read().count("CURVNET_SET(vnet_iter)")


def reduce_case(ctx, seed, d):
    """Shrink a failing program with cvise while it keeps failing."""
    test = os.path.join(d, "interesting.sh")
    with open(test, "w") as f:
        f.write("#!/bin/sh\n"
                "exec %s %s %s --one-file orig.c\n" % (
                    sys.executable, os.path.abspath(__file__),
                    " ".join("--%s=%s" % kv for kv in (
                        ("vnetify", ctx.vnetify), ("cc", ctx.cc),
                        ("include", ctx.include),
                        ("cflags", " ".join(ctx.cflags)),
                        ("libvnet", ctx.libvnet))) +
                    (" --entries" if ctx.entries else "")))
    os.chmod(test, 0o755)
    sh(["cvise", "--timeout", "60", test, "orig.c"], d, timeout=3600)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vnetify", required=True)
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--cflags", default="",
                    help="extra compiler flags (sanitizers)")
    ap.add_argument("--include", required=True)
    ap.add_argument("--libvnet", required=True)
    ap.add_argument("--count", type=int, default=50)
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--keep", help="directory for failing cases")
    ap.add_argument("--reduce", action="store_true")
    ap.add_argument("--entries", action="store_true",
                    help="main and what it calls are entry points")
    ap.add_argument("--one-file",
                    help="(for cvise) exit 0 if this file still fails")
    a = ap.parse_args()
    ctx = Ctx(a)
    work = tempfile.mkdtemp(prefix="vnetify-csmith-")
    if a.one_file:
        # cvise's question: does this (smaller) program still fail?
        status, detail = check_program(ctx, 0, work,
                                       os.path.abspath(a.one_file))
        shutil.rmtree(work, ignore_errors=True)
        return 0 if status == "fail" else 1
    seeds, results = a.first_seed, {}
    want = a.count
    print("1..%d" % want, flush=True)
    n = 0
    with ThreadPoolExecutor(max_workers=a.jobs) as pool:
        pending = {}
        while n < want:
            while len(pending) < a.jobs * 2:
                pending[seeds] = pool.submit(check_program, ctx, seeds, work)
                seeds += 1
            seed = min(pending)
            status, detail = pending.pop(seed).result()
            if status == "skip":
                continue
            n += 1
            if status == "ok":
                print("ok %d - csmith seed %d (%s)" % (n, seed, detail),
                      flush=True)
                shutil.rmtree(os.path.join(work, "seed%d" % seed),
                              ignore_errors=True)
            else:
                print("not ok %d - csmith seed %d" % (n, seed), flush=True)
                for line in detail.splitlines():
                    print("# " + line)
                if a.keep:
                    dst = os.path.join(a.keep, "seed%d" % seed)
                    shutil.rmtree(dst, ignore_errors=True)
                    shutil.copytree(os.path.join(work, "seed%d" % seed), dst)
                    print("# kept in " + dst)
                    if a.reduce:
                        reduce_case(ctx, seed, dst)
        for f in pending.values():
            f.cancel()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
