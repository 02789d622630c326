#!/usr/bin/env bash
# Provision the system parts some tests use and a fresh machine may lack:
#   Chromium and Redis (Debian packages), FerretDB v1.24.2 (a MongoDB-wire server, built with Go into .cache/bin).
# Whatever cannot be provisioned is reported; the tests that need it are skipped with the same advice.
set -uo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "provision: installing ${missing[*]} (apt-get)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
      || echo "provision: apt-get could not install ${missing[*]}"
  else
    echo "provision: ${missing[*]} missing; install with: sudo apt-get install ${missing[*]}"
  fi
fi

FERRETDB_VERSION=v1.24.2
if [ -x .cache/bin/ferretdb ] || [ -n "${TWINCRAWL_TEST_MONGO_URI:-}" ]; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "provision: Go not found: FerretDB cannot be built; MongoDB tests are skipped (or set TWINCRAWL_TEST_MONGO_URI)"
  exit 0
fi
# `go install module@version` asks the proxy for the module's version list, which some proxies refuse, and a build
# from the module cache lacks the version file FerretDB embeds: build from a copy of the exact version's source.
echo "provision: building FerretDB ${FERRETDB_VERSION} into .cache/bin (a few minutes, once)"
build() {
  local wrapper=.cache/ferretdb-build src=.cache/ferretdb-src dir
  rm -rf "$wrapper" "$src" && mkdir -p "$wrapper" .cache/bin
  printf 'module ferretdbbuild\n\ngo 1.22\n' >"$wrapper/go.mod"
  dir=$(cd "$wrapper" && go mod download -json "github.com/FerretDB/FerretDB@${FERRETDB_VERSION}" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p') || return 1
  [ -d "$dir" ] || return 1
  cp -r "$dir" "$src" && chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" >"$src/build/version/version.txt"
  (cd "$src" && GOFLAGS=-mod=mod go build -o ../bin/ferretdb ./cmd/ferretdb)
}
build >/dev/null 2>&1 && .cache/bin/ferretdb --version >/dev/null 2>&1 \
  || { rm -f .cache/bin/ferretdb; echo "provision: FerretDB build failed; MongoDB tests are skipped"; }
exit 0
