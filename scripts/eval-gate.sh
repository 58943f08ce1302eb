#!/usr/bin/env bash
# Recall gate: runs ../shared/eval on one seed with the given binary and fails
# below recall 0.95, above 0.05 false alarms per untouched page, or below 0.95
# correct fix suggestions. .ci/run calls it, so recall cannot slip back unseen.
#
#   scripts/eval-gate.sh BIN [SEED]
set -euo pipefail
bin=${1:?usage: scripts/eval-gate.sh BIN [SEED]}
seed=${2:-1}
here="$(cd "$(dirname "$0")/.." && pwd)"
kit="$here/../shared/eval/run.sh"
if [ ! -x "$kit" ] && [ ! -f "$kit" ]; then
    if [ "${COPYDESK_REQUIRE_CORPUS:-}" = 1 ]; then
        echo "eval-gate: $kit not found" >&2
        exit 1
    fi
    echo "eval-gate: skipped (../shared/eval not found)"
    exit 0
fi
out=$(bash "$kit" "$bin" "$seed")
echo "$out" | tail -n 25
last=$(echo "$out" | tail -n 1)
python3 - "$last" <<'PY'
import re, sys
line = sys.argv[1]
vals = dict(re.findall(r"(\w+)=([0-9.]+)", line))
recall, fp, acc = float(vals["recall"]), float(vals["fp_per_clean_page"]), float(vals["suggestion_acc"])
bad = []
if recall < 0.95: bad.append(f"recall {recall} < 0.95")
if fp > 0.05: bad.append(f"false alarms {fp}/page > 0.05")
if acc < 0.95: bad.append(f"suggestion accuracy {acc} < 0.95")
if bad:
    print("eval-gate: FAILED: " + "; ".join(bad)); sys.exit(1)
print("eval-gate: ok")
PY
