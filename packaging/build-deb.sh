#!/bin/sh
# Build the Debian package of yijian: a Release build with Debian's hardening
# flags, `cmake --install` into a staging tree, the stripped binary, the
# DEBIAN/ control files, and `dpkg-deb --root-owner-group --build`.
#
# Usage: sh packaging/build-deb.sh [-B BUILD_DIR] [-o OUT_DIR] [-j JOBS]
#   BUILD_DIR  default build-deb/ in the checkout (created; reused if there)
#   OUT_DIR    where yijian_VERSION_ARCH.deb goes (default BUILD_DIR)
# Environment: YJ_DEB_MAINTAINER overrides the Maintainer field, CC the
# compiler. Prints the path of the .deb on its last line.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=$src/build-deb
out=
jobs=2
while getopts B:o:j: opt; do
	case $opt in
	B) build=$OPTARG ;;
	o) out=$OPTARG ;;
	j) jobs=$OPTARG ;;
	*)
		echo "usage: sh packaging/build-deb.sh [-B BUILD_DIR] [-o OUT_DIR] [-j JOBS]" >&2
		exit 2
		;;
	esac
done
mkdir -p "$build"
build=$(cd "$build" && pwd)
out=${out:-$build}
mkdir -p "$out"
out=$(cd "$out" && pwd)
deb=$src/packaging/debian

# Version and date from the Debian changelog; the upstream part must be the
# version CMake compiles in.
version=$(dpkg-parsechangelog -l "$deb/changelog" -S Version)
SOURCE_DATE_EPOCH=$(dpkg-parsechangelog -l "$deb/changelog" -S Timestamp)
export SOURCE_DATE_EPOCH
upstream=${version%-*}
project=$(sed -n 's/^project(yijian VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
if [ "$upstream" != "$project" ]; then
	echo "build-deb: packaging/debian/changelog says $version but CMakeLists.txt $project" >&2
	exit 1
fi
arch=$(dpkg --print-architecture)
maintainer=${YJ_DEB_MAINTAINER:-$(dpkg-parsechangelog -l "$deb/changelog" -S Maintainer)}

# Debian's build flags (hardening: PIE, stack protector, fortify, relro, now),
# with neither the checkout's nor the build directory's path left in the binary.
flags=$(cd "$src" && DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)
CFLAGS=$(eval "$flags"; echo "$CPPFLAGS $CFLAGS -ffile-prefix-map=$build=.")
LDFLAGS=$(eval "$flags"; echo "$LDFLAGS")

cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
	-DYJ_PACKAGE=ON -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_EXE_LINKER_FLAGS="$LDFLAGS" \
	-DCMAKE_MODULE_LINKER_FLAGS="$LDFLAGS" \
	${CC:+-DCMAKE_C_COMPILER="$CC"} >"$build/configure.log"
cmake --build "$build" -j "$jobs" --target yijian yijian-full yijian-print yijian-cups yijian-touch yj_locales

root=$build/deb-root
rm -rf "$root"
DESTDIR=$root cmake --install "$build" >"$build/install.log"

# What dh_strip, dh_compress, dh_installchangelogs and dh_fixperms would do.
# yijian-full (sync, doctor, setup) and the print modules yijian-print.so
# (receipts) and yijian-cups.so (CUPS) sit in usr/libexec/yijian
# (src/modload), with yijian-touch, the touch screen daemon of
# yijian-touch.service (src/touch).
progs="$root/usr/bin/yijian $root/usr/libexec/yijian/yijian-full $root/usr/libexec/yijian/yijian-touch"
mod="$root/usr/libexec/yijian/yijian-print.so $root/usr/libexec/yijian/yijian-cups.so"
# shellcheck disable=SC2086
strip --remove-section=.comment --remove-section=.note --strip-unneeded $progs $mod
gzip -9n "$root/usr/share/man/man1/yijian.1"
doc=$root/usr/share/doc/yijian
gzip -9nc "$deb/changelog" >"$doc/changelog.Debian.gz"
cp "$deb/copyright" "$doc/copyright"
mkdir -p "$root/usr/share/lintian/overrides"
cp "$deb/lintian-overrides" "$root/usr/share/lintian/overrides/yijian"
find "$root" -type d -exec chmod 0755 {} +
find "$root" -type f -exec chmod 0644 {} +
# shellcheck disable=SC2086
chmod 0755 $progs "$root/usr/libexec/yijian/kiosk-session"

# DEBIAN/: control (Depends from dpkg-shlibdeps), conffiles, scripts, md5sums.
mkdir -p "$root/DEBIAN"
shl=$build/shlibdeps
mkdir -p "$shl/debian"
printf 'Source: yijian\n\nPackage: yijian\nArchitecture: any\n' >"$shl/debian/control"
# shellcheck disable=SC2086
shlibs=$(cd "$shl" && dpkg-shlibdeps -O $progs $mod | sed -n 's/^shlibs:Depends=//p')
size=$(du -sk --apparent-size "$root" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@MAINTAINER@|$maintainer|" \
	-e "s|@SIZE@|$size|" -e "s|@SHLIBS@|$shlibs|" "$deb/control.in" >"$root/DEBIAN/control"
(cd "$root" && find etc -type f | sort | sed 's|^|/|') >"$root/DEBIAN/conffiles"
for s in postinst prerm postrm; do
	install -m 0755 "$deb/$s" "$root/DEBIAN/$s"
done
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z |
	xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"

file=$out/yijian_${version}_$arch.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$file" >/dev/null
echo "$file"
