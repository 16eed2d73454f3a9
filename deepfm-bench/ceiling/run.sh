#!/usr/bin/env bash
# Training's share of this machine's arithmetic ceiling: counts the default DeepFM's flops per
# training example, then alternates the FMA ceiling (SIMD multiply-adds on registers only, the
# same measurement as `deepfm bench --jobs peak`) with training epochs in one JVM, so that each
# epoch's GFLOP/s is set against the ceiling of the same moments (this machine's speed drifts).
#
#   deepfm-bench/ceiling/run.sh [THREADS] [EPOCHS] [DATA]
#
# Needs a packaged build (`./deepfm --version` or `mvn -q package -DskipTests` from the root).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../.."
threads="${1:-2}"
epochs="${2:-6}"
data="${3:-$root/../shared/data/ml-100k}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cp="$root/deepfm-cli/target/deepfm-cli.jar:$(ls "$root"/deepfm-cli/target/lib/*.jar | tr '\n' ':')"
javac -nowarn --add-modules jdk.incubator.vector -d "$out" -cp "$cp" "$here/Ceiling.java" 2>/dev/null
java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -cp "$out:$cp" Ceiling "$threads" "$epochs" "$data" 2>/dev/null
