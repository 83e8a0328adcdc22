#!/bin/sh
# zerocost.sh INCLUDE_DIR SOURCE_DIR WORK_DIR OBJCOPY READELF NM CC...
#
# Without VIMAGE, a converted module must compile to the object code of
# the original: compile zerocost_vnet.c and zerocost_plain.c with each
# compiler and compare the code, its relocations, the symbols and the
# sizes of the data sections.  As a check on the check, the VIMAGE build
# of the converted module must differ.
set -eu

inc=$1 src=$2 work=$3 objcopy=$4 readelf=$5 nm=$6
shift 6
mkdir -p "$work"
status=0 ncc=0

# What must be equal between the two objects, one file per aspect.
describe() {
	o=$1 out=$2
	"$objcopy" -O binary --only-section=.text "$o" "$out.text"
	# Section sizes (not offsets, which follow the file name's length).
	"$readelf" -W -S "$o" | sed -n 's/^ *\[ *[0-9]*\] //p' |
	    awk '{ print $1, $2, $5 }' | grep -v -e '^\.comment' \
	    -e '^\.note' -e 'strtab' -e '^\.symtab' >"$out.sections"
	"$readelf" -W -r "$o" | grep -v '^Relocation section' \
	    >"$out.relocs"
	"$nm" "$o" >"$out.symbols"
}

for cc in "$@"; do
	if ! command -v "$cc" >/dev/null 2>&1; then
		echo "$cc: not installed, skipped"
		continue
	fi
	ncc=$((ncc + 1))
	# C11, and C89 as legacy code bases are built (strict.sh checks the
	# diagnostics; this, that the code stays the same there too).
	for std in c11 c89; do
		d=$work/$(basename "$cc")/$std
		mkdir -p "$d"
		flags="-c -O2 -std=$std -pedantic -Wall -Wextra -Werror -I$inc"
		# shellcheck disable=SC2086
		"$cc" $flags "$src/zerocost_plain.c" -o "$d/plain.o"
		# shellcheck disable=SC2086
		"$cc" $flags "$src/zerocost_vnet.c" -o "$d/vnet.o"
		# shellcheck disable=SC2086
		"$cc" $flags -DVIMAGE "$src/zerocost_vnet.c" -o "$d/vimage.o"
		describe "$d/plain.o" "$d/plain"
		describe "$d/vnet.o" "$d/vnet"
		describe "$d/vimage.o" "$d/vimage"
		for aspect in text sections relocs symbols; do
			if cmp -s "$d/plain.$aspect" "$d/vnet.$aspect"; then
				echo "$cc -std=$std: $aspect identical"
			else
				echo "$cc -std=$std: $aspect DIFFER without VIMAGE:"
				diff "$d/plain.$aspect" "$d/vnet.$aspect" || true
				status=1
			fi
		done
		if cmp -s "$d/plain.text" "$d/vimage.text"; then
			echo "$cc -std=$std: the VIMAGE build has the same code;" \
			    "the check is blind"
			status=1
		else
			echo "$cc -std=$std: the VIMAGE build differs, as it must"
		fi
	done
done
if [ "$ncc" -eq 0 ]; then
	echo "no compiler to check with"
	status=1
fi
exit $status
