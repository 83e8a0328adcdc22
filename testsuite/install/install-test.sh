#!/bin/sh
# The package as a user gets it: install into a temporary prefix (and
# with DESTDIR), then build the README's example against it with
# pkg-config and with CMake's find_package, run it, render the man pages.
# Usage: install-test.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1
src=$2
tmp=$(mktemp -d -t vnetify-install-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }

cmake --install "$build" --prefix "$tmp/usr" >/dev/null
libdir=$(cd "$tmp/usr" && ls -d lib* | head -1)
for f in bin/vnetify include/vnet/vnet.h include/vnet/sysctl.h \
    include/vnet/sysinit.h include/vnet/module.h "$libdir/libvnet.a" \
    "$libdir/libvnet.so" "$libdir/pkgconfig/vnet.pc" \
    "$libdir/pkgconfig/vnet-debug.pc" "$libdir/pkgconfig/vnet-shared.pc" \
    "$libdir/cmake/vnet/vnetConfig.cmake" \
    share/man/man1/vnetify.1 share/man/man3/vnet.3 \
    share/man/man5/vnetify-rules.5; do
	if [ -e "$tmp/usr/$f" ]; then ok "installs $f"; else no "installs $f"; fi
done
if "$tmp/usr/bin/vnetify" --version | grep -q '^vnetify '; then
	ok "the installed vnetify runs"
else
	no "the installed vnetify runs"
fi

# The installed vnetify parses converted code with the installed headers,
# not those of the tree it was built from: mark the installed copy.
mkdir "$tmp/conv"
printf '#define VNET_INSTALLED_COPY 1\n' >>"$tmp/usr/include/vnet/vnet.h"
cat >"$tmp/conv/m.c" <<'C'
#include <vnet/vnet.h>
#ifndef VNET_INSTALLED_COPY
#error parsed with the build tree's headers
#endif
VNET_DEFINE(int, hits);
#define V_hits VNET(hits)
int bump(void) { return ++V_hits; }
C
if (cd "$tmp/conv" && "$tmp/usr/bin/vnetify" scan --root . m.c -- -DVIMAGE \
    >/dev/null 2>"$tmp/conv/err"); then
	ok "the installed vnetify finds the installed <vnet/vnet.h>"
else
	no "the installed vnetify finds the installed <vnet/vnet.h>: $(cat "$tmp/conv/err")"
fi

DESTDIR="$tmp/stage" cmake --install "$build" --prefix /opt/vnet >/dev/null
if [ -e "$tmp/stage/opt/vnet/include/vnet/vnet.h" ]; then
	ok "DESTDIR stages under the prefix"
else
	no "DESTDIR stages under the prefix"
fi

want='red:  red   hits=3'
export PKG_CONFIG_PATH="$tmp/usr/$libdir/pkgconfig"
# shellcheck disable=SC2046
if cc $(pkg-config --cflags vnet) "$src/runtime/examples/counter.c" \
    $(pkg-config --libs vnet) -o "$tmp/counter-pc" &&
    LD_LIBRARY_PATH="$tmp/usr/$libdir" "$tmp/counter-pc" | grep -qF "$want"; then
	ok "pkg-config builds and runs the README example"
else
	no "pkg-config builds and runs the README example"
fi
if pkg-config --cflags vnet-debug | grep -q -- -DVNET_DEBUG; then
	ok "vnet-debug adds VNET_DEBUG"
else
	no "vnet-debug adds VNET_DEBUG"
fi
# shellcheck disable=SC2046
if cc $(pkg-config --cflags vnet-shared) "$src/runtime/examples/counter.c" \
    $(pkg-config --libs vnet-shared) -o "$tmp/counter-so" &&
    LD_LIBRARY_PATH="$tmp/usr/$libdir" "$tmp/counter-so" | grep -qF "$want"; then
	ok "vnet-shared builds it against libvnet.so"
else
	no "vnet-shared builds it against libvnet.so"
fi

mkdir "$tmp/proj"
cp "$src/runtime/examples/counter.c" "$tmp/proj/"
cat > "$tmp/proj/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.20)
project(counter C)
find_package(vnet 0.1 REQUIRED)
add_executable(counter counter.c)
vnet_client(counter)
CM
if cmake -S "$tmp/proj" -B "$tmp/proj/b" -DCMAKE_PREFIX_PATH="$tmp/usr" \
    >/dev/null && cmake --build "$tmp/proj/b" >/dev/null &&
    "$tmp/proj/b/counter" | grep -qF "$want"; then
	ok "find_package(vnet) and vnet_client() build and run it"
else
	no "find_package(vnet) and vnet_client() build and run it"
fi

for p in man1/vnetify.1 man3/vnet.3 man5/vnetify-rules.5; do
	out=$(groff -man -ww -z "$tmp/usr/share/man/$p" 2>&1)
	if [ -z "$out" ] &&
	    [ "$(groff -man -Tutf8 "$tmp/usr/share/man/$p" 2>/dev/null | wc -l)" -gt 40 ]; then
		ok "man page $p renders, without warnings"
	else
		no "man page $p renders, without warnings: $out"
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
