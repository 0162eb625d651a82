#!/usr/bin/env bash
# Fetch ns-3's MPI module sources (src/mpi) for the installed ns-3, from Debian's source
# package of the same version, into a cache folder; -DVSWITCH_MPI=ON compiles them as they
# are into the build folder's libns3-mpi. Safe to run any number of times: a complete
# folder is left alone.
#
# usage: scripts/get-ns3-mpi-sources.sh [CACHE_DIR]
#   CACHE_DIR defaults to ${XDG_CACHE_HOME:-~/.cache}/vswitch/ns3-source; the sources land in
#   CACHE_DIR/ns-3.<version> (give that folder to CMake as VSWITCH_NS3_SOURCE_DIR when it is
#   not the default).
#
# Needs a deb-src entry for Debian (added as /etc/apt/sources.list.d/debian-src.sources,
# mirroring the deb entry of debian.sources, when there is none) and apt-get update; both
# as root (sudo when not root).
set -euo pipefail

CACHE_DIR="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/vswitch/ns3-source}"
CACHE_DIR="$(realpath -m "$CACHE_DIR")" # the script changes folder below
version="$(dpkg-query -W -f='${Version}' libns3-dev 2>/dev/null || true)"
if [ -z "$version" ]; then
  echo "get-ns3-mpi-sources: libns3-dev is not installed (apt-get install libns3-dev)" >&2
  exit 1
fi
upstream="${version%%-*}"        # 3.37-2 -> 3.37
tree="$CACHE_DIR/ns-$upstream"
if [ -f "$tree/src/mpi/model/mpi-interface.cc" ] && [ -f "$tree/VERSION" ]; then
  echo "ns-3 $upstream MPI sources: $tree"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

# A deb-src line for the Debian archive the binary packages come from.
if ! apt-cache showsrc ns3 2>/dev/null | grep -q "^Version: $version\$"; then
  src=/etc/apt/sources.list.d/debian-src.sources
  if [ ! -f "$src" ]; then
    echo "== adding $src (deb-src for bookworm, as debian.sources)"
    $sudo tee "$src" >/dev/null <<'SOURCES'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  fi
  $sudo apt-get update -q
fi

mkdir -p "$CACHE_DIR"
cd "$CACHE_DIR"
orig="ns3_${upstream}.orig.tar.bz2"
if [ ! -f "$orig" ]; then
  echo "== apt-get source --download-only ns3=$version (about 40 MB)"
  apt-get source --download-only "ns3=$version"
fi
# Only the MPI module and the version file; Debian's patches do not touch src/mpi.
top="ns-allinone-$upstream/ns-$upstream"
rm -rf "$tree.partial"
mkdir -p "$tree.partial"
tar -xjf "$orig" -C "$tree.partial" --strip-components=2 "$top/src/mpi" "$top/VERSION"
rm -rf "$tree"
mv "$tree.partial" "$tree"
echo "ns-3 $upstream MPI sources: $tree"
