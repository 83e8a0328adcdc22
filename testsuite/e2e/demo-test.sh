#!/bin/sh
# make demo as an acceptance test: the sample stack converted with nothing
# to review, the patch the reviewed one, applied with nothing left over
# and clean under lint, the plain build the legacy behaviour, and the
# VIMAGE build three stacks in one process, drawn.
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

if DEMO_WORK="$tmp/demo" NO_COLOR=1 sh "$src/samples/freebsd-net/demo.sh" \
    "$build" > "$tmp/out" 2>&1; then
	pass=$((pass + 1))
	echo "ok - the demo runs to its end"
else
	fail=$((fail + 1))
	echo "not ok - the demo runs to its end"
	sed 's/^/# /' "$tmp/out"
fi
check "the patch defines the stack's state per instance" \
    '^\+VNET_DEFINE\(int, ipforwarding\) = 0;$'
check "a packet enters the stack of the interface it came in on" \
    '^\+	CURVNET_SET\(m->m_pkthdr\.rcvif->if_vnet\);$'
check "the slow timer runs in every vnet" '^\+	VNET_FOREACH\(vnet_iter\) \{$'
check "the summary counts the entry points" \
    '^entry points given CURVNET_SET +[1-9][0-9]*$'
check "nothing is left for a person to do" '^review items +0$'
check "the patch is the reviewed golden file" \
    '^identical to the golden file the build checks$'
check "a second run has nothing left to do" '^no further edits$'
check "lint finds the converted stack clean" '^clean: '
check "without VIMAGE the converted stack prints what the legacy one does" \
    '^scenarios/single\.vsh: the same [0-9]+ lines from both$'
check "with VIMAGE the router forwards between two other stacks" \
    '^64 bytes from 10\.0\.2\.2: icmp_seq=2 ttl=63$'
check "it says where the picture is" \
    'the topology the scenario built: .*/demo\.png'
check "it ends by saying where the HTML report is" \
    'open file://.*/report/index.html in a browser'
if head -c 8 "$tmp/demo/demo.png" 2>/dev/null | od -An -c | grep -q 'P   N   G' &&
    grep -q '<svg' "$tmp/demo/demo.svg" 2>/dev/null; then
	pass=$((pass + 1))
	echo "ok - the topology is drawn as PNG and SVG"
else
	fail=$((fail + 1))
	echo "not ok - the topology is drawn as PNG and SVG"
fi
if [ -s "$tmp/demo/report/index.html" ]; then
	pass=$((pass + 1))
	echo "ok - the HTML report is written"
else
	fail=$((fail + 1))
	echo "not ok - the HTML report is written"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
