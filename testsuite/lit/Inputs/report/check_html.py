#!/usr/bin/env python3
"""Checks an HTML report against the JSON and Markdown reports of the same
run: the same review items (place and kind), the same counts, a page for
every file an item or an edit is in, with the anchor each link points at,
and nothing fetched from anywhere.  Usage: check_html.py DIR R.json R.md"""
import html.parser
import json
import os
import re
import sys
import urllib.parse


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.ids, self.links, self.external = [], set(), [], []
        self.in_items = self.in_vars = False
        self.vars = 0
        self.table = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "table":
            self.table = a.get("id")
        if tag == "tr" and self.table == "items" and "data-kind" in a:
            self.rows.append(a)
        if tag == "tr" and self.table == "vars" and "data-kind" not in a:
            self.vars += 1
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        for k in ("src", "href"):
            v = a.get(k, "")
            if re.match(r"[a-z]+:", v):
                self.external.append(v)
        if tag in ("link", "img", "iframe") or (tag == "script" and "src" in a):
            self.external.append(tag)


def parse(path):
    p = Page()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return p


def main():
    d, rj, rm = sys.argv[1:4]
    rep = json.load(open(rj))
    md = open(rm).read()
    idx = parse(os.path.join(d, "index.html"))
    bad = []
    if idx.external:
        bad.append("fetches from outside: %s" % idx.external)
    want = sorted((r["kind"], r["level"], r["place"]["file"],
                   r["place"]["line"]) for r in rep["reviews"])
    got = []
    for r in idx.rows:
        got.append((r["data-kind"], r["data-level"], r["data-file"]))
    if sorted(g for g in got) != sorted(w[:3] for w in want):
        bad.append("items differ:\nhtml %s\njson %s" % (sorted(got), want))
    nrev = sum(1 for r in rep["reviews"] if r["level"] == "review")
    m = re.search(r"^- review items: (\d+)$", md, re.M)
    if not m or int(m.group(1)) != nrev:
        bad.append("Markdown says %s review items, JSON %d" %
                   (m.group(1) if m else "nothing", nrev))
    if "n-reviews" not in idx.ids:
        bad.append("no review total in the index")
    # The variables table has a header row too.
    if idx.vars - 1 != len(rep["variables"]):
        bad.append("index lists %d variables, JSON %d" %
                   (idx.vars - 1, len(rep["variables"])))
    for link in idx.links:
        if not link.startswith("files/"):
            continue
        page, _, anchor = link.partition("#")
        path = os.path.join(d, urllib.parse.unquote(page))
        if not os.path.exists(path):
            bad.append("no page %s" % page)
            continue
        if anchor and anchor not in parse(path).ids:
            bad.append("%s has no anchor %s" % (page, anchor))
    for b in bad:
        print(b)
    print("%d items, %d variables, %d links checked" %
          (len(idx.rows), idx.vars - 1, len(idx.links)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
