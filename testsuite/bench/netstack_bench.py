#!/usr/bin/env python3
"""Packets per second through the converted sample stack, VIMAGE against
the plain build, and what one network stack costs.

    netstack_bench.py PPS_PLAIN PPS_VIMAGE [--rounds N] [--packets N]

Both programs (samples/freebsd-net/bench/pps.c) do the same work through
the same code in one stack: UDP datagrams to 127.0.0.1 and back, then
pings.  They run alternately, so that the machine's drift falls on both,
and the median of the rounds is compared.  The goal: VIMAGE at 0.95 of
the plain build or better.  Wall time on a shared machine wanders by
tens of percent from run to run, so the instructions a packet costs are
counted too (callgrind): the same on every run.
"""
import argparse
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402


def run(prog, packets, vnets):
    out = subprocess.run([prog, "-n", str(packets), "-v", str(vnets)],
                         check=True, capture_output=True, text=True).stdout
    return {k: float(v) for k, v in (l.split() for l in out.splitlines())}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("plain")
    ap.add_argument("vimage")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--packets", type=int, default=1000000)
    ap.add_argument("--vnets", type=int, default=1000)
    a = ap.parse_args()
    plain, vimage = [], []
    for _ in range(a.rounds):
        plain.append(run(a.plain, a.packets, a.vnets))
        vimage.append(run(a.vimage, a.packets, a.vnets))

    def med(rs, k):
        return statistics.median(r[k] for r in rs)

    print("packets per second through samples/freebsd-net, median of %d "
          "rounds of %d" % (a.rounds, a.packets))
    print("%-22s %12s %12s %8s  %s" % ("", "plain", "VIMAGE", "ratio",
                                       "goal"))
    for k, what in (("udp_pps", "UDP to 127.0.0.1"),
                    ("ping_pps", "ping 127.0.0.1")):
        p, v = med(plain, k), med(vimage, k)
        print("%-22s %12.0f %12.0f %8.3f  >= 0.95 %s" %
              (what, p, v, v / p, "met" if v / p >= 0.95 else "NOT met"))
    # Instructions per packet: two lengths of run, so that start-up and
    # the vnets made at the end cancel out.
    short, long_ = 10000, 30000
    per = {}
    for name, prog in (("plain", a.plain), ("VIMAGE", a.vimage)):
        counts = [harness.instructions([prog, "-n", str(n), "-v", "1"])
                  for n in (short, long_)]
        if None not in counts:
            # Each n sends n datagrams and n pings.
            per[name] = (counts[1] - counts[0]) / (2.0 * (long_ - short))
    if len(per) == 2:
        print("%-22s %12.0f %12.0f %8.3f  (instructions a packet, "
              "callgrind; ratio plain/VIMAGE)" % (
                  "instructions", per["plain"], per["VIMAGE"],
                  per["plain"] / per["VIMAGE"]))
    print()
    print("one network stack (VIMAGE, median over %d made at once):" %
          a.vnets)
    print("  %.1f us to create (every VNET_SYSINIT: lo0, locks, tables), "
          "%.1f us to destroy" % (med(vimage, "vnet_create_us"),
                                  med(vimage, "vnet_destroy_us")))
    print("  %d bytes of heap each" % med(vimage, "vnet_bytes"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
