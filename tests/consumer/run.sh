#!/usr/bin/env bash
# Installs the built library into a temporary prefix, then builds and runs the
# consumer project against it with find_package, and a C program with
# pkg-config, as a user would.
#   run.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
cmake -S "$src/tests/consumer" -B "$tmp/consumer" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$tmp/consumer" >/dev/null
"$tmp/consumer/consumer_c"
"$tmp/consumer/consumer_cxx"
libdir=$(ls -d "$tmp"/prefix/lib*/pkgconfig | head -n1)
cc -o "$tmp/pc_consumer" "$src/tests/consumer/main.c" \
  $(PKG_CONFIG_PATH="$libdir" pkg-config --cflags --libs actkern)
"$tmp/pc_consumer" >/dev/null
echo "consumer: find_package and pkg-config builds ran OK"
