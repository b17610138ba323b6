#!/bin/sh
# Runs unhell on the real-library corpus (modules.txt) and compares the
# findings with the expectations; needs the module proxy. Pass -update to
# accept new findings.
set -e
cd "$(dirname "$0")/../.."
exec go test ./internal/corpus -run TestCorpus -corpus -timeout 20m -v "$@"
