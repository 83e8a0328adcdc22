#!/bin/sh
# make demo: vnetify converts the legacy network stack, and the converted
# stack runs three isolated network stacks in one process.
# Usage: demo.sh BUILD_DIR (DEMO_WORK names the work folder).
set -eu
build=$(cd "${1:-build}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
vnetify="$build/vnetify/vnetify"
bin="$build/samples/freebsd-net"
rules="$top/rules/freebsd-net.yaml"
work="${DEMO_WORK:-$build/demo}"

rm -rf "$work"
mkdir -p "$work"
cp -R "$here/src" "$work/src"
cd "$work"
units=$(find src -name '*.c' | LC_ALL=C sort)
flags="-std=gnu11 -Isrc -I$top/runtime/include"

# Headings and the patch in colour on a terminal, unless NO_COLOR is set.
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
	bold=$(printf '\033[1m') red=$(printf '\033[31m')
	green=$(printf '\033[32m') cyan=$(printf '\033[36m')
	plain=$(printf '\033[m')
else
	bold='' red='' green='' cyan='' plain=''
fi
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
show_patch() {
	awk -v r="$red" -v g="$green" -v c="$cyan" -v b="$bold" -v p="$plain" '
	    /^(---|\+\+\+) / { print b $0 p; next }
	    /^@@/ { print c $0 p; next }
	    /^-/ { print r $0 p; next }
	    /^\+/ { print g $0 p; next }
	    { print }'
}

step "the legacy stack: plain globals, one network stack per process"
printf '%s files, %s lines of C in samples/freebsd-net/src\n' \
    "$(find src -name '*.[ch]' | wc -l | tr -d ' ')" \
    "$(cat $(find src -name '*.[ch]') | wc -l | tr -d ' ')"
cat > legacy.vsh <<'VSH'
ifconfig lo0
ping 127.0.0.1
jail -c name=left vnet
VSH
"$bin/vnetsh_legacy" legacy.vsh 2>&1 || true

step "vnetify scan: the global state it has"
"$vnetify" scan $units -- $flags > scan.tsv
cut -f1-3,5 scan.tsv | head -16 | column -t -s "$(printf '\t')"
echo "... $(($(wc -l < scan.tsv) - 1)) in all (scan.tsv)"

step "vnetify rewrite (rules/freebsd-net.yaml): the patch of ip_input.c"
set +e
"$vnetify" rewrite --rules "$rules" --report report.json $units \
    -- $flags > vnet.patch 2> review.txt
rc=$?
set -e
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
	cat review.txt >&2
	echo "vnetify rewrite failed ($rc)" >&2
	exit 1
fi
awk '/^--- a\/src\/netinet\/ip_input\.c/ { on = 1 }
    on && /^--- / && !/ip_input\.c/ { on = 0 }
    on' vnet.patch | show_patch
echo "... the whole patch: $work/vnet.patch ($(wc -l < vnet.patch) lines)"

step "the vnetify run, on one screen"
python3 - report.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
vs = r["variables"]
uses = sum(sum(n for k, n in v["uses"].items() if k != "macro_body")
           for v in vs)
bodies = sum(v["uses"]["macro_body"] for v in vs)
rows = [
    ("variables virtualized", len(vs)),
    ("  of them function-local statics moved out",
     sum(1 for v in vs if v["hoisted"])),
    ("  with per-instance initialisers", sum(1 for v in vs if v["initialiser"])),
    ("uses rewritten", uses),
    ("  in sysctl declarations (&VNET_NAME)",
     sum(v["uses"]["sysctl"] for v in vs)),
    ("macro bodies edited", bodies),
    ("entry points given CURVNET_SET", r["entry_points"]),
    ("timers run in every vnet", r["timers"]),
    ("module inits made per vnet", r["module_inits"]),
    ("edits, in files", "%d in %d" % (r["edits"], r["files"])),
    ("review items", len(r["reviews"])),
]
for k, v in rows:
    print("%-44s %s" % (k, v))
PY

step "what a person must look at (exit status $rc)"
if [ -s review.txt ]; then cat review.txt; else echo "nothing: no review item"; fi

step "the patch is the reviewed one (samples/freebsd-net/vnet.patch)"
if cmp -s vnet.patch "$here/vnet.patch"; then
	echo "identical to the golden file the build checks"
else
	diff -u "$here/vnet.patch" vnet.patch | head -20
	echo "vnetify's patch differs from samples/freebsd-net/vnet.patch" >&2
	exit 1
fi

step "apply it; a second run has nothing left to do"
patch -s -p1 < vnet.patch
"$vnetify" rewrite --rules "$rules" -q $units -- $flags > again.patch ||
    true
if [ -s again.patch ]; then
	echo "second run is not a no-op:" >&2
	cat again.patch >&2
	exit 1
fi
echo "no further edits"

step "vnetify lint on the converted stack"
if "$vnetify" lint --rules "$rules" $units -- $flags; then
	echo "clean: no bare use of per-vnet state, no path without a vnet"
fi

step "without VIMAGE the converted stack behaves as the legacy one"
"$bin/vnetsh_legacy" "$here/scenarios/single.vsh" > single-legacy.out 2>&1
"$bin/vnetsh_plain" "$here/scenarios/single.vsh" > single-plain.out 2>&1
if cmp -s single-legacy.out single-plain.out; then
	echo "scenarios/single.vsh: the same $(wc -l < single-plain.out) lines" \
	    "from both"
else
	diff single-legacy.out single-plain.out | head -20
	exit 1
fi

step "with VIMAGE: three network stacks in one process (scenarios/demo.vsh)"
"$bin/vnetsh_vimage" "$here/scenarios/demo.vsh"

step "the picture of it"
if command -v dot > /dev/null 2>&1; then
	dot -Tpng demo.dot -o demo.png
	dot -Tsvg demo.dot -o demo.svg
	echo "the topology the scenario built: $work/demo.png ($work/demo.svg)"
else
	echo "graphviz is not installed: $work/demo.dot is the graph"
fi

step "the HTML report"
"$vnetify" rewrite --rules "$rules" -q --report "$work/report/" \
    $(printf '%s\n' $units) -- $flags > /dev/null 2>&1 || [ $? -eq 1 ]
echo "open file://$work/report/index.html in a browser: the review items to"
echo "sort and filter, and each file's patch with its items at their lines"
