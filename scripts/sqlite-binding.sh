#!/usr/bin/env bash
# Builds better-sqlite3's native binding (the embedded SQLite store) when it is missing.
#
# Yarn does not build it (package.json's dependenciesMeta): where no prebuilt binary can be
# downloaded, it compiles SQLite from source, half a minute on one core while the install's
# other core idles. The root's postinstall runs this script, so a plain `yarn install` still
# builds it. scripts/lib.sh's install sets SQLITE_BINDING_LATER=1; ./scripts/start.sh then runs
# this at once, ./scripts/test.sh at the lowest priority beside its checks, which need no binding.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -n "${SQLITE_BINDING_LATER:-}" ] && exit 0
package=node_modules/better-sqlite3
[ -f "$package/build/Release/better_sqlite3.node" ] && exit 0
cd "$package"
# The package's own install script: a prebuilt binary, else the compiler. SQLite at -O1 takes
# 40% of the time of -O3 for queries as small as the store's; JOBS compiles on every core.
PATH="$PWD/../.bin:$PATH" CFLAGS="${CFLAGS:--O1}" JOBS="${JOBS:-max}" \
  sh -c 'prebuild-install || node-gyp rebuild --release'
