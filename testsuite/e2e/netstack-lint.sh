#!/bin/sh
# vnetify lint on the converted sample stack, as CI would run it: clean
# as converted, and each mistake a commit could bring in is found.
# Usage: netstack-lint.sh VNETIFY SOURCE_DIR CONVERTED_DIR
set -u
vnetify=$1
src=$2
conv=$3
tmp=$(mktemp -d -t vnetify-lint-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
rules="$src/rules/freebsd-net.yaml"
verdict() {
	if [ "$2" = yes ]; then
		pass=$((pass + 1))
		echo "ok - $1"
	else
		fail=$((fail + 1))
		echo "not ok - $1"
		sed 's/^/# /' "$tmp/out" | head -20
	fi
}
# lint DIR: its findings in $tmp/out, its exit status in $rc.
lint() {
	(cd "$1" && "$vnetify" lint --rules "$rules" \
	    $(find src -name '*.c' | LC_ALL=C sort) \
	    -- -std=gnu11 -Isrc -I"$src/runtime/include") > "$tmp/out" 2>&1
	rc=$?
}
# mutant NAME FILE SED: a copy of the converted tree with one edit.
mutant() {
	rm -rf "$tmp/m"
	mkdir -p "$tmp/m"
	cp -R "$conv/src" "$tmp/m/src"
	sed -i "$3" "$tmp/m/src/$2"
	if cmp -s "$conv/src/$2" "$tmp/m/src/$2"; then
		echo "netstack-lint.sh: $1: the edit changed nothing" > "$tmp/out"
		verdict "$1" no
		return 1
	fi
	lint "$tmp/m"
}

lint "$conv"
if [ "$rc" -eq 0 ] && [ ! -s "$tmp/out" ]; then ok=yes; else ok=no; fi
verdict "the converted stack is clean" $ok

if mutant "a bare use" netinet/ip_input.c 's/!V_ipforwarding/!ipforwarding/'; then
	if [ "$rc" -eq 1 ] && grep -q \
	    'ip_input\.c:.*ipforwarding.*\[vnet-missing-prefix\]' "$tmp/out"; then
		ok=yes
	else
		ok=no
	fi
	verdict "a bare use of a per-vnet variable is found, with its fix" $ok
fi

if mutant "a lost restore" netinet/if_arp.c \
    '/^arptimer/,/^}/{/^		CURVNET_RESTORE();$/d}'; then
	if [ "$rc" -eq 1 ] && grep -q 'if_arp\.c:.*\[vnet-unbalanced\]' \
	    "$tmp/out"; then
		ok=yes
	else
		ok=no
	fi
	verdict "a return out of CURVNET_SET without its restore is found" $ok
fi

if mutant "no vnet" net/if_epair.c '/^epair_detach_half/,/^}/{/CURVNET_/d}'; then
	if [ "$rc" -eq 1 ] && grep -q '\[vnet-no-context\]' "$tmp/out"; then
		ok=yes
	else
		ok=no
	fi
	verdict "an entry point that lost its CURVNET_SET is found" $ok
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
