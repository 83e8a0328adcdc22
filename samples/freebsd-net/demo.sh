#!/bin/sh
# make demo: vnetify on the sample legacy module, then the converted
# module running as several isolated instances in one process.
set -eu
build=$(cd "${1:-build}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
vnetify="$build/vnetify/vnetify"
inc="$top/runtime/include"
work="${DEMO_WORK:-$build/demo}"
cc=${CC:-cc}

rm -rf "$work"
mkdir -p "$work"
cp -R "$here/src" "$work/src"
cd "$work"
flags="-Isrc -I$inc"

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
	    { print }' "$1"
}

step "the legacy program: one instance per process"
"$build/samples/freebsd-net/foo_legacy"

step "vnetify scan: the global state of the module"
"$vnetify" scan src/foo.c src/main.c -- $flags | column -t -s "$(printf '\t')"

step "vnetify rewrite: the patch (rules/freebsd-net.yaml)"
set +e
"$vnetify" rewrite --rules "$top/rules/freebsd-net.yaml" \
    --report report.md src/foo.c src/main.c -- $flags > foo.patch \
    2> review.txt
rc=$?
set -e
show_patch foo.patch
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
	cat review.txt >&2
	echo "vnetify rewrite failed ($rc)" >&2
	exit 1
fi

step "what a person must look at (exit status $rc: 1 means review items)"
# The legacy module has a table for hosts without sysctl under an #ifdef
# no build defines: vnetify cannot parse it, and says what to write there.
cat review.txt

step "the report for reviewers (report.md)"
cat report.md
# The same report as HTML pages, for a browser: written before the patch
# is applied, from the legacy sources.
"$vnetify" rewrite --rules "$top/rules/freebsd-net.yaml" -q \
    --report "$work/report/" src/foo.c src/main.c -- $flags > /dev/null ||
    [ $? -eq 1 ]

step "apply the patch; a second run has nothing left to do"
patch -s -p1 < foo.patch
"$vnetify" rewrite --rules "$top/rules/freebsd-net.yaml" -q \
    src/foo.c src/main.c -- $flags > again.patch || true
if [ -s again.patch ]; then
	echo "second run is not a no-op:" >&2
	cat again.patch >&2
	exit 1
fi
echo "no further edits"

step "without VIMAGE the converted module compiles to the original code"
$cc -O2 -c $flags "$here/src/foo.c" -o orig.o
$cc -O2 -c $flags src/foo.c -o conv.o
objcopy -O binary --only-section=.text orig.o orig.text
objcopy -O binary --only-section=.text conv.o conv.text
cmp orig.text conv.text && echo ".text identical ($(wc -c < orig.text) bytes)"

step "with VIMAGE: three isolated instances in one process"
$cc -O2 -Wall -Wextra -DVIMAGE $flags src/foo.c "$here/vnet_demo.c" \
    "$build/runtime/libvnet.a" -lpthread -rdynamic -o foo_vnets
./foo_vnets

step "the HTML report"
echo "open file://$work/report/index.html in a browser: the review items to"
echo "sort and filter, and each file's patch with its items at their lines"
