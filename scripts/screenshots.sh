#!/bin/sh
# Screenshots of the kiosk's real session (cage + foot with Noto Sans Mono CJK
# SC, 1280x720, headless) into docs/screens/: Home, the first form page, the
# review page and the confirmation, at each font size, read back by OCR on the
# way (tests/integration/kiosk_session.sh does the work).
# Usage, as root (cage runs as an unprivileged user, keys are typed with
# TIOCSTI):  sh scripts/screenshots.sh [SIZES]    (default "16 20")
# The files are docs/screens/kiosk-<size>pt-{home,form,review,done}.png.
set -eu
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || {
	echo "screenshots: run as root (the session runs as a system user it creates)" >&2
	exit 1
}
sh scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
mkdir -p docs/screens
YJ_SRC=$PWD YIJIAN=$PWD/build/yijian YJ_SESSION_SIZES="${*:-16 20}" \
	YJ_SCREENS_OUT=$PWD/docs/screens sh tests/integration/kiosk_session.sh
ls -l docs/screens
