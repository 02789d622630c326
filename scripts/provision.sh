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
# `go install module@version` asks the proxy for the module's version list, which some proxies refuse;
# building from a throwaway module that requires the exact version needs only the version's own files.
echo "provision: building FerretDB ${FERRETDB_VERSION} into .cache/bin (a few minutes, once)"
build=.cache/ferretdb-build
mkdir -p "$build" .cache/bin
printf 'module ferretdbbuild\n\ngo 1.22\n\nrequire github.com/FerretDB/FerretDB %s\n' "$FERRETDB_VERSION" >"$build/go.mod"
printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/FerretDB/FerretDB/cmd/ferretdb"\n' >"$build/tools.go"
(cd "$build" && GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1 &&
  GOFLAGS=-mod=mod GOBIN="$PWD/../bin" go install github.com/FerretDB/FerretDB/cmd/ferretdb) \
  || echo "provision: FerretDB build failed; MongoDB tests are skipped"
exit 0
