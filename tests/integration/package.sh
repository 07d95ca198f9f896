#!/bin/sh
# The Debian package: packaging/build-deb.sh builds it from a fresh Release
# build of its own; its contents, control fields, conffiles and maintainer
# scripts are what an administrator needs; lintian finds no error; and the
# program, its data, messages, man page and kiosk session work from the
# unpacked tree.
set -eu
: "${YJ_SRC:?}"
if [ "${YJ_SANITIZED:-0}" = 1 ]; then
	# The package is a Release build of its own, the same in both runs of
	# scripts/test.sh: the gcc run checks it.
	echo "package: skipped in the sanitizer run (checked in the gcc run)"
	exit 0
fi
for t in dpkg-deb dpkg-shlibdeps dpkg-parsechangelog lintian groff man strings; do
	command -v "$t" >/dev/null || { echo "FAIL: $t is missing (sh scripts/deps.sh installs it)"; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}
# show FILE: print a file after a failure.
show() { echo "--- $1"; cat "$1"; echo "---"; }
pass=0

# ---- build ----------------------------------------------------------------
if ! sh "$YJ_SRC/packaging/build-deb.sh" -B "$tmp/build" -o "$tmp/out" -j 2 >"$tmp/build.log" 2>&1; then
	tail -40 "$tmp/build.log"
	fail "packaging/build-deb.sh failed"
fi
deb=$(tail -n 1 "$tmp/build.log")
[ -f "$deb" ] || { tail -20 "$tmp/build.log"; fail "no .deb at '$deb'"; }
case $(basename "$deb") in
yijian_*-*_*.deb) ;;
*) fail "unexpected package name $(basename "$deb")" ;;
esac
pass=$((pass + 1))

# ---- contents -------------------------------------------------------------
dpkg-deb -c "$deb" | awk '{ print $1, $2, $6 }' >"$tmp/contents"
for p in ./usr/bin/yijian \
	./usr/share/yijian/forms/fields.json ./usr/share/yijian/forms/things/ \
	./usr/share/yijian/forms/items/ ./usr/share/yijian/data/regions.tsv \
	./usr/share/locale/zh_CN/LC_MESSAGES/yijian.mo \
	./usr/share/locale/zh_TW/LC_MESSAGES/yijian.mo \
	./usr/share/locale/en/LC_MESSAGES/yijian.mo \
	./lib/systemd/system/yijian-sync.service ./lib/systemd/system/yijian-kiosk.service \
	./lib/systemd/system/yijian-touch.service ./usr/libexec/yijian/yijian-touch \
	./usr/lib/modules-load.d/yijian-touch.conf ./usr/share/doc/yijian/TOUCH.md \
	./usr/libexec/yijian/kiosk-session ./usr/libexec/yijian/yijian-full \
	./usr/libexec/yijian/yijian-print.so ./usr/libexec/yijian/yijian-cups.so \
	./etc/pam.d/yijian-kiosk ./etc/yijian/yijian.conf \
	./usr/share/doc/yijian/copyright ./usr/share/doc/yijian/changelog.Debian.gz \
	./usr/share/doc/yijian/README.md ./usr/share/doc/yijian/ADMINISTRATION.md \
	./usr/share/doc/yijian/SYNC.md ./usr/share/doc/yijian/yijian.conf.example \
	./usr/share/man/man1/yijian.1.gz; do
	grep -q " $p\$" "$tmp/contents" || { show "$tmp/contents"; fail "the package has no $p"; }
done
# Owned by root, the programs executable, nothing of the build machine.
grep -Eq '^-rwxr-xr-x root/root \./usr/bin/yijian$' "$tmp/contents" || fail "usr/bin/yijian mode/owner"
grep -Eq '^-rwxr-xr-x root/root \./usr/libexec/yijian/kiosk-session$' "$tmp/contents" ||
	fail "kiosk-session mode/owner"
grep -Eq '^-rwxr-xr-x root/root \./usr/libexec/yijian/yijian-full$' "$tmp/contents" ||
	fail "yijian-full mode/owner"
grep -Eq '^-rwxr-xr-x root/root \./usr/libexec/yijian/yijian-touch$' "$tmp/contents" ||
	fail "yijian-touch mode/owner"
! grep -v ' root/root ' "$tmp/contents" >/dev/null || fail "a file not owned by root/root"
! grep -Eq 'yijian-kiosk@|/tmp/|README.md.*/share/yijian|/tools/' "$tmp/contents" ||
	{ show "$tmp/contents"; fail "stray files in the package"; }
pass=$((pass + 1))

# ---- control fields -------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = yijian ] || fail "Package"
[ "$(field Section)" = admin ] || fail "Section is '$(field Section)', not admin"
[ "$(field Priority)" = optional ] || fail "Priority"
field Maintainer | grep -Eq '^[^<>]+ <[^<> @]+@[^<> @]+\.[a-z]+>$' || fail "Maintainer '$(field Maintainer)'"
deps=$(field Depends)
for d in cups-client adduser fonts-noto-cjk librime1 rime-data-luna-pinyin 'libc6 (' 'libsqlite3-0 (' 'libncursesw6 (' 'libcups2 (' 'libcurl4 ('; do
	case $deps in *"$d"*) ;; *) fail "Depends lacks '$d': $deps" ;; esac
done
recs=$(field Recommends)
for d in cage foot xwayland; do
	case $recs in *"$d"*) ;; *) fail "Recommends lacks $d: $recs" ;; esac
done
[ "$(field Description | wc -l)" -ge 5 ] || fail "Description has no real long text"
version=$(field Version)
pass=$((pass + 1))

# ---- conffiles and maintainer scripts -------------------------------------
dpkg-deb -e "$deb" "$tmp/ctrl"
grep -qx /etc/yijian/yijian.conf "$tmp/ctrl/conffiles" || { show "$tmp/ctrl/conffiles"; fail "yijian.conf is no conffile"; }
grep -qx /etc/pam.d/yijian-kiosk "$tmp/ctrl/conffiles" || fail "the PAM service is no conffile"
for s in postinst prerm postrm; do
	[ -x "$tmp/ctrl/$s" ] || fail "DEBIAN/$s missing or not executable"
	sh -n "$tmp/ctrl/$s" || fail "DEBIAN/$s: syntax"
done
# Run them for real against a throw-away root (DPKG_ROOT) with stand-ins for
# the account tools, systemctl and deb-systemd-invoke that record their calls.
mkdir -p "$tmp/stub" "$tmp/sysroot/etc/yijian"
: >"$tmp/passwd"
for c in addgroup adduser chown systemctl deb-systemd-invoke; do
	printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n' "$c" "$tmp" >"$tmp/stub/$c"
done
printf 'for a; do last=$a; done; echo "$last" >>"%s/passwd"\n' "$tmp" >>"$tmp/stub/adduser"
printf 'for a; do last=$a; done; echo "g:$last" >>"%s/passwd"\n' "$tmp" >>"$tmp/stub/addgroup"
printf '#!/bin/sh\n[ "$1" = group ] && k="g:$2" || k=$2\ngrep -qx "$k" "%s/passwd"\n' "$tmp" >"$tmp/stub/getent"
chmod +x "$tmp/stub"/*
mscript() {
	ms=$1
	shift
	DPKG_ROOT="$tmp/sysroot" PATH="$tmp/stub:$PATH" sh "$tmp/ctrl/$ms" "$@" >"$tmp/ms.out" 2>&1 ||
		{ show "$tmp/ms.out"; fail "DEBIAN/$ms $* failed"; }
}
mscript postinst configure
state=$tmp/sysroot/var/lib/yijian
[ -d "$state" ] || fail "postinst made no /var/lib/yijian"
[ "$(stat -c %a "$state")" = 750 ] || fail "/var/lib/yijian mode $(stat -c %a "$state"), expected 750"
grep -q '^adduser .*--system.*--home /var/lib/yijian.*--no-create-home.* yijian$' "$tmp/calls" ||
	{ show "$tmp/calls"; fail "postinst did not create the system user"; }
grep -q '^addgroup --system.* yijian$' "$tmp/calls" || { show "$tmp/calls"; fail "no system group"; }
grep -q "^chown yijian:yijian $state\$" "$tmp/calls" || { show "$tmp/calls"; fail "state dir not given to yijian"; }
# Configure again and upgrade: nothing is created twice, nothing removed.
echo records >"$state/yijian.db"
chmod 700 "$state"
: >"$tmp/calls"
mscript postinst configure "$version"
! grep -q '^add' "$tmp/calls" || { show "$tmp/calls"; fail "a second configure made the user again"; }
! grep -q '^chown' "$tmp/calls" || { show "$tmp/calls"; fail "a second configure re-chowned the state"; }
[ "$(stat -c %a "$state")" = 700 ] || fail "a second configure changed the state dir's mode"
mscript prerm upgrade "$version"
mscript postrm upgrade "$version"
mscript prerm remove
mscript postrm remove
mscript postrm purge
[ -f "$state/yijian.db" ] || fail "purge removed the case records"
grep -q /var/lib/yijian "$tmp/ms.out" || { show "$tmp/ms.out"; fail "purge does not say the records are kept"; }
[ ! -d "$tmp/sysroot/etc/yijian" ] || fail "purge left an empty /etc/yijian"
# Once more with the real adduser, as root in a private mount namespace over
# a copy of /etc and an empty /var/lib: the host's accounts are not touched.
if [ "$(id -u)" -eq 0 ] && unshare --mount --propagation private true 2>/dev/null; then
	mkdir -p "$tmp/ns/varlib"
	cp -a /etc "$tmp/ns/etc"
	cat >"$tmp/ns/run.sh" <<EOF
set -e
mount --bind "$tmp/ns/etc" /etc
mount --bind "$tmp/ns/varlib" /var/lib
PATH=/usr/sbin:/usr/bin:/sbin:/bin
sh "$tmp/ctrl/postinst" configure
sh "$tmp/ctrl/postinst" configure "$version"
getent passwd yijian
getent group yijian
stat -c '%a %U:%G' /var/lib/yijian
EOF
	unshare --mount --propagation private sh "$tmp/ns/run.sh" >"$tmp/ns.out" 2>&1 ||
		{ show "$tmp/ns.out"; fail "postinst with the real adduser"; }
	grep -q '^yijian:x:[0-9]*:[0-9]*:[^:]*:/var/lib/yijian:/usr/sbin/nologin$' "$tmp/ns.out" ||
		{ show "$tmp/ns.out"; fail "the yijian system user"; }
	grep -qx '750 yijian:yijian' "$tmp/ns.out" || { show "$tmp/ns.out"; fail "/var/lib/yijian owner/mode"; }
	! grep -q '^yijian:' /etc/passwd || fail "the host got a yijian user"
else
	echo "package: not root or no unshare: postinst ran with stand-ins only"
fi
pass=$((pass + 1))

# ---- lintian --------------------------------------------------------------
lintian --fail-on error --display-info "$deb" >"$tmp/lintian" 2>&1 || { show "$tmp/lintian"; fail "lintian"; }
! grep -q '^E: ' "$tmp/lintian" || { show "$tmp/lintian"; fail "lintian errors"; }
grep '^[EW]: ' "$tmp/lintian" || true
pass=$((pass + 1))

# ---- the unpacked tree ----------------------------------------------------
root=$tmp/root
dpkg-deb -x "$deb" "$root"
bin=$root/usr/bin/yijian
"$bin" --version >"$tmp/v" 2>&1 || { show "$tmp/v"; fail "yijian --version"; }
grep -qx "yijian ${version%-*}" "$tmp/v" || { show "$tmp/v"; fail "version is not ${version%-*}"; }
# Stripped, hardened, the compiled-in paths are the installed ones and no path
# of the build machine is left in it.
! readelf -S "$bin" | grep -Eq '\.symtab|\.comment|\.debug_' ||
	fail "usr/bin/yijian is not stripped (.symtab, .comment or debug sections)"
readelf -d "$bin" | grep -q 'BIND_NOW' || fail "not linked with -z now"
# Start-up: yijian itself needs none of curl, CUPS or FreeType; the helper
# and the print modules are stripped and hardened too.
! readelf -d "$bin" | grep -Eq 'NEEDED.*lib(curl|cups|freetype)' || fail "usr/bin/yijian links curl/CUPS/FreeType"
# Receipts are drawn with FreeType alone: no piece links cairo, pango or
# fontconfig, and the drawing module does not load CUPS.
for f in "$bin" "$root"/usr/libexec/yijian/*; do
	! readelf -d "$f" 2>/dev/null | grep -Eq 'NEEDED.*lib(cairo|pango|fontconfig)' || fail "$f links cairo/pango/fontconfig"
done
! readelf -d "$root/usr/libexec/yijian/yijian-print.so" | grep -q 'NEEDED.*libcups' || fail "yijian-print.so links CUPS"
for f in "$root/usr/libexec/yijian/yijian-full" "$root/usr/libexec/yijian/yijian-print.so" \
	"$root/usr/libexec/yijian/yijian-cups.so"; do
	! readelf -S "$f" | grep -Eq '\.symtab|\.comment|\.debug_' || fail "$f is not stripped"
	readelf -d "$f" | grep -q 'BIND_NOW' || fail "$f not linked with -z now"
done
strings "$bin" >"$tmp/strings"
for p in /usr/share/yijian/forms /usr/share/yijian/data /usr/share/locale /etc/yijian/yijian.conf; do
	grep -qx "$p" "$tmp/strings" || fail "compiled-in $p missing"
done
! grep -F -e "$tmp" -e "$YJ_SRC" "$tmp/strings" >/dev/null || fail "a build-machine path is compiled in"
pass=$((pass + 1))

# The installed forms and data, through the variables paths.c and i18n.c read.
export YIJIAN_FORMS="$root/usr/share/yijian/forms" YIJIAN_DATA="$root/usr/share/yijian/data"
export YIJIAN_LOCALEDIR="$root/usr/share/locale"
"$bin" forms check "$root/usr/share/yijian/forms" >"$tmp/fc" 2>&1 || { show "$tmp/fc"; fail "forms check on the installed forms"; }
grep -q '^ok:' "$tmp/fc" || { show "$tmp/fc"; fail "forms check said no ok"; }
"$bin" forms list >"$tmp/fl" 2>&1 || { show "$tmp/fl"; fail "forms list from YIJIAN_FORMS"; }
grep -q '^birth ' "$tmp/fl" || { show "$tmp/fl"; fail "the installed set has no birth"; }
"$bin" validate idcard 11010519491231002X >"$tmp/va" 2>&1 || { show "$tmp/va"; fail "validate with the installed regions"; }
grep -q 'region=110105' "$tmp/va" || { show "$tmp/va"; fail "no region from the installed data"; }
# The installed catalogs: English and Traditional messages come from them.
YIJIAN_LANG=en "$bin" case list --db "$tmp/empty.db" >"$tmp/en" 2>&1 || true
YIJIAN_LANG=zh_TW "$bin" case list --db "$tmp/empty.db" >"$tmp/tw" 2>&1 || true
YIJIAN_LANG=zh_CN "$bin" case list --db "$tmp/empty.db" >"$tmp/cn" 2>&1 || true
grep -q '没有找到办件' "$tmp/cn" || { show "$tmp/cn"; fail "zh_CN message"; }
! grep -q '[^ -~]' "$tmp/en" || { show "$tmp/en"; fail "YIJIAN_LANG=en did not use the installed catalog"; }
! cmp -s "$tmp/tw" "$tmp/cn" || { show "$tmp/tw"; fail "YIJIAN_LANG=zh_TW did not use the installed catalog"; }
pass=$((pass + 1))

# The packaged configuration: no centre or terminal until `yijian setup`.
conf=$root/etc/yijian/yijian.conf
grep -Eq '^centre_code *= *$' "$conf" && grep -Eq '^terminal_id *= *$' "$conf" ||
	{ show "$conf"; fail "the packaged config sets centre_code or terminal_id"; }
grep -Eq '^font_size *= *16$' "$conf" || fail "no kiosk.font_size in the packaged config"
set +e
YJ_TODAY=2026-11-23 YIJIAN_CONFIG=$conf "$bin" case submit birth --db "$tmp/c.db" \
	--answers "$root/usr/share/yijian/forms/examples/birth.json" >"$tmp/sub" 2>&1
rc=$?
set -e
[ $rc -eq 1 ] || { show "$tmp/sub"; fail "case submit with the packaged config: exit $rc, expected 1"; }
grep -q 'centre_code' "$tmp/sub" && grep -q 'yijian setup' "$tmp/sub" ||
	{ show "$tmp/sub"; fail "the refusal does not name centre_code and yijian setup"; }
pass=$((pass + 1))

# ---- doctor on the installed tree ------------------------------------------
# With the packaged config (no centre yet) doctor fails and names centre_code;
# after `setup --yes` on a copy of it, the configuration, forms and keys lines
# of the installed tree hold.
set +e
YIJIAN_CONFIG=$conf "$bin" doctor --db "$tmp/d.db" >"$tmp/doc" 2>&1
rc=$?
set -e
[ $rc -eq 1 ] || { show "$tmp/doc"; fail "doctor with the packaged config: exit $rc, expected 1"; }
grep -q '^✗.*centre_code' "$tmp/doc" || { show "$tmp/doc"; fail "doctor names no centre_code"; }
grep -q '^✓ 表单' "$tmp/doc" || { show "$tmp/doc"; fail "doctor: the installed forms do not load"; }
sed "s|^dir = /var/lib/yijian/keys\$|dir = $tmp/keys|" "$conf" >"$tmp/site.conf"
grep -q "^dir = $tmp/keys\$" "$tmp/site.conf" || { show "$tmp/site.conf"; fail "no [keys] dir in the packaged config"; }
"$bin" setup --config "$tmp/site.conf" --db "$tmp/d.db" --centre-code 310104 --centre-name 徐汇区社区事务受理服务中心 \
	--terminal-id K01 --no-printer --yes >"$tmp/setup" 2>&1 || { show "$tmp/setup"; fail "setup --yes"; }
set +e
YIJIAN_CONFIG=$tmp/site.conf "$bin" doctor --json --db "$tmp/d.db" >"$tmp/doc.json" 2>"$tmp/doc.err"
set -e
python3 - "$tmp/doc.json" <<'EOP' || { show "$tmp/doc.json"; show "$tmp/doc.err"; fail "doctor after setup"; }
import json, sys
d = json.load(open(sys.argv[1]))
st = {c["id"]: c["state"] for c in d["checks"]}
for k in ("config", "forms", "keys", "fonts"):
    assert st[k] == "ok", (k, st)
assert st["printer"] == "info", st  # --no-printer
assert st["database"] == "ok", st  # made by setup
EOP
pass=$((pass + 1))

# ---- man page -------------------------------------------------------------
man1=$root/usr/share/man/man1/yijian.1.gz
zcat "$man1" | groff -man -ww -z >"$tmp/groff" 2>&1 || true
[ ! -s "$tmp/groff" ] || { show "$tmp/groff"; fail "groff warns about yijian.1"; }
MANWIDTH=80 man -l "$man1" >"$tmp/man" 2>"$tmp/man.err" || { show "$tmp/man.err"; fail "man -l"; }
[ ! -s "$tmp/man.err" ] || { show "$tmp/man.err"; fail "man -l warns"; }
# Every subcommand of main.c, setup and doctor.
cmds=$(sed -n 's/^ *{"\([a-z]*\)", cmd_.*/\1/p' "$YJ_SRC/src/main.c")
[ -n "$cmds" ] || fail "no commands found in src/main.c"
for c in $cmds setup doctor; do
	grep -q "^   yijian $c" "$tmp/man" || fail "the man page has no 'yijian $c' section"
done
for o in --centre-code --centre-name --terminal-id --printer --no-printer --upstream --yes --json \
	--idle --lang --terminal --lock-after --answers --older-than --qr --format --paper --kind \
	--output --qr-info --force --once --drain --daemon --max-seconds --no-pull --password-stdin \
	--legacy15 --resident-only --choices --device --rotate --uinput --list; do
	grep -q -- "$o" "$tmp/man" || fail "the man page does not describe $o"
done
# Every configuration key of README.md's table, and the kiosk font size.
keys=$(sed -n '/^## Configuration/,/^## /p' "$YJ_SRC/README.md" |
	sed -n 's/^| `\([a-z_.]*\)`\(.*\)/\1 \2/p' | sed 's/ |.*//; s/[`,]/ /g')
[ -n "$keys" ] || fail "no keys found in README.md's Configuration table"
for k in $keys kiosk.font_size kiosk.touch_device kiosk.touch_rotate yijian-touch; do
	case $k in *.* | [a-z]*_* | db) ;; *) continue ;; esac
	grep -q -- "$k" "$tmp/man" || fail "the man page does not describe the key $k"
done
for s in ENVIRONMENT FILES 'EXIT STATUS' CONFIGURATION; do
	grep -q "^$s" "$tmp/man" || fail "the man page has no $s section"
done
for v in YIJIAN_CONFIG YIJIAN_DB YIJIAN_FORMS YIJIAN_DATA YIJIAN_LOCALEDIR YIJIAN_LANG; do
	grep -q "$v" "$tmp/man" || fail "the man page does not describe $v"
done
pass=$((pass + 1))

# ---- units and the kiosk session ------------------------------------------
kunit=$root/lib/systemd/system/yijian-kiosk.service
for l in 'ExecStart=/usr/libexec/yijian/kiosk-session' 'User=yijian' 'PAMName=yijian-kiosk' \
	'TTYPath=/dev/tty1' 'Restart=always' 'UMask=0077' 'Conflicts=getty@tty1.service'; do
	grep -qx "$l" "$kunit" || { show "$kunit"; fail "yijian-kiosk.service lacks $l"; }
done
grep -qx 'UMask=0077' "$root/lib/systemd/system/yijian-sync.service" || fail "yijian-sync.service lacks UMask=0077"
grep -qx 'ExecStart=/usr/bin/yijian sync --daemon --config /etc/yijian/yijian.conf' \
	"$root/lib/systemd/system/yijian-sync.service" || fail "yijian-sync.service ExecStart"
grep -q 'pam_systemd.so' "$root/etc/pam.d/yijian-kiosk" || fail "the PAM service has no pam_systemd"
# yijian-touch.service: root, only the input devices and uinput, before the kiosk.
tunit=$root/lib/systemd/system/yijian-touch.service
for l in 'ExecStart=/usr/libexec/yijian/yijian-touch --config /etc/yijian/yijian.conf' \
	'Before=yijian-kiosk.service' 'WantedBy=graphical.target' 'DevicePolicy=closed' \
	'DeviceAllow=char-input rw' 'DeviceAllow=/dev/uinput rw' 'ProtectSystem=strict' \
	'PrivateNetwork=yes' 'NoNewPrivileges=yes' 'CapabilityBoundingSet=' 'Restart=always'; do
	grep -qx "$l" "$tunit" || { show "$tunit"; fail "yijian-touch.service lacks $l"; }
done
! grep -q '^User=' "$tunit" || fail "yijian-touch.service must run as root (uinput, input devices)"
grep -qx uinput "$root/usr/lib/modules-load.d/yijian-touch.conf" || fail "uinput is not loaded at boot"
"$root/usr/libexec/yijian/yijian-touch" --help >"$tmp/touch.help" || fail "yijian-touch --help"
if command -v systemd-analyze >/dev/null; then
	systemd-analyze verify "$kunit" "$root/lib/systemd/system/yijian-sync.service" "$tunit" >"$tmp/sa" 2>&1 || true
	! grep -Ei "unknown|invalid|failed to parse|missing '='|lvalue" "$tmp/sa" || fail "systemd rejects a unit line"
fi
# kiosk-session with a stand-in cage: the font size from the config, the escape
# keys off, and cage -> foot -> yijian kiosk.
mkdir -p "$tmp/kbin" "$tmp/run"
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >"%s/cage.args"\n' "$tmp" >"$tmp/kbin/cage"
chmod +x "$tmp/kbin/cage"
session() { YIJIAN_CONFIG=$1 RUNTIME_DIRECTORY=$tmp/run PATH="$tmp/kbin:$PATH" \
	sh "$root/usr/libexec/yijian/kiosk-session" >"$tmp/ks.out" 2>&1 || { show "$tmp/ks.out"; fail "kiosk-session"; }; }
printf 'centre_code = 310104\n[kiosk]\nidle_timeout = 60\nfont_size = 22\n[print]\nfont_size = 9\n' >"$tmp/k.conf"
session "$tmp/k.conf"
grep -qx 'font=Noto Sans Mono CJK SC:size=22' "$tmp/run/foot.ini" || { show "$tmp/run/foot.ini"; fail "foot font"; }
for b in spawn-terminal show-urls-launch; do
	grep -qx "$b=none" "$tmp/run/foot.ini" || fail "foot.ini leaves $b on"
done
# (no -d: with it foot 1.13's window stays empty; foot runs kiosk-session's
# second stage, which becomes yijian kiosk once the window is full screen)
[ "$(tr '\n' ' ' <"$tmp/cage.args")" = "-- foot --config=$tmp/run/foot.ini -- $root/usr/libexec/yijian/kiosk-session --in-terminal " ] ||
	{ show "$tmp/cage.args"; fail "cage's command line"; }
if command -v foot >/dev/null; then
	foot --check-config -c "$tmp/run/foot.ini" >"$tmp/fc.out" 2>&1 || { show "$tmp/fc.out"; fail "foot rejects foot.ini"; }
fi
session "$conf"
grep -qx 'font=Noto Sans Mono CJK SC:size=16' "$tmp/run/foot.ini" || fail "default font size is not 16"
printf '[kiosk]\nfont_size = big\n' >"$tmp/k2.conf"
session "$tmp/k2.conf"
grep -qx 'font=Noto Sans Mono CJK SC:size=16' "$tmp/run/foot.ini" || fail "a bad font size is not replaced by 16"
grep -q 'font_size' "$tmp/ks.out" || fail "a bad font size is not reported"
pass=$((pass + 1))

echo "package: $(basename "$deb"): $pass groups of checks passed"
