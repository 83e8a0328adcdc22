#!/bin/sh
# strict.sh INCLUDE_DIR SOURCE_DIR WORK_DIR LIBVNET CC...
#
# Code bases that get converted are often built with old standards and
# strict warnings.  Compile strict_client.c, a C89 client using every
# macro, with each compiler under -std=c89, gnu89, c99 and c11 and the
# strict warning set, without VIMAGE, with it, with VNET_DEBUG, and as
# position-independent code (the shared-object access path): the headers
# must not add one diagnostic.  Then link each non-PIC object with
# LIBVNET and run it: the program checks what it computed.
set -eu

inc=$1 src=$2 work=$3 lib=$4
shift 4
mkdir -p "$work"
status=0 ncc=0 nrun=0

strict="-O2 -Wall -Wextra -pedantic -Wdeclaration-after-statement
    -Wmissing-prototypes -Wredundant-decls -Wshadow -Wcast-qual
    -Wconversion -Werror"

for cc in "$@"; do
	if ! command -v "$cc" >/dev/null 2>&1; then
		echo "$cc: not installed, skipped"
		continue
	fi
	ncc=$((ncc + 1))
	d=$work/$(basename "$cc")
	mkdir -p "$d"
	# gcc's check that C99 code is also C90; clang has no such option
	# (in C89 modes its -pedantic diagnoses C99 features itself).
	extra=
	if "$cc" -Wc90-c99-compat -Werror -x c -c /dev/null \
	    -o "$d/probe.o" 2>/dev/null; then
		extra=-Wc90-c99-compat
	else
		echo "$cc: no -Wc90-c99-compat, checked without it"
	fi
	for std in c89 gnu89 c99 c11; do
		for mode in plain vimage debug pic; do
			case $mode in
			plain) defs= ;;
			vimage) defs=-DVIMAGE ;;
			debug) defs="-DVIMAGE -DVNET_DEBUG" ;;
			pic) defs="-DVIMAGE -fPIC" ;;
			esac
			o=$d/$std-$mode.o
			# shellcheck disable=SC2086
			if ! "$cc" -std=$std $strict $extra $defs -I"$inc" \
			    -c "$src/strict_client.c" -o "$o" \
			    >"$o.log" 2>&1; then
				echo "$cc -std=$std $mode: diagnostics:"
				cat "$o.log"
				status=1
				continue
			fi
			if [ "$mode" = pic ]; then
				echo "$cc -std=$std $mode: silent (compiled only)"
				continue
			fi
			# shellcheck disable=SC2086
			if ! "$cc" "$o" "$lib" -rdynamic -pthread -ldl \
			    -o "$d/$std-$mode" >"$o.log" 2>&1; then
				echo "$cc -std=$std $mode: does not link:"
				cat "$o.log"
				status=1
				continue
			fi
			nrun=$((nrun + 1))
			if out=$("$d/$std-$mode" 2>&1); then
				echo "$cc -std=$std $mode: silent; $out"
			else
				echo "$cc -std=$std $mode: silent, but $out"
				status=1
			fi
		done
	done
done
if [ "$ncc" -eq 0 ]; then
	echo "no compiler to check with"
	status=1
fi
echo "$nrun programs ran"
exit $status
