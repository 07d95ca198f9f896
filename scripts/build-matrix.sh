#!/bin/sh
# Build yijian and its tests in every configuration a developer or packager may
# use (gcc and clang; Debug, Release, RelWithDebInfo) with -Werror: a warning
# that only one compiler or one optimisation level sees still fails here.
# Usage: sh scripts/build-matrix.sh [COMPILER:TYPE ...]
#   (default: every pair; build trees under build-matrix/)
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
configs=${*:-"gcc:Debug gcc:Release gcc:RelWithDebInfo clang:Debug clang:Release clang:RelWithDebInfo"}
for c in $configs; do
	cc=${c%%:*} type=${c#*:}
	dir=build-matrix/$cc-$type
	echo "== build ($cc, $type, -Werror)"
	cmake -S . -B "$dir" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE="$type" >/dev/null
	# every target: the program, the unit tests and the test helpers
	cmake --build "$dir" -j "$jobs" >"$dir.log" 2>&1 || {
		grep -E 'error|warning' "$dir.log" | head -40
		echo "build-matrix: $cc $type failed (full log: $dir.log)" >&2
		exit 1
	}
done
echo "build-matrix: clean in $(echo "$configs" | wc -w) configurations"
