#!/usr/bin/env python3
"""make bench: vnetify and libvnet against what users do today, measured
in one run on this machine, written to one results folder.

    alternatives.py --build BUILD [--corpus DIR] [--out DIR] [--reps N]
                    [--quick]

Sections, each a Markdown file (and plots) under --out, default
BUILD/bench-results, made afresh every run and never committed:

  instances   the converted sample stack as N vnets, against dlmopen()
              copies, renamed dlopen() copies and a process per instance
              (alt_instances.py)
  access      V_x against a plain global, CURVNET_SET/RESTORE against a
              call, in instructions and ns (vnet_bench)
  runtime     the rest of vnet_bench: allocation, memory per instance
  rewrite-*   vnetify on FreeBSD's code and on a generated corpus of
              growing size, against a bare libclang parse and Coccinelle,
              with each tool's score against FreeBSD's own conversion
              (alt_rewrite.py); lint against one parse
  rewrite-goals, report, netstack
              the goals the rewrite, the HTML report and the sample stack
              are held to (rewrite_bench.py, report_bench.py,
              netstack_bench.py), as they print them
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import alt_instances  # noqa: E402
import alt_rewrite  # noqa: E402
import harness  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

# "  V_x       3.00 insns   0.277 ns   1.01x plain global"
ACCESS_LINE = re.compile(r"^\s{2}(\S.*?)\s{2,}([\d.]+) insns\s+([\d.]+) ns"
                         r"(?:\s+([\d.]+)x (.*))?$")


def access(results, build):
    """vnet_bench's access figures as a table; the rest of its report as
    it prints it."""
    run = harness.measure([os.path.join(build, "testsuite", "bench",
                                        "vnet_bench")])
    rows = []
    for line in run.stdout.splitlines():
        m = ACCESS_LINE.match(line)
        if m:
            rows.append([m.group(1), float(m.group(2)), float(m.group(3)),
                         float(m.group(4)) if m.group(4) else 1.0,
                         m.group(5) or "(the baseline)"])
    results.section(
        "access", "Access: V_x and CURVNET_SET against plain code",
        harness.table(["operation", "instructions", "ns", "ratio", "to"],
                      rows) +
        "\nInstructions by callgrind, time the best of several loops, "
        "loop overhead taken out (testsuite/bench/vnet_bench).\n")
    results.section("runtime", "The runtime's own benchmark (vnet_bench)",
                    "```\n" + run.stdout + "```\n")


def printed(results, name, title, argv):
    """A benchmark that prints its own report: the report, as a section."""
    run = harness.measure(argv)
    results.section(name, title, "```\n" + run.stdout + "```\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--corpus",
                    default=os.path.join(HERE, "..", "..", "..", "shared",
                                         "corpus", "freebsd-net6"))
    ap.add_argument("--out")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--quick", action="store_true",
                    help="one round, the two smallest generated corpora: "
                    "to try the harness, not for figures")
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    vnetify = os.path.join(build, "vnetify", "vnetify")
    out = os.path.abspath(a.out or os.path.join(build, "bench-results"))
    results = harness.Results(out, " ".join(["make bench"] + sys.argv[1:]))
    alt_instances.run(results, build)
    access(results, build)
    if a.quick:
        alt_rewrite.run(results, vnetify, os.path.abspath(a.corpus), 1,
                        sizes=alt_rewrite.SIZES[:2])
    else:
        alt_rewrite.run(results, vnetify, os.path.abspath(a.corpus), a.reps)
    printed(results, "rewrite-goals",
            "The rewrite's goals against a bare parse (rewrite_bench.py)",
            [sys.executable, os.path.join(HERE, "rewrite_bench.py"),
             "--vnetify=" + vnetify])
    printed(results, "report", "The HTML report in a browser "
            "(report_bench.py)",
            [sys.executable, os.path.join(HERE, "report_bench.py"), vnetify])
    sample = os.path.join(build, "samples", "freebsd-net")
    printed(results, "netstack", "Packets through the sample stack "
            "(netstack_bench.py)",
            [sys.executable, os.path.join(HERE, "netstack_bench.py"),
             os.path.join(sample, "netstack_pps_plain"),
             os.path.join(sample, "netstack_pps_vimage")])
    results.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
