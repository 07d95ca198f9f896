#!/bin/sh
# Install what is missing, build yijian, fill a demo database with the example
# cases, and start the kiosk on it (a terminal of 80x24 or more is needed).
# Usage: sh scripts/demo.sh [kiosk|assist|counter|check]
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
export LC_ALL=C.UTF-8
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
Y=./build/yijian
mkdir -p demo
export YIJIAN_DB="$PWD/demo/yijian.db"
export YIJIAN_CONFIG="$PWD/demo/yijian.conf"
if [ ! -f demo/yijian.conf ]; then
	cat >demo/yijian.conf <<'CONF'
# Demo terminal configuration (see README: Configuration)
centre_code = 310104
centre_name = 徐汇区社区事务受理服务中心（演示）
terminal_id = K01
draft_max_age = 1800
[kiosk]
idle_timeout = 120
# A demonstration: Home shows how to leave (type quit there). A kiosk in
# service has no kiosk.demo and an exit sequence only its staff know.
demo = yes
exit_sequence = quit
CONF
fi
$Y forms check
$Y forms show retirement | head -40
if [ ! -f demo/.seeded ]; then
	for t in birth death retirement; do
		$Y case submit "$t" --answers "forms/examples/$t.json" --channel kiosk || true
	done
	touch demo/.seeded
fi
mode=${1:-kiosk}
case "$mode" in
check) $Y case list ;;
*) exec $Y "$mode" ;;
esac
