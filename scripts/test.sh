#!/bin/sh
# Install what is missing; build yijian with gcc (Release) and run every test;
# build every other configuration (gcc and clang; Debug, Release, RelWithDebInfo)
# with -Werror and run the unit tests of the gcc Debug one; build with clang +
# ASan + UBSan and run every test again; check formatting and static analysis.
# Usage: sh scripts/test.sh            (what CI runs)
#        YJ_QUICK=1 sh scripts/test.sh  (gcc Release build and its tests only)
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
export LC_ALL=C.UTF-8
t0=$(date +%s)
# phase NAME: a heading with the seconds since the start, so a slow phase shows in CI's log.
phase() { echo "== $1 (at $(($(date +%s) - t0)) s)"; }

phase "build (gcc, Release, -Werror)"
cmake -S . -B build -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$jobs"
phase "tests (gcc Release build)"
ctest --test-dir build --output-on-failure -j "$jobs"
ran=$(ctest --test-dir build -N | awk '/Total Tests:/ { print $3 }')

if [ "${YJ_QUICK:-0}" = 1 ]; then
	echo "$ran passed, 0 failed"
	exit 0
fi

sh scripts/build-matrix.sh gcc:Debug gcc:RelWithDebInfo clang:Debug clang:Release clang:RelWithDebInfo
phase "unit tests (gcc Debug build)"
ctest --test-dir build-matrix/gcc-Debug --output-on-failure -j "$jobs" -L unit
ran=$((ran + $(ctest --test-dir build-matrix/gcc-Debug -N -L unit | awk '/Total Tests:/ { print $3 }')))

phase "build (clang, ASan+UBSan, -Werror)"
cmake -S . -B build-asan -DCMAKE_C_COMPILER=clang -DYJ_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j "$jobs"
phase "tests (ASan+UBSan build)"
YJ_SANITIZED=1 ctest --test-dir build-asan --output-on-failure -j "$jobs"
ran=$((ran + $(ctest --test-dir build-asan -N | awk '/Total Tests:/ { print $3 }')))

phase "clang-format"
sh scripts/format.sh --check

phase "cppcheck"
cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
	--std=c11 --inline-suppr --suppress=missingIncludeSystem \
	-I src -I build/gen src
echo "all checks passed (gcc Release and ASan+UBSan builds with every test, five more build configurations, clang-format, cppcheck)"
echo "tests: $ran passed, 0 failed ($(($(date +%s) - t0)) s)"
