#!/bin/sh
# Measures unhell on the evaluation set (repos.txt) against the chains a
# person sees there (chains.txt) and prints the table of
# docs/evaluation.md; needs the module proxy.
set -e
cd "$(dirname "$0")/../.."
exec go test ./internal/corpus -run TestEvaluation -eval -timeout 60m -v "$@"
