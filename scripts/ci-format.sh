#!/usr/bin/env bash
# CI part: every C/C++ file under kernels/ include/ tests/ tools/ bench/ fuzz/
# must be formatted as .clang-format says (clang-format-14, Debian's). Fix a
# failure with
#   git ls-files -- kernels include tests tools bench fuzz | grep -E '\.(cc|h|c)$' \
#     | xargs clang-format-14 -i
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --format
files=$(git ls-files -- kernels include tests tools bench fuzz | grep -E '\.(cc|h|c|inc)$')
n=$(echo "$files" | wc -l)
if ! echo "$files" | xargs clang-format-14 --dry-run -Werror 2>/tmp/ci-format.$$; then
  grep -E '^[^ ].*(warning|error):' /tmp/ci-format.$$ | head -40
  rm -f /tmp/ci-format.$$
  echo "ci-format: files above are not clang-formatted (see the fix in this script)"
  exit 1
fi
rm -f /tmp/ci-format.$$
echo "ci-format: $n files formatted"
