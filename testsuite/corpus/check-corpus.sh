#!/bin/sh
# make check-corpus: vnetify on real FreeBSD code, scored against the
# conversion FreeBSD's developers made by hand.
#
# The corpus (../shared/corpus/freebsd-net6 by default, CORPUS=DIR to
# choose another of the same layout) holds de-virtualized FreeBSD sources
# (devirt/), the names to virtualize (globals.txt) and a scorer
# (score.sh).  It is test data and stays where it is: this copies it into
# the build tree, converts the copy in place with the rules a porter
# would write (below), scores the result, and runs vnetify again to check
# that the second run changes nothing.
set -eu
build=$(cd "${1:-build}" && pwd)
corpus=$(cd "${2:-../shared/corpus/freebsd-net6}" && pwd)
vnetify="$build/vnetify/vnetify"
work="$build/corpus-run"

[ -x "$corpus/score.sh" ] || {
	echo "check-corpus: no corpus at $corpus (CORPUS=DIR)" >&2
	exit 2
}
rm -rf "$work"
cp -R "$corpus" "$work"
# The corpus is kept read-only; vnetify refuses to replace such files.
chmod -R u+w "$work"
cd "$work"
# The rules a porter writes for this tree: FreeBSD's own VNET header is
# found by vnetify itself; the sysctls are FreeBSD 13's; support/ is the
# kernel's and F-Stack's headers, not the code being converted.
cat > vnetify.yaml <<'RULES'
version: 1
sysctl: modern
never-touch: [support]
RULES

start=$(date +%s.%N)
set +e
"$vnetify" rewrite -p . --rules vnetify.yaml --vars-file globals.txt -i \
    --report report.md 2> rewrite.log
rc=$?
set -e
end=$(date +%s.%N)
reviews=$(grep -c 'vnetify-review' rewrite.log || true)
echo "vnetify rewrite --verify: exit $rc, $reviews review items," \
    "$(awk "BEGIN { printf \"%.1f\", $end - $start }") s"
if [ "$rc" -gt 1 ]; then
	cat rewrite.log >&2
	exit 1
fi
grep 'vnetify-review' rewrite.log | sed 's/^/    /' || true

# The same tree cut into four shards, as four CI machines would run it,
# merged with apply-fixes: it must come out as the single run did.
shard="$build/corpus-shards"
rm -rf "$shard"
cp -R "$corpus" "$shard"
chmod -R u+w "$shard"
cp vnetify.yaml "$shard/"
mkdir "$shard/fixes"
for k in 1 2 3 4; do
	(cd "$shard" && "$vnetify" rewrite -q -p . --rules vnetify.yaml \
	    --vars-file globals.txt --shard "$k/4" \
	    --export-fixes "fixes/shard$k.yaml" 2>> shards.log) || {
		cat "$shard/shards.log" >&2
		echo "shard $k/4: vnetify failed" >&2
		exit 1
	}
done
(cd "$shard" && "$vnetify" apply-fixes fixes 2>> shards.log)
if diff -r "$work/devirt" "$shard/devirt" > shards.diff &&
    diff -r "$work/support" "$shard/support" >> shards.diff; then
	echo "four shards merged with apply-fixes: same as one run" \
	    "($(grep -c 'LLVM 22' "$shard/shards.log") lines the stock tool" \
	    "would spoil)"
else
	echo "four shards merged: NOT the single run's result (shards.diff)"
	exit 1
fi

"$corpus/score.sh" devirt --misses misses.tsv --fps fps.tsv > score.txt 2>&1 ||
	true
sed -n '/^== SCORE/,$p' score.txt

"$vnetify" rewrite -q -p . --rules vnetify.yaml --vars-file globals.txt \
    > again.diff 2> again.log || true
if [ -s again.diff ]; then
	echo "second run: NOT a no-op ($(grep -c '^[-+][^-+]' again.diff) lines)"
	exit 1
fi
echo "second run: no edit"
grep -q 'clang errors, no VIMAGE: 0 ' score.txt &&
    grep -q 'clang errors, -DVIMAGE: 0 ' score.txt
