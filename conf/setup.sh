#!/bin/sh
# Install what building and running this kernel needs on Debian/Ubuntu:
# QEMU (i386 system emulator), the 32-bit multilib toolchain, gdb.
# Run by the GNUmakefile on first use; quiet and quick when all is present.
# As root it installs with apt-get; otherwise through sudo when that works
# without a password; otherwise it stops and prints the command to run.

set -u
missing=""
command -v qemu-system-i386 >/dev/null 2>&1 || missing="$missing qemu-system-x86"
command -v gdb >/dev/null 2>&1 || missing="$missing gdb"
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
# -m32 code needs the 32-bit libgcc from the multilib packages, unless an
# i386 cross compiler is there (the GNUmakefile prefers one; GCCPREFIX set
# by the caller names one).  Asking g++ for libgcc's name is no test:
# without multilib it names the 64-bit one.  So link a 32-bit program that
# needs libgcc (a 64-bit division).
cross=""
for p in ${GCCPREFIX:-} i386-elf- i686-elf- i386-jos-elf-; do
	if command -v "${p}g++" >/dev/null 2>&1; then cross=$p; break; fi
done
tmp=$(mktemp -d)
printf 'unsigned long long q(unsigned long long a, unsigned long long b) { return a / b; }\n' >"$tmp/t.cc"
if ! "${cross}g++" -m32 -ffreestanding -nostdlib -Wl,-e,0 -o "$tmp/t" "$tmp/t.cc" -lgcc >/dev/null 2>&1; then
	missing="$missing gcc-multilib g++-multilib"
fi
rm -rf "$tmp"
[ -n "$missing" ] || exit 0

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y$missing"
echo "conf/setup.sh: installing:$missing" >&2
if [ "$(id -u)" = 0 ]; then
	sh -c "$cmd" >&2 || { echo "conf/setup.sh: install failed; run: $cmd" >&2; exit 1; }
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo sh -c "$cmd" >&2 || { echo "conf/setup.sh: install failed; run: sudo sh -c '$cmd'" >&2; exit 1; }
else
	echo "conf/setup.sh: missing packages:$missing" >&2
	echo "conf/setup.sh: as root, run: $cmd" >&2
	exit 1
fi
