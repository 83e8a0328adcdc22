#!/usr/bin/env python3
"""Run every test suite a build registered and print one total.

CMake writes <build>/testsuite/suites.tsv: one suite per line,
"kind<TAB>name<TAB>argv..." where kind is
  tap  a program that prints TAP (Criterion binaries run with --tap=-),
  lit  a lit test directory (argv[0] is lit.py, then the directory),
  cmd  a program whose exit status is one test's verdict.
Each test counts once; the last line is "N passed, M failed".
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET

TIMEOUT = 1800


# On a terminal, the suite being run and its count of results so far,
# so that two minutes of csmith are not two minutes of silence.
PROGRESS = sys.stderr.isatty()
current = ""


def progress(text):
    if PROGRESS:
        sys.stderr.write("\r\033[K" + text)
        sys.stderr.flush()


def run(argv, env=None):
    try:
        p = subprocess.Popen(argv, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, env=env)
    except OSError as e:
        return -1, "cannot run %s: %s\n" % (argv[0], e)
    # Reading blocks, so the time limit is a timer that kills the child.
    expired = threading.Event()

    def expire():
        expired.set()
        p.kill()

    timer = threading.Timer(TIMEOUT, expire)
    timer.start()
    lines, n = [], 0
    try:
        for raw in p.stdout:
            line = raw.decode(errors="replace")
            lines.append(line)
            if re.match(r"^(not ok|ok)\b", line):
                n += 1
                progress("%s %d results so far" % (current, n))
        rc = p.wait()
    finally:
        timer.cancel()
    if expired.is_set():
        return -1, "".join(lines) + "\n(timed out after %ds)\n" % TIMEOUT
    return rc, "".join(lines)


def suite_tap(name, argv):
    rc, out = run(argv)
    passed = failed = 0
    failures = []
    for line in out.splitlines():
        m = re.match(r"^(not ok|ok)\s+\d*\s*-?\s*(.*)", line)
        if not m:
            continue
        if m.group(1) == "ok":
            passed += 1
        else:
            failed += 1
            failures.append(m.group(2))
    if rc != 0 and failed == 0:
        # A crash before the summary: count the suite itself as failed.
        failed += 1
        failures.append("%s exited with status %d" % (name, rc))
    return passed, failed, failures, out


def suite_lit(name, argv):
    with tempfile.NamedTemporaryFile(suffix=".xml") as x:
        rc, out = run([sys.executable] + argv +
                      ["-q", "--xunit-xml-output", x.name])
        passed = failed = 0
        failures = []
        try:
            root = ET.parse(x.name).getroot()
        except ET.ParseError:
            return 0, 1, ["%s: lit produced no results" % name], out
        for case in root.iter("testcase"):
            if case.find("skipped") is not None:
                continue
            if case.find("failure") is not None or \
                    case.find("error") is not None:
                failed += 1
                failures.append(case.get("name"))
            else:
                passed += 1
    if rc != 0 and failed == 0:
        failed += 1
        failures.append("lit exited with status %d" % rc)
    return passed, failed, failures, out


def suite_cmd(name, argv):
    rc, out = run(argv)
    return (1, 0, [], out) if rc == 0 else (0, 1, [name], out)


KINDS = {"tap": suite_tap, "lit": suite_lit, "cmd": suite_cmd}


def run_build(build, label, verbose):
    manifest = os.path.join(build, "testsuite", "suites.tsv")
    if not os.path.exists(manifest):
        print("%s: no %s; was the build configured?" % (label, manifest))
        return 0, 1
    total_p = total_f = 0
    with open(manifest) as f:
        suites = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    global current
    for kind, name, *argv in suites:
        current = "%s %s:" % (label, name)
        progress(current + " running")
        p, fl, failures, out = KINDS[kind](name, argv)
        progress("")
        total_p += p
        total_f += fl
        status = "ok" if fl == 0 else "FAILED"
        print("%-8s %-44s %4d passed, %d failed  %s" %
              (label, name, p, fl, status), flush=True)
        if fl or verbose:
            for line in out.rstrip().splitlines()[-60:]:
                print("    | " + line)
            for x in failures:
                print("    failed: " + x)
    return total_p, total_f


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--tsan")
    ap.add_argument("--asan")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    total_p = total_f = 0
    for build, label in ((a.build, "[main]"), (a.tsan, "[tsan]"),
                         (a.asan, "[asan]")):
        if build:
            p, f = run_build(build, label, a.verbose)
            total_p += p
            total_f += f
    print("%d passed, %d failed" % (total_p, total_f))
    return 0 if total_f == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
