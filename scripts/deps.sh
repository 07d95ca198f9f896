#!/bin/sh
# Install the Debian 12 packages yijian needs to build, run and test
# (dpkg-dev, binutils, lintian, man-db, groff-base, foot, adduser and systemd's
# systemd-analyze: the Debian package and its test, tests/integration/package.sh,
# whose maintainer-script and unit checks would otherwise be skipped on a bare
# machine); librime-dev for pinyin input (its header at build time, librime1 opened
# at run time) with rime-data-luna-pinyin's dictionaries, librime-bin's tools
# for looking at them; cage, xwayland (cage 0.1.4 does not start without it), grim
# and tesseract with chi_sim: the kiosk session's test, tests/integration/kiosk_session.sh.
# Idempotent: installs only what is missing. Needs root (or sudo).
set -eu
PKGS="build-essential cmake pkg-config git clang clang-format cppcheck
libclang-rt-14-dev
libncurses-dev libsqlite3-dev sqlite3 libjansson-dev liblua5.4-dev
libcmocka-dev libqrencode-dev libcups2-dev libcurl4-openssl-dev
libsodium-dev libfreetype-dev zlib1g-dev gettext
tmux zbar-tools poppler-utils qpdf qrencode fonts-noto-cjk
cups cups-ipp-utils cups-client cups-bsd python3 valgrind hyperfine time
locales openssl
dpkg-dev binutils lintian man-db groff-base foot adduser systemd
librime-dev librime-bin rime-data-luna-pinyin
cage xwayland grim tesseract-ocr tesseract-ocr-chi-sim util-linux procps"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	echo "deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# A UTF-8 locale for the screens (C.UTF-8 is always present on Debian 12).
exit 0
