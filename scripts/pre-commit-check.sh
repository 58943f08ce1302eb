#!/usr/bin/env bash
# End-to-end check of the pre-commit manifest (.pre-commit-hooks.yaml), as a
# site would use it: in a scratch git repository whose .pre-commit-config.yaml
# points at this repository (at its HEAD commit), `pre-commit run` must fail a
# staged page with a typo and pass a clean one, and `git commit` must be
# refused for the first and go through for the second.
#
# The `copydesk` hook is `language: rust`: pre-commit builds it with
# `cargo install --path .` from its own clone of this repository. The build
# runs offline (CARGO_NET_OFFLINE, crates from the local registry cache, which
# `cargo build` has filled) in `target/pre-commit/`. Only pre-commit itself comes from
# PyPI, installed with pip if it is missing.
#
# Usage: bash scripts/pre-commit-check.sh   (from anywhere; exits non-zero on failure)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

if ! python3 -m pre_commit --version >/dev/null 2>&1; then
    echo "== installing pre-commit from PyPI"
    python3 -m pip install --quiet --disable-pip-version-check pre-commit
fi
python3 -m pre_commit --version

rev=$(git rev-parse HEAD)
if ! git cat-file -e "$rev:.pre-commit-hooks.yaml" 2>/dev/null; then
    echo "error: .pre-commit-hooks.yaml is not committed at HEAD ($rev)" >&2
    exit 1
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export CARGO_NET_OFFLINE=true
# A target folder of its own: building pre-commit's clone of this package in
# the repository's target folder overwrote the package's fingerprint with the
# clone's paths, so later `cargo build`s here saw nothing to rebuild and kept
# a binary of the clone. pre-commit's own cache (its clone and the built hook)
# lives beside it, so a second run at the same commit reuses the build.
export CARGO_TARGET_DIR="$repo/target/pre-commit"
export PRE_COMMIT_HOME="$CARGO_TARGET_DIR/pre-commit-home"
export CARGO_TERM_COLOR=never
export GIT_AUTHOR_NAME=copydesk GIT_AUTHOR_EMAIL=copydesk@example.invalid
export GIT_COMMITTER_NAME=copydesk GIT_COMMITTER_EMAIL=copydesk@example.invalid

site="$scratch/site"
mkdir "$site"
cd "$site"
git init -q .
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks: [{id: copydesk}]
YAML
# An empty configuration: built-in settings, whatever lies above the scratch folder.
: > copydesk.toml
page() {
    printf '<!doctype html>\n<html lang="en"><head><title>%s</title></head>\n<body><article>\n<h1>%s</h1>\n<p class="byline">By Ann Writer</p>\n<p>%s</p>\n</article></body></html>\n' "$1" "$1" "$2"
}
page "Launch" "The crew reached the station after a six-hour flight." > clean.html
page "Launch" "The crew reached the the station after a six-hour flight." > typo.html
git add .pre-commit-config.yaml copydesk.toml clean.html typo.html

fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== pre-commit run on a clean page (the first run builds the hook)"
python3 -m pre_commit run --files clean.html > out.txt 2>&1 || { cat out.txt; fail "clean page was refused"; }
cat out.txt

echo "== pre-commit run on a page with a typo"
if python3 -m pre_commit run --files typo.html > out.txt 2>&1; then
    cat out.txt
    fail "a page with a typo passed"
fi
cat out.txt
grep -q 'repeated-word' out.txt || fail "the failure does not name the repeated-word finding"

echo "== git commit through the installed hook"
python3 -m pre_commit install > /dev/null
if git commit -q -m "typo" > out.txt 2>&1; then
    cat out.txt
    fail "a commit with a typo went through"
fi
sed 's/the the station/the station/' typo.html > fixed.html && mv fixed.html typo.html
git add typo.html
git commit -q -m "fixed" > out.txt 2>&1 || { cat out.txt; fail "a clean commit was refused"; }
echo "pre-commit end to end: ok"
