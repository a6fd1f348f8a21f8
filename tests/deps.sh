#!/usr/bin/env bash
# make run / make start build only what the site serves, with only the
# Debian packages tools/deps run installs: every library the link lines
# name and every header the compiled sources include belongs to a package
# on that list (or to the compiler and C library that gcc and libc6-dev
# bring), and no test-only package is among them.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh

run_pkgs=$(tools/deps list run)
test_only=$(comm -13 <(echo "$run_pkgs") <(tools/deps list test))
# What gcc and libc6-dev bring with them on any machine that has them.
base="gcc gcc-12 libgcc-12-dev libc6-dev linux-libc-dev libc6 libstdc++-12-dev"

plan=$(make -n -B start B=build-depcheck 2>/dev/null)
owner() {	# the package of a file, by its path (links not followed: a
		# library's .so link belongs to its -dev package), usrmerge or not
	local f p
	f=$(realpath -s "$1")
	for p in "$f" "${f#/usr}" "/usr$f"; do
		dpkg -S "$p" 2>/dev/null | head -1 | cut -d: -f1 | grep . && return
	done
}
allowed() {	# package
	local p=$1
	echo "$run_pkgs" | grep -qx "$p" && return 0
	case " $base " in *" $p "*) return 0 ;; esac
	return 1
}

ok "make -n -B start compiles something" grep -q -- '-o build-depcheck/cgi-bin/ogi-public' <<<"$plan"
ok "make -n -B start builds no test program" bash -c '! grep -q "tests/" <<<"$1"' _ "$plan"
ok "make -n -B start links no test-only library" bash -c '! grep -q -- "-lcmocka" <<<"$1"' _ "$plan"

libs=$(grep -o -- ' -l[a-z0-9_.+-]*' <<<"$plan" | sort -u | sed 's/ -l//')
bad=""
for l in $libs; do
	f=$(gcc -print-file-name="lib$l.so")
	[ -e "$f" ] || f=$(gcc -print-file-name="lib$l.a")
	p=$(owner "$f")
	allowed "$p" || bad="$bad lib$l($p)"
done
ok "every library start links comes from tools/deps run (${libs//$'\n'/ })" [ -z "$bad" ]
[ -n "$bad" ] && echo "#   not from the run list:$bad"

srcs=$(grep -oE '(src|cgi-bin|tools)/[a-z_-]+\.c' <<<"$plan" | sort -u)
# Each source with the -I and -D its own compile line has (pkg-config's for
# the PDF module); one that does not preprocess is a failure, not a pass.
hdrs=$(for s in $srcs; do
	flags=$(grep -E -- " $s( |\$)" <<<"$plan" | head -1 | grep -oE -- ' -(I|D)[^ ]+| -pthread')
	# shellcheck disable=SC2086
	gcc -Iinclude -D_GNU_SOURCE $flags -M "$s" 2>/dev/null || echo "/unreadable:$s"
done | tr ' \\' '\n\n' | grep '^/' | sort -u)
bad=""
for h in $hdrs; do
	case $h in /unreadable:*) bad="$bad ${h#/unreadable:}(does not preprocess)"; continue ;; esac
	p=$(owner "$h")
	[ -z "$p" ] && continue	# gcc's own directory, not a package file
	echo "$test_only" | grep -qx "$p" && bad="$bad $h($p)"
	allowed "$p" || bad="$bad $h($p)"
done
ok "every header of the $(wc -w <<<"$srcs") sources start compiles comes from tools/deps run" [ -z "$bad" ]
[ -n "$bad" ] && echo "#   not from the run list:$bad"
exit 0
