#!/usr/bin/env python3
"""alt_instances.py: the converted sample stack as N vnets, against the
ways a user of the legacy stack gets N stacks today.

    alt_instances.py BUILD_DIR OUT_DIR

make bench calls run() (alternatives.py); as a script it writes the one
section to OUT_DIR.  For every approach and N it runs
testsuite/bench/vnet_bench_instances (bench_instances.c), which makes
the N instances, proves each works and is its own, and prints the mean
time to make one and the memory each costs.  An approach stops at the
first N it cannot make, or cannot make in SECONDS; why goes under the
table.  glibc's own limits come first with its defaults, then again with
the tunables that push them back, since a user would reach for those.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402

COUNTS = (1, 10, 100, 1000, 10000)
# The longest an approach may take to make its N instances.
SECONDS = 60
# Runs per point, the fastest kept: noise only adds time.  A run longer
# than LONG is not repeated.
REPS = 5
LONG = 5.0

# Each copy's static TLS is the runtime's, 56 bytes: 1 MiB holds 18,000.
STATIC_TLS = 1 << 20

# label, program mode, GLIBC_TUNABLES (None: glibc's defaults).
APPROACHES = (
    ("vnet", "vnet", None),
    ("dlmopen", "dlmopen", None),
    ("dlmopen nns=16", "dlmopen", "glibc.rtld.nns=16"),
    ("dlopen", "dlopen", None),
    ("dlopen static TLS 1 MiB", "dlopen",
     "glibc.rtld.optional_static_tls=%d" % STATIC_TLS),
    ("process", "process", None),
)

WHAT = {
    "vnet": "vnet_alloc() of the converted stack (VIMAGE), N in one "
            "process.",
    "dlmopen": "The legacy stack as a shared object, dlmopen(LM_ID_NEWLM) "
               "N times: a link-map namespace, and a libc, per copy.",
    "dlopen": "The shared object copied to N files, each dlopen()ed "
              "RTLD_LOCAL; making the copy's file is part of making the "
              "instance.  Linked -Bsymbolic with a runtime of its own, "
              "each copy binds to its own globals whatever else the "
              "process defines.",
    "process": "N processes running the legacy stack, each spawned "
               "(posix_spawn) and ready before the next; their time "
               "includes exec, start-up and the check.",
}

# "dlopen 100 error: 30 of 100 made, then dlopen: ..."
ERROR_LINE = re.compile(r"^\S+ \d+ error: (.*)$", re.M)

# What stopped an approach, by what glibc or the program said.
CAUSES = (
    ("static TLS",
     "glibc ran out of static TLS: an object with initial-exec TLS (each "
     "copy's runtime, and with dlmopen each namespace's libc) must fit in "
     "the surplus reserved at start-up, sized by the tunables "
     "glibc.rtld.nns and glibc.rtld.optional_static_tls"),
    ("no more namespaces",
     "glibc has 16 link-map namespaces (DL_NNS, fixed when glibc is "
     "built), the program's own among them: 15 dlmopen() copies at most, "
     "whatever the tunables"),
    ("made in more than",
     "too slow to go on: making the instances took longer than the "
     "%d s allowed" % SECONDS),
)


def measure_point(prog, mode, n, tunables):
    """Up to REPS runs of one approach at one N: a dict of the fastest
    time and the median memory, or one with "error" saying why it could
    not.  A run that fails after one that worked (only time can do that)
    leaves the ones that worked."""
    env = dict(os.environ)
    if tunables:
        env["GLIBC_TUNABLES"] = tunables
    runs = []
    for _ in range(REPS):
        try:
            run = harness.measure([prog, mode, str(n), str(SECONDS)],
                                  env=env, ok=(0, 1))
        except harness.Failed as e:
            error = str(e)
            break
        m = ERROR_LINE.match(run.stdout)
        if m:
            error = m.group(1)
            break
        runs.append([float(x) for x in run.stdout.split()[2:5]])
        if run.seconds > LONG:
            break
    if not runs:
        return {"error": error}
    return {"create_us": min(r[0] for r in runs),
            "rss_kib": harness.median([r[1] for r in runs]),
            "pss_kib": harness.median([r[2] for r in runs])}


def cause(error):
    for key, text in CAUSES:
        if key in error:
            return text
    return "the run failed"


def ratio(x, base):
    return x / base if base else "-"


def run(results, build_dir):
    """Measures every approach at every N it reaches; the section
    "instances" and its two plots."""
    prog = os.path.join(build_dir, "testsuite", "bench",
                        "vnet_bench_instances")
    points = {}  # label: {n: figures}
    stops = []
    for label, mode, tunables in APPROACHES:
        points[label] = {}
        stop = None
        for n in COUNTS:
            p = measure_point(prog, mode, n, tunables)
            if "error" in p:
                stop = (n, p["error"])
                break
            points[label][n] = p
        stops.append((label, mode, tunables, stop))

    vnet = points["vnet"]
    rows = []
    for label, _, _ in APPROACHES:
        for n, p in sorted(points[label].items()):
            base = vnet.get(n)
            rows.append([label, n, p["create_us"], p["rss_kib"],
                         p["pss_kib"],
                         ratio(p["create_us"], base and base["create_us"]),
                         ratio(p["rss_kib"], base and base["rss_kib"]),
                         ratio(p["pss_kib"], base and base["pss_kib"])])
    text = harness.table(
        ["approach", "N", "create µs", "RSS KiB", "PSS KiB", "create ×vnet",
         "RSS ×vnet", "PSS ×vnet"], rows)
    text += (
        "\nPer instance: the mean time to make one of N, the fastest of "
        "up to %d runs; the resident and proportional memory each adds, "
        "their median (smaps_rollup Rss and Pss: the process's growth "
        "over N, or for processes the children's sums over N).  Every "
        "instance, once all N existed, answered a ping to 127.0.0.1 and "
        "listed only its own lo0.  The ratios are to vnet at the same "
        "N.\n\n" % REPS)
    for label, mode, tunables, stop in stops:
        text += "- **%s**: %s" % (label, WHAT[mode])
        if tunables:
            text += "  With GLIBC_TUNABLES=%s." % tunables
        if stop is None:
            text += "  Made all %s asked.\n" % "{:,}".format(COUNTS[-1])
        else:
            n, error = stop
            text += "  Stopped at N = %s: %s.  It said: `%s`.\n" % (
                "{:,}".format(n), cause(error), error)
    results.section("instances", "Instances: N network stacks, as vnets "
                    "and as users make them today", text)

    def series(key):
        return {label: [(n, p[key]) for n, p in sorted(pts.items())]
                for label, pts in points.items() if pts}
    results.plot("instances-create", "Time to create one instance",
                 "instances (N)", "microseconds per instance",
                 series("create_us"), logx=True, logy=True)
    results.plot("instances-pss", "Proportional memory per instance",
                 "instances (N)", "PSS KiB per instance", series("pss_kib"),
                 logx=True)


def main():
    if len(sys.argv) != 3:
        print("usage: alt_instances.py BUILD_DIR OUT_DIR", file=sys.stderr)
        return 2
    results = harness.Results(os.path.abspath(sys.argv[2]),
                              " ".join(["alt_instances.py"] + sys.argv[1:]))
    run(results, os.path.abspath(sys.argv[1]))
    results.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
