#!/bin/sh
# vnetify rewrite -i killed (SIGKILL) at random moments, then recovered
# by the next run: every file must be wholly old or wholly new, all of
# them alike, and no temporary file, backup or journal may be left.
# Usage: kill-test.sh VNETIFY [RUNS] [SEED]
set -u
vnetify=$1
runs=${2:-32}
seed=${3:-1}
tmp=$(mktemp -d -t vnetify-kill-XXXXXX)
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
}

# Many small files, so that the commit (temporary files, backups,
# renames) is a fair share of a run.
mkdir "$tmp/old"
i=0
while [ $i -lt 60 ]; do
	printf 'int counter_%d;\nint get_%d(void) { return counter_%d; }\n' \
	    $i $i $i > "$tmp/old/f$i.c"
	i=$((i + 1))
done
# The subshell execs vnetify, so that $! is vnetify itself.
rewrite() {
	cd "$1" && exec "$vnetify" rewrite -i -q --no-verify -j 2 \
	    --var 'counter_*' ./*.c -- 2>/dev/null
}
cp -R "$tmp/old" "$tmp/new"
start=$(date +%s%N)
(rewrite "$tmp/new")
end=$(date +%s%N)
full_ms=$(( (end - start) / 1000000 ))
echo "# a whole run takes $full_ms ms"
if [ -n "$(cd "$tmp/new" && ls -A | grep -v '\.c$')" ] ||
    cmp -s "$tmp/old/f0.c" "$tmp/new/f0.c"; then
	not_ok "an uninterrupted run rewrites every file and leaves nothing"
	echo "Bail out! no reference"
	exit 1
fi
ok "an uninterrupted run rewrites every file and leaves nothing"

# Kill delays from 5% to 110% of a run, most of them late.
delays=$(awk -v n="$runs" -v s="$seed" -v t="$full_ms" 'BEGIN {
	srand(s)
	for (i = 0; i < n; i++)
		printf "%.3f\n", t * (0.05 + 1.05 * sqrt(rand())) / 1000
}')
nold=0
nnew=0
nrec=0
k=0
for d in $delays; do
	k=$((k + 1))
	rm -rf "$tmp/w"
	cp -R "$tmp/old" "$tmp/w"
	(rewrite "$tmp/w") &
	pid=$!
	sleep "$d"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	[ -e "$tmp/w/.vnetify-journal" ] && nrec=$((nrec + 1))
	(cd "$tmp/w" && "$vnetify" recover 2>/dev/null)
	if diff -r -q "$tmp/old" "$tmp/w" >/dev/null 2>&1; then
		nold=$((nold + 1))
		ok "kill $k after ${d}s: every file as it was"
	elif diff -r -q "$tmp/new" "$tmp/w" >/dev/null 2>&1; then
		nnew=$((nnew + 1))
		ok "kill $k after ${d}s: every file rewritten"
	else
		not_ok "kill $k after ${d}s: a mix of old and new, or leftovers"
		diff -r -q "$tmp/old" "$tmp/w" | head -5 | sed 's/^/# /'
	fi
done
echo "# $nold runs left the tree as it was, $nnew rewrote it;" \
    "$nrec were killed mid-commit and recovered from the journal"
echo "1..$((pass + fail))"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
