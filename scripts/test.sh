#!/bin/sh
# Install what is missing, build yijian twice (gcc, then clang with ASan+UBSan),
# run every test in both builds, and check formatting and static analysis.
# Usage: sh scripts/test.sh            (what CI runs)
#        YJ_QUICK=1 sh scripts/test.sh  (gcc build and tests only)
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
export LC_ALL=C.UTF-8

echo "== build (gcc, -Werror)"
cmake -S . -B build -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs"
echo "== tests (gcc build)"
ctest --test-dir build --output-on-failure -j "$jobs"
ran=$(ctest --test-dir build -N | awk '/Total Tests:/ { print $3 }')

if [ "${YJ_QUICK:-0}" = 1 ]; then
	echo "$ran passed, 0 failed"
	exit 0
fi

echo "== build (clang, ASan+UBSan, -Werror)"
cmake -S . -B build-asan -DCMAKE_C_COMPILER=clang -DYJ_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j "$jobs"
echo "== tests (ASan+UBSan build)"
YJ_SANITIZED=1 ctest --test-dir build-asan --output-on-failure -j "$jobs"
ran=$((ran + $(ctest --test-dir build-asan -N | awk '/Total Tests:/ { print $3 }')))

echo "== clang-format"
sh scripts/format.sh --check

echo "== cppcheck"
cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
	--std=c11 --inline-suppr --suppress=missingIncludeSystem \
	-I src -I build/gen src
echo "all checks passed (gcc and ASan+UBSan builds, clang-format, cppcheck)"
echo "tests: $ran passed, 0 failed"
