#!/bin/sh
# make demo: several instances of a small module, isolated from each other.
set -eu
build=${1:-build}
echo "== runtime example: one module, three instances (vnet0, red, blue)"
"$build/runtime/vnet_counter_example"
