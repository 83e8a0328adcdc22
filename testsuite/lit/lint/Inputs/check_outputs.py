#!/usr/bin/env python3
"""Reads lint's JSON or SARIF output and prints the facts a test checks,
one line each, so that FileCheck sees the structure, not the layout."""
import json
import sys


def main():
    mode = sys.argv[1]
    if mode == "json":
        d = json.load(open(sys.argv[2]))
        for f in d:
            r = f["region"]
            print(len(d), f["rule"], f["level"], f["file"], r["startLine"],
                  r["startColumn"], r["endLine"], r["endColumn"],
                  f["fixes"][0]["text"])
    elif mode == "sarif":
        d = json.load(open(sys.argv[2]))
        run = d["runs"][0]
        rules = run["tool"]["driver"]["rules"]
        print(d["version"], run["tool"]["driver"]["name"], len(rules),
              "rules", ",".join(r["id"] for r in rules))
        for r in rules:
            assert r["shortDescription"]["text"] and \
                r["fullDescription"]["text"]
        print("help", rules[0]["helpUri"])
        assert run["originalUriBaseIds"]["SRCROOT"]["uri"].startswith(
            "file:///")
        for res in run["results"]:
            loc = res["locations"][0]["physicalLocation"]
            assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
            assert res["partialFingerprints"]
            fix = res["fixes"][0]["artifactChanges"][0]["replacements"][0]
            print("result", res["ruleId"],
                  loc["artifactLocation"]["uri"],
                  loc["artifactLocation"]["uriBaseId"],
                  "%d:%d" % (loc["region"]["startLine"],
                             loc["region"]["startColumn"]),
                  "fix", fix["insertedContent"]["text"])
    elif mode == "same-fingerprints":
        a, b = (json.load(open(p))["runs"][0]["results"]
                for p in sys.argv[2:4])
        fa = [r["partialFingerprints"] for r in a]
        fb = [r["partialFingerprints"] for r in b]
        la = [r["locations"][0]["physicalLocation"]["region"]["startLine"]
              for r in a]
        lb = [r["locations"][0]["physicalLocation"]["region"]["startLine"]
              for r in b]
        if fa != fb or [x + 1 for x in la] != lb:
            sys.exit("fingerprints %s vs %s, lines %s vs %s" % (fa, fb, la,
                                                               lb))
    return 0


if __name__ == "__main__":
    sys.exit(main())
