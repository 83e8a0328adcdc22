#!/bin/sh
# make demo as an acceptance test: the sample converted, its review item
# said, the patch applied with nothing left over, the plain build the
# legacy code, and the VIMAGE build three instances that do not share.
# Usage: demo-test.sh BUILD_DIR SOURCE_DIR
set -u
build=$1
src=$2
tmp=$(mktemp -d -t vnetify-demo-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
check() {
	if grep -qE -- "$2" "$tmp/out"; then
		pass=$((pass + 1))
		echo "ok - $1"
	else
		fail=$((fail + 1))
		echo "not ok - $1"
	fi
}

if DEMO_WORK="$tmp/work" NO_COLOR=1 sh "$src/samples/freebsd-net/demo.sh" \
    "$build" > "$tmp/out" 2>&1; then
	pass=$((pass + 1))
	echo "ok - the demo runs to its end"
else
	fail=$((fail + 1))
	echo "not ok - the demo runs to its end"
	sed 's/^/# /' "$tmp/out"
fi
check "the patch defines the module's state per instance" \
    '^\+VNET_DEFINE\(struct foo_stats, foostat\);'
check "the review item says what to write" \
    'write VNET_NAME\(foo_mtu\) there.*\[vnetify-review-inactive-code\]'
check "the #if region of the items is named" \
    "under '#ifdef FOO_COMPAT_KNOBS'"
check "a second run has nothing left to do" '^no further edits$'
check "without VIMAGE the code is the legacy code" '^\.text identical'
check "each instance has its own state" \
    '^blue +ports=2 in=7 out=7 noport=1 toolong=1 mtu=4'
check "a knob set in one instance is that instance's" \
    '^  red +net\.foo\.mtu = 1500$'
check "it ends by saying where the HTML report is" \
    'open file://.*/report/index.html in a browser'
if [ -s "$tmp/work/report/index.html" ]; then
	pass=$((pass + 1))
	echo "ok - the HTML report is written"
else
	fail=$((fail + 1))
	echo "not ok - the HTML report is written"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
