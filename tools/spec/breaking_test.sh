#!/usr/bin/env bash
# Proves tools/spec/breaking.sh (make breaking-selftest): against a release copy of
# openapi/ome.yaml, deliberately broken revisions must fail and compatible ones must pass.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
check="$root/tools/spec/breaking.sh"
doc="$root/openapi/ome.yaml"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Build oasdiff once (the version tools/go.mod pins) instead of `go run` for every case.
"${GO:-go}" build -C "$root/tools" -o "$tmp/oasdiff" github.com/oasdiff/oasdiff
export OASDIFF="$tmp/oasdiff"

# set_version FILE VERSION: rewrite info.version.
set_version() { sed -i "0,/^  version: .*/s//  version: $2/" "$1"; }
# remove_path FILE PATH: drop one path item and all its operations.
remove_path() {
	awk -v p="  $2:" '$0 == p { skip = 1; next } skip && /^  [^ ]/ { skip = 0 } !skip' "$1" > "$1.tmp"
	mv "$1.tmp" "$1"
}
# add_operation FILE: a new GET operation (an additive change).
add_operation() {
	awk '{ print } /^paths:$/ {
		print "  /v1/selftest:"
		print "    get:"
		print "      operationId: getSelftest"
		print "      tags: [Version]"
		print "      summary: An operation added by the self-test"
		print "      description: Added by tools/spec/breaking_test.sh."
		print "      responses:"
		print "        \x27200\x27:"
		print "          description: OK"
		print "          content:"
		print "            application/json:"
		print "              schema: {$ref: \x27#/components/schemas/VersionEnvelope\x27}"
		print "        \x27401\x27: {$ref: \x27#/components/responses/Unauthorized\x27}"
	}' "$1" > "$1.tmp"
	mv "$1.tmp" "$1"
}

# The release set: ome-1.10.0.yaml is openapi/ome.yaml as released 1.10.0, the base every case is
# compared with. ome-1.9.0.yaml is an older release that has one operation more: were it taken as
# the base (it sorts last as text and is the newest file by date), every case would break.
mkdir -p "$tmp/released"
cp "$doc" "$tmp/released/ome-1.10.0.yaml"
set_version "$tmp/released/ome-1.10.0.yaml" 1.10.0
cp "$tmp/released/ome-1.10.0.yaml" "$tmp/released/ome-1.9.0.yaml"
add_operation "$tmp/released/ome-1.9.0.yaml"
set_version "$tmp/released/ome-1.9.0.yaml" 1.9.0
touch -d '+1 minute' "$tmp/released/ome-1.9.0.yaml"
base="$tmp/released/ome-1.10.0.yaml"

passed=0
failed=0
# expect pass|fail NAME FILE
expect() {
	local want=$1 name=$2 file=$3 got
	if "$check" "$file" "$tmp/released" > "$tmp/out" 2>&1; then got=pass; else got=fail; fi
	if [ "$got" = "$want" ]; then
		passed=$((passed + 1))
		echo "ok   $name: ${got}"
	else
		failed=$((failed + 1))
		echo "FAIL $name: wanted $want, got $got; breaking.sh said:"
		sed 's/^/    /' "$tmp/out"
	fi
}

cp "$base" "$tmp/same.yaml"
expect pass "the released document itself" "$tmp/same.yaml"

cp "$base" "$tmp/removed.yaml"
remove_path "$tmp/removed.yaml" /v1/version
expect fail "an operation removed, same version" "$tmp/removed.yaml"
grep -q 'api-path-removed-without-deprecation' "$tmp/out" || { failed=$((failed + 1)); echo "FAIL the removal was not reported as api-path-removed-without-deprecation"; }

cp "$tmp/removed.yaml" "$tmp/removed-minor.yaml"
set_version "$tmp/removed-minor.yaml" 1.11.0
expect fail "an operation removed, minor version raised (1.11.0)" "$tmp/removed-minor.yaml"

cp "$tmp/removed.yaml" "$tmp/removed-major.yaml"
set_version "$tmp/removed-major.yaml" 2.0.0
expect pass "an operation removed, major version raised (2.0.0)" "$tmp/removed-major.yaml"

cp "$base" "$tmp/action-removed.yaml"
remove_path "$tmp/action-removed.yaml" "/v1/vhosts/{vhost}/apps/{app}/streams/{stream}:sendEvents"
expect fail "an action (path with ':') removed" "$tmp/action-removed.yaml"

# The 200 answer of getVersion disappears: a client's success case is gone.
awk '/^  [^ ]/ { v = ($0 == "  /v1/version:") } v && /^        \x27200\x27:$/ { skip = 1; next }
     skip && /^        \x27[0-9]+\x27:/ { skip = 0 } skip && /^      [^ ]/ { skip = 0 } !skip' \
	"$base" > "$tmp/status-removed.yaml"
expect fail "a success response removed" "$tmp/status-removed.yaml"

cp "$base" "$tmp/added.yaml"
add_operation "$tmp/added.yaml"
set_version "$tmp/added.yaml" 1.11.0
expect pass "an operation added, minor version raised (1.11.0)" "$tmp/added.yaml"

cp "$tmp/added.yaml" "$tmp/lower.yaml"
set_version "$tmp/lower.yaml" 1.9.5
expect fail "info.version lower than the release" "$tmp/lower.yaml"

echo "breaking-selftest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
