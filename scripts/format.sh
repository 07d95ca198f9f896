#!/bin/sh
# Format every C file with the project's .clang-format; --check only reports.
set -eu
cd "$(dirname "$0")/.."
files=$(git ls-files '*.c' '*.h' 2>/dev/null; git ls-files --others --exclude-standard '*.c' '*.h' 2>/dev/null)
[ -n "$files" ] || exit 0
if [ "${1:-}" = "--check" ]; then
	# shellcheck disable=SC2086
	clang-format --dry-run --Werror $files
	echo "clang-format: $(echo "$files" | wc -l) files follow .clang-format"
else
	# shellcheck disable=SC2086
	clang-format -i $files
fi
