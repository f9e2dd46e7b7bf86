#!/usr/bin/env bash
# Regenerates the accuracy evidence from a real exhaustive run on this CPU:
# tests/golden/accuracy.json (bounds and measured max ULP per kernel and
# target), docs/accuracy/exhaustive.{txt,json} and softmax.{txt,json}, and
# the accuracy table of docs/accuracy.md (between its accuracy-table
# markers). The figures are scripts/update-plots.sh's. A maintainer's
# command: it rewrites tracked files (docs/maintainers.md). Takes a while: the
# double reference of 2^32 inputs per kernel, shared by all targets.
#   scripts/update-accuracy.sh [extra actkern-accuracy args, e.g. --kernel exp]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
tool="${ACTKERN_BUILD_DIR:-build}/tools/actkern-accuracy"
"$tool" --exhaustive --write-golden tests/golden/accuracy.json \
  --json docs/accuracy/exhaustive.json "$@" | tee docs/accuracy/exhaustive.txt
"$tool" --softmax --json docs/accuracy/softmax.json | tee docs/accuracy/softmax.txt
table=$("$tool" --golden-markdown tests/golden/accuracy.json)
/usr/bin/python3 - "$table" <<'PY'
import re, sys
table = sys.argv[1] + "\n"
path = "docs/accuracy.md"
s = open(path).read()
begin = s.index("<!-- accuracy-table:begin")
begin = s.index("\n", begin) + 1
end = s.index("<!-- accuracy-table:end -->")
open(path, "w").write(s[:begin] + table + s[end:])
PY
"$tool" --verify-table docs/accuracy.md tests/golden/accuracy.json
