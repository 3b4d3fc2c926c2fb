#!/usr/bin/env bash
# Fails when the API description breaks clients of its last release without saying so.
#
#   tools/spec/breaking.sh [SPEC] [RELEASED_DIR]     (defaults: openapi/ome.yaml openapi/released)
#
# The base is the newest ome-X.Y.Z.yaml in RELEASED_DIR (by version, not by date). oasdiff
# (pinned in go.mod through tools.go) lists the changes from the base to SPEC that break a client
# (level ERR) and those that may (WARN). Breaking changes pass only when SPEC's info.version has a
# higher major version than the base's; info.version may never go down. OASDIFF overrides the
# command that runs oasdiff (default: go -C tools tool oasdiff, the version tools/go.mod pins).
set -euo pipefail

spec=${1:-openapi/ome.yaml}
released=${2:-openapi/released}
root=$(cd "$(dirname "$0")/../.." && pwd)
oasdiff=${OASDIFF:-"${GO:-go} -C $root/tools tool oasdiff"}

die() { echo "breaking: $*" >&2; exit 1; }

# info.version of a document: the `version:` key directly under the top-level `info:`.
info_version() {
	awk '/^info:/ { inside = 1; next }
	     /^[^ #]/ { inside = 0 }
	     inside && /^  version:/ { v = $2; gsub(/["\047]/, "", v); print v; exit }' "$1"
}
semver_ok() { [[ $1 =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; }

[ -f "$spec" ] || die "no document at $spec"
[ -d "$released" ] || die "no released copies in $released"
base=$(find "$released" -maxdepth 1 -name 'ome-*.yaml' -printf '%f\n' | sort -V | tail -n 1)
[ -n "$base" ] || die "no ome-X.Y.Z.yaml in $released"
base="$released/$base"

base_version=$(info_version "$base")
version=$(info_version "$spec")
semver_ok "$base_version" || die "$base: info.version '$base_version' is not X.Y.Z"
semver_ok "$version" || die "$spec: info.version '$version' is not X.Y.Z"
[ "${base##*/}" = "ome-$base_version.yaml" ] || die "$base holds info.version $base_version; its name must be ome-$base_version.yaml"
if [ "$(printf '%s\n%s\n' "$base_version" "$version" | sort -V | tail -n 1)" != "$version" ]; then
	die "$spec: info.version $version is lower than the released $base_version"
fi

echo "breaking: $spec ($version) against $base ($base_version)"
# oasdiff may run from another directory (go run -C): give it absolute paths.
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
set +e
# --fail-on ERR: exit status 1 when at least one change is breaking; WARN items are only listed.
$oasdiff breaking "$(abs "$base")" "$(abs "$spec")" --fail-on ERR --color never
status=$?
set -e
case $status in
0)
	echo "breaking: no breaking change"
	;;
1)
	if [ "${version%%.*}" -gt "${base_version%%.*}" ]; then
		echo "breaking: breaking changes allowed: the major version went from ${base_version%%.*} to ${version%%.*}"
	else
		die "breaking changes against $base_version (listed above); undo them, or raise the major version of info.version and say so in openapi/CHANGELOG.md"
	fi
	;;
*)
	die "oasdiff failed (exit status $status)"
	;;
esac
