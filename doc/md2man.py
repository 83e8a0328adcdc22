#!/usr/bin/env python3
"""Man pages from the Markdown the project writes anyway, so that nothing
is written twice: vnetify(1) from the README's sections on the tool and
each command's own --help, vnet(3) from the README's runtime section,
vnetify-rules(5) from rules/REFERENCE.md.

Only the Markdown the project uses is understood: headings, paragraphs,
lists, fenced and indented code, tables, inline code, bold and links.

    md2man.py --page vnetify.1 --vnetify BIN --readme README.md -o vnetify.1
"""
import argparse
import datetime
import os
import re
import subprocess
import sys


def esc(text):
    """Text for a roff line: backslashes doubled, a leading dot or quote
    protected, dashes kept as dashes."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def inline(text):
    """Inline Markdown to roff fonts."""
    out = []
    pos = 0
    for m in re.finditer(r"(`+)(.+?)\1|\*\*(.+?)\*\*|\[([^\]]+)\]\(([^)]+)\)",
                         text):
        out.append(esc(text[pos:m.start()]))
        if m.group(2) is not None:
            out.append("\\fB" + esc(m.group(2).strip()) + "\\fR")
        elif m.group(3) is not None:
            out.append("\\fB" + esc(m.group(3)) + "\\fR")
        else:
            out.append(inline(m.group(4)))
        pos = m.end()
    out.append(esc(text[pos:]))
    line = "".join(out)
    return "\\&" + line if line.startswith((".", "'")) else line


def preformatted(lines):
    out = [".PP", ".RS 4", ".nf"]
    for l in lines:
        out.append(esc(l) if l.strip() else "")
    out += [".fi", ".RE"]
    return out


def table(rows):
    """A table as one indented paragraph per row: first cell, then the
    others after a dash."""
    cells = [[c.strip() for c in r.strip().strip("|").split("|")]
             for r in rows]
    out = []
    body = [c for c in cells[1:] if not all(re.match(r"^:?-+:?$", x)
                                            for x in c)]
    head = cells[0]
    for c in body:
        out.append(".TP")
        out.append(inline(c[0]))
        rest = ["%s: %s" % (head[k], c[k]) if len(head) > 2 else c[k]
                for k in range(1, len(c)) if c[k]]
        out.append(inline("; ".join(rest)))
    return out


def convert(md, top):
    """Markdown lines to roff; '#' headings become .SH from level top."""
    out = []
    lines = md.splitlines()
    i = 0
    para = []

    def flush():
        if para:
            out.append(".PP")
            out.append(inline(" ".join(p.strip() for p in para)))
            para.clear()

    while i < len(lines):
        l = lines[i]
        if l.startswith("```"):
            flush()
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            out += preformatted(lines[i + 1:j])
            i = j + 1
            continue
        m = re.match(r"^(#+)\s+(.*)$", l)
        if m:
            flush()
            level = len(m.group(1))
            title = re.sub(r"`", "", m.group(2))
            if level <= top:
                out.append('.SH "%s"' % esc(title.upper()))
            else:
                out.append('.SS "%s"' % esc(title))
            i += 1
            continue
        if l.startswith("|"):
            flush()
            j = i
            while j < len(lines) and lines[j].startswith("|"):
                j += 1
            out += table(lines[i:j])
            i = j
            continue
        if l.startswith("    ") and not para:
            j = i
            while j < len(lines) and (lines[j].startswith("    ") or
                                      not lines[j].strip()):
                j += 1
            while j > i and not lines[j - 1].strip():
                j -= 1
            out += preformatted([x[4:] for x in lines[i:j]])
            i = j
            continue
        m = re.match(r"^(\s*)[-*]\s+(.*)$", l)
        if m:
            flush()
            item = [m.group(2)]
            i += 1
            while i < len(lines) and lines[i].startswith("  ") and \
                    not re.match(r"^\s*[-*]\s+", lines[i]):
                item.append(lines[i].strip())
                i += 1
            out.append(".IP \\(bu 2")
            out.append(inline(" ".join(item)))
            continue
        if re.match(r"^\d+\.\s+", l):
            flush()
            item = [re.sub(r"^\d+\.\s+", "", l)]
            i += 1
            while i < len(lines) and lines[i].startswith("   "):
                item.append(lines[i].strip())
                i += 1
            out.append(".IP \\(bu 2")
            out.append(inline(" ".join(item)))
            continue
        if not l.strip():
            flush()
        elif l.startswith(">"):
            para.append(l.lstrip("> "))
        else:
            para.append(l)
        i += 1
    flush()
    return out


def section(md, heading):
    """The text under a heading, to the next heading of its level."""
    lines = md.splitlines()
    for i, l in enumerate(lines):
        m = re.match(r"^(#+)\s+(.*)$", l)
        if m and m.group(2).strip() == heading:
            level = len(m.group(1))
            j = i + 1
            while j < len(lines):
                n = re.match(r"^(#+)\s", lines[j])
                if n and len(n.group(1)) <= level:
                    break
                j += 1
            return "\n".join(lines[i:j]), level
    sys.exit("md2man: no section '%s'" % heading)


def shift(md, level, to):
    """Headings of a section moved so that its own is at level to."""
    return re.sub(r"^(#+)", lambda m: "#" * max(1, len(m.group(1)) -
                                                level + to), md, flags=re.M)


def header(name, sec, title, version):
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    date = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
            .date() if epoch else datetime.date.today())
    return ['.TH "%s" "%s" "%s" "vnetify %s" "%s"' % (
        name.upper(), sec, date.isoformat(), version, title)]


def page_vnetify(a):
    readme = open(a.readme).read()
    out = header("vnetify", "1", "vnetify", a.version)
    out += [".SH NAME", "vnetify \\- virtualize the global state of a C "
            "code base, FreeBSD VIMAGE style"]
    out += [".SH SYNOPSIS", ".B vnetify",
            "\\fIcommand\\fR [\\fIoptions\\fR] [\\fIfiles\\fR...] "
            "[\\fB\\-\\-\\fR \\fIcompiler flags\\fR]"]
    intro, _ = section(readme, "vnetify")
    intro = intro.split("\n## ")[0]
    out += convert(shift(intro, 1, 1).replace("# vnetify", "# Description",
                                               1), 1)
    for cmd in ("scan", "rewrite", "lint", "apply-fixes"):
        text = subprocess.run([a.vnetify, "help", cmd], check=True,
                              stdout=subprocess.PIPE,
                              universal_newlines=True).stdout
        out.append('.SH "VNETIFY %s"' % cmd.upper())
        out += preformatted(text.rstrip("\n").splitlines())
    for h in ("Using vnetify", "Converting a FreeBSD-style tree",
              "vnetify lint"):
        md, level = section(readme, h)
        out += convert(shift(md, level, 1), 1)
    out += [".SH \"SEE ALSO\"", ".BR vnet (3),", ".BR vnetify-rules (5)"]
    return out


def page_vnet(a):
    readme = open(a.readme).read()
    out = header("vnet", "3", "libvnet", a.version)
    out += [".SH NAME", "vnet \\- per-instance global state in one address "
            "space, with FreeBSD's VNET(9) names"]
    out += [".SH SYNOPSIS", ".nf", ".B #include <vnet/vnet.h>",
            ".B #include <vnet/sysinit.h>", ".B #include <vnet/sysctl.h>",
            ".fi", ".PP", "Link with \\fB\\-lvnet\\fR (pkg-config: "
            "\\fBvnet\\fR).  Compile clients with \\fB\\-DVIMAGE\\fR."]
    md, level = section(readme, "Using the runtime")
    out += convert(shift(md, level, 1).replace("# Using the runtime",
                                               "# Description", 1), 1)
    out += [".SH \"SEE ALSO\"", ".BR vnetify (1)"]
    return out


def page_rules(a):
    ref = open(a.reference).read()
    out = header("vnetify-rules", "5", "vnetify rules", a.version)
    out += [".SH NAME", "vnetify-rules \\- what vnetify virtualizes, and "
            "where the paths into the code find their vnet"]
    body = ref.split("\n", 1)[1] if ref.startswith("# ") else ref
    out += convert("## Description\n" + body, 2)
    out += [".SH \"SEE ALSO\"", ".BR vnetify (1)"]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--page", required=True,
                    choices=["vnetify.1", "vnet.3", "vnetify-rules.5"])
    ap.add_argument("--vnetify")
    ap.add_argument("--readme")
    ap.add_argument("--reference")
    ap.add_argument("--version", default="")
    ap.add_argument("-o", required=True)
    a = ap.parse_args()
    make = {"vnetify.1": page_vnetify, "vnet.3": page_vnet,
            "vnetify-rules.5": page_rules}[a.page]
    text = "\n".join(make(a)) + "\n"
    with open(a.o, "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
