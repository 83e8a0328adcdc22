#!/bin/sh
# The converted network stack end to end, through vnetsh scripts: the
# plain build behaves as the legacy one, and with VIMAGE the stacks are
# isolated, interfaces move and come home, forwarding is per stack, and
# a thousand stacks carry traffic.  Under ASan a leak fails the run.
# Usage: scenarios.sh VNETSH_LEGACY VNETSH_PLAIN VNETSH_VIMAGE SAMPLE_DIR
set -u
legacy=$1
plain=$2
vimage=$3
sample=$(cd "$4" && pwd)
tmp=$(mktemp -d -t vnetify-netstack-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() {
	pass=$((pass + 1))
	echo "ok - $1"
}
not_ok() {
	fail=$((fail + 1))
	echo "not ok - $1"
	[ -f "$tmp/out" ] && sed 's/^/# /' "$tmp/out" | tail -40
}
# run NAME VNETSH SCRIPT: the script's output in $tmp/out; exit 0 needed.
run() {
	if (cd "$tmp" && "$2" "$3") > "$tmp/out" 2>&1; then
		return 0
	fi
	not_ok "$1: vnetsh exits 0"
	return 1
}
# has NAME PATTERN: one check that the last output matches.
has() {
	if grep -qE -- "$2" "$tmp/out"; then ok "$1"; else not_ok "$1"; fi
}
count_is() {
	n=$(grep -cE -- "$2" "$tmp/out")
	if [ "$n" -eq "$3" ]; then ok "$1"; else not_ok "$1 ($n, not $3)"; fi
}

# The single-stack scenario: legacy and converted plain builds agree.
if run "single, legacy" "$legacy" "$sample/scenarios/single.vsh"; then
	cp "$tmp/out" "$tmp/legacy.out"
	has "the legacy stack answers pings" '^64 bytes from 10\.0\.1\.2: icmp_seq=1 ttl=64$'
	if run "single, plain" "$plain" "$sample/scenarios/single.vsh"; then
		if cmp -s "$tmp/legacy.out" "$tmp/out"; then
			ok "without VIMAGE the converted stack prints what the legacy one does"
		else
			diff "$tmp/legacy.out" "$tmp/out" | head -20 > "$tmp/diff"
			cp "$tmp/diff" "$tmp/out"
			not_ok "without VIMAGE the converted stack prints what the legacy one does"
		fi
	fi
fi
cat > "$tmp/nojail.vsh" <<'VSH'
jail -c name=x vnet
VSH
if (cd "$tmp" && "$plain" nojail.vsh) > "$tmp/out" 2>&1; then
	not_ok "without VIMAGE a jail is refused"
else
	has "without VIMAGE a jail is refused" 'jails need a kernel built with VIMAGE'
fi

# The demo: forwarding per stack, TTL, UDP isolation, interfaces home.
if run "demo" "$vimage" "$sample/scenarios/demo.vsh"; then
	has "a router that does not forward drops and counts" \
	    'packet for another host, not forwarded'
	count_is "forwarding on: three replies a hop down" \
	    '^64 bytes from 10\.0\.2\.2: icmp_seq=[0-2] ttl=63$' 3
	has "TTL 1 ends at the router" \
	    '^36 bytes from 10\.0\.1\.1: Time to live exceeded$'
	has "a datagram reaches the right's port 7 only" \
	    '^right: from 10\.0\.1\.2:[0-9]+: hello from left$'
	count_is "the router's own port 7 gets nothing" \
	    '^router: no datagram on port 7$' 2
	has "a knob set in one stack is that stack's" \
	    '^64 bytes from 10\.0\.1\.2: icmp_seq=0 ttl=99$'
	has "the slow timer ran in the router's stack" \
	    '^	180 runs of the slow timer$'
	has "jail -r returns what the jail was lent" \
	    '^epair1a: flags=<BROADCAST,RUNNING> mtu 1500$'
fi

# Isolation: two pairs of stacks with the same addresses and ports.
cat > "$tmp/iso.vsh" <<'VSH'
jail -c name=a1 vnet
jail -c name=b1 vnet
jail -c name=a2 vnet
jail -c name=b2 vnet
ifconfig epair create
ifconfig epair create
ifconfig epair0a vnet a1
ifconfig epair0b vnet b1
ifconfig epair1a vnet a2
ifconfig epair1b vnet b2
ifconfig -j a1 epair0a inet 10.0.0.1/24 up
ifconfig -j b1 epair0b inet 10.0.0.2/24 up
ifconfig -j a2 epair1a inet 10.0.0.1/24 up
ifconfig -j b2 epair1b inet 10.0.0.2/24 up
udp -j b1 listen 7
udp -j b2 listen 7
udp -j a1 send 10.0.0.2:7 one
udp -j a2 send 10.0.0.2:7 two
udp -j a2 send 10.0.0.2:7 three
udp -j b1 recv 7
udp -j b2 recv 7
ping -j a1 -c 2 10.0.0.2
netstat -j b1 -s -p udp
netstat -j b2 -s -p udp
VSH
if run "isolation" "$vimage" iso.vsh; then
	has "b1 gets a1's datagram" '^b1: from 10\.0\.0\.1:[0-9]+: one$'
	has "b2 gets a2's datagrams" '^b2: from 10\.0\.0\.1:[0-9]+: three$'
	count_is "no datagram crosses to the other pair" \
	    '^b1: from .*: (two|three)$|^b2: from .*: one$' 0
	has "each stack counts its own" '^	2 datagrams received$'
	count_is "a1 pings b1 over its own epair" \
	    '^64 bytes from 10\.0\.0\.2: icmp_seq=[01] ttl=64$' 2
fi

# An interface moves into a jail and back.
cat > "$tmp/move.vsh" <<'VSH'
jail -c name=j vnet
ifconfig epair create
ifconfig epair0b inet 192.168.7.1/24 up
ifconfig epair0b vnet j
echo "-- host"
ifconfig -a
echo "-- j"
ifconfig -j j -a
ifconfig -j j epair0b inet 192.168.8.1/24 up
netstat -j j -r
ifconfig epair0b -vnet j
echo "-- host again"
ifconfig -a
echo "-- j again"
ifconfig -j j -a
VSH
if run "interface move" "$vimage" move.vsh; then
	sed -n '/^-- host$/,/^-- j$/p' "$tmp/out" > "$tmp/host"
	if grep -q '^epair0b' "$tmp/host"; then
		not_ok "a moved interface leaves the host"
	else
		ok "a moved interface leaves the host"
	fi
	has "it arrives in the jail without its address" \
	    '^epair0b: flags=<BROADCAST,RUNNING> mtu 1500$'
	has "the jail routes on it" '^192\.168\.8\.0/24 +link#2 +U +epair0b$'
	sed -n '/^-- host again$/,/^-- j again$/p' "$tmp/out" > "$tmp/host"
	if grep -q '^epair0b' "$tmp/host"; then
		ok "-vnet brings it back"
	else
		not_ok "-vnet brings it back"
	fi
	sed -n '/^-- j again$/,$p' "$tmp/out" > "$tmp/jail"
	if grep -q '^epair0b' "$tmp/jail"; then
		not_ok "and the jail no longer has it"
	else
		ok "and the jail no longer has it"
	fi
fi

# A loan that cannot go home (the home has an interface of its name now)
# keeps the jail: destroying it would leave the interface in freed memory.
cat > "$tmp/clash.vsh" <<'VSH'
jail -c name=j vnet
jail -c name=k vnet
ifconfig epair create
ifconfig epair0b vnet j
ifconfig -j k epair create
ifconfig epair0b -vnet k
jail -r j
jls
VSH
if (cd "$tmp" && "$vimage" clash.vsh) > "$tmp/out" 2>&1; then
	not_ok "jail -r fails when a loan cannot go home"
else
	has "jail -r fails when a loan cannot go home" \
	    'epair0b cannot go back to host, which has an interface of that name; the jail stays'
	has "and the jail is still there" '^ +1  j$'
fi

# A thousand stacks, in five hundred pairs, each pair pinging across.
awk 'BEGIN {
	for (i = 0; i < 500; i++) {
		printf "jail -c name=a%d vnet\njail -c name=b%d vnet\n", i, i
		printf "ifconfig epair create\n"
		printf "ifconfig epair%da vnet a%d\nifconfig epair%db vnet b%d\n", i, i, i, i
		printf "ifconfig -j a%d epair%da inet 10.0.0.1/24 up\n", i, i
		printf "ifconfig -j b%d epair%db inet 10.0.0.2/24 up\n", i, i
		printf "ping -j a%d 10.0.0.2\n", i
	}
	for (i = 0; i < 500; i++)
		printf "jail -r a%d\njail -r b%d\n", i, i
}' > "$tmp/many.vsh"
if run "1000 stacks" "$vimage" many.vsh; then
	count_is "1000 stacks: each pair's ping is answered" \
	    '^1 packets transmitted, 1 packets received' 500
	count_is "and every stack is removed" ': removed$' 1000
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
