#!/usr/bin/env bash
# Builds the hatcp node root filesystem offline-friendly: debootstrap from the Debian mirror this
# host's apt already uses (no image registry needed), then streams it as a tar to stdout.
# Usage: build-rootfs.sh <packages.txt>  > rootfs.tar
set -euo pipefail
packages_file=$1
here=$(cd "$(dirname "$0")" && pwd)

# The mirror is whatever this host's apt is configured with, so the recipe names no host itself.
mirror=${HATCP_DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  mirror=$(grep -hs -E '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list 2>/dev/null \
    | grep -v -- '-security' | sed -E 's/^URIs:[[:space:]]*//; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//' \
    | awk 'NR==1 {print $1}' || true)
fi
if [ -z "$mirror" ]; then
  echo "build-rootfs: no Debian mirror found in this host's apt sources; set HATCP_DEBIAN_MIRROR" >&2
  exit 2
fi
command -v debootstrap >/dev/null || { echo "build-rootfs: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 2; }

include=$(grep -v -E '^[[:space:]]*(#|$)' "$packages_file" | tr -s '[:space:]' ',' | sed 's/,$//')
work=$(mktemp -d "${TMPDIR:-/tmp}/hatcp-rootfs.XXXXXX")
trap 'rm -rf "$work"' EXIT
debootstrap --variant=minbase --include="$include" bookworm "$work/root" "$mirror" >&2
# Trim what a node never reads: apt lists, docs, man pages, locales.
rm -rf "$work/root/var/lib/apt/lists/"* "$work/root/var/cache/apt/"*.bin "$work/root/usr/share/doc/"* \
  "$work/root/usr/share/man/"* "$work/root/usr/share/locale/"* "$work/root/var/cache/debconf/"*-old
cp "$here/node-init.sh" "$work/root/usr/local/bin/hatcp-node-init"
chmod 0755 "$work/root/usr/local/bin/hatcp-node-init"
tar -C "$work/root" --numeric-owner -c .
