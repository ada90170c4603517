#!/bin/bash
# The first debug build of a new experiment package that depends on this package at COMMIT:
# its wall time and the size of its binary. One run; run it on a quiet machine.
#
#   scripts/experiment-first-build.sh HEAD
#   scripts/experiment-first-build.sh 9d39825^     # before experiments stopped linking the CLI
set -euo pipefail
commit=${1:-HEAD}
repo=$(cd "$(dirname "$0")/.." && pwd)
root=$(mktemp -d /tmp/experiment-build.XXXXXX)
trap 'git -C "$repo" worktree remove --force "$root/hera" >/dev/null 2>&1 || true; rm -rf "$root"' EXIT
git -C "$repo" worktree add --detach "$root/hera" "$commit" >/dev/null 2>&1
mkdir -p "$root/exp/Sources/hello"
cp "$root/hera/Examples/HelloWorld/HelloWorld.swift" "$root/exp/Sources/hello/"
cat > "$root/exp/Package.swift" <<'PKG'
// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "exp",
  platforms: [.macOS(.v15)],
  dependencies: [.package(path: "../hera")],
  targets: [.executableTarget(name: "hello", dependencies: [.product(name: "HeraExperiment", package: "hera")], path: "Sources/hello")]
)
PKG
cd "$root/exp"
swift package resolve >/dev/null
start=$(date +%s)
swift build >"$root/build.log" 2>&1 || { tail -20 "$root/build.log"; exit 1; }
end=$(date +%s)
echo "commit=$commit first_build_seconds=$((end - start)) binary_bytes=$(stat -c %s .build/debug/hello)"
