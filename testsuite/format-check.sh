#!/bin/sh
# The tree is formatted with its .clang-format (make format applies it);
# golden-test and mutation-test inputs are left as written, their layout
# is what they test.
set -eu
top=$1
cd "$top"
find runtime vnetify samples testsuite -name '*.[ch]' \
    ! -path 'testsuite/lit/*' ! -path 'testsuite/mutation/cases/*' | sort |
    xargs clang-format-19 --dry-run --Werror
