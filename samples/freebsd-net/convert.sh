#!/bin/sh
# convert.sh: the converted stack, as the build makes it.
#
#   convert.sh SAMPLE_DIR OUT_DIR RUNTIME_INCLUDE [VNETIFY RULES]
#
# Copies the legacy sources to OUT_DIR/src and converts them there.  With
# VNETIFY, vnetify writes the patch (OUT_DIR/vnet.patch) and the report
# (OUT_DIR/report.md), and the patch must be the reviewed one checked in
# as SAMPLE_DIR/vnet.patch: a change in vnetify's output fails the build
# until a person has read it and updated that file.  Without VNETIFY (the
# sanitizer builds, which do not build the tool) the reviewed patch is
# applied as it is.
set -eu
# Absolute, since the work is done from inside OUT_DIR.
abs() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd)" "$(basename "$1")"); }
sample=$(abs "$1")
mkdir -p "$2"
out=$(abs "$2")
inc=$(abs "$3")
vnetify=${4:+$(abs "$4")}
rules=${5:+$(abs "$5")}
golden="$sample/vnet.patch"

rm -rf "$out/src" "$out/vnet.patch.new"
cp -R "$sample/src" "$out/src"
cd "$out"
if [ -n "$vnetify" ]; then
	set +e
	"$vnetify" rewrite --rules "$rules" --report report.md -q \
	    $(find src -name '*.c' | LC_ALL=C sort) \
	    -- -std=gnu11 -Isrc -I"$inc" > vnet.patch.new
	rc=$?
	set -e
	if [ "$rc" -ne 0 ]; then
		echo "convert.sh: vnetify rewrite exited $rc; see $out/report.md" >&2
		exit 1
	fi
	if ! cmp -s vnet.patch.new "$golden"; then
		echo "convert.sh: vnetify's patch of the sample changed:" >&2
		diff -u "$golden" vnet.patch.new | head -40 >&2 || true
		echo "convert.sh: review $out/vnet.patch.new; if it is right," \
		    "copy it to $golden" >&2
		exit 1
	fi
	mv vnet.patch.new vnet.patch
else
	cp "$golden" vnet.patch
fi
patch -s -p1 < vnet.patch
