#!/usr/bin/env bash
# Two builds' training side by side in one JVM: each build's jars in its own class loader, training
# epochs of the same job alternated, so that both see the same machine (this one's speed drifts by
# up to 40% over tens of seconds, which no pair of separate runs can see past).
#
#   deepfm-bench/ab/run.sh OLD_ROOT NEW_ROOT [THREADS] [EPOCHS] [DATA]
#
# OLD_ROOT and NEW_ROOT are project folders whose `mvn package` has run (a worktree of an older
# commit: `git worktree add /tmp/old <commit> && (cd /tmp/old && mvn -q package -DskipTests)`).
# Prints each epoch of each build and, per build, the medians over epochs 3 on of the epoch's
# seconds and of the per-step microseconds spent compiling batches, in the network's step and in
# Adam, and a checksum of the parameters (equal when the two builds train the same model).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
old="$(cd "$1" && pwd)"
new="$(cd "$2" && pwd)"
threads="${3:-2}"
epochs="${4:-10}"
data="${5:-$here/../../../shared/data/ml-100k}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cp_of() { echo "$1/deepfm-cli/target/deepfm-cli.jar:$(ls "$1"/deepfm-cli/target/lib/*.jar | tr '\n' ':')"; }
mkdir -p "$out/runner" "$out/main"
javac -nowarn -d "$out/runner" -cp "$(cp_of "$new")" "$here/Runner.java"
javac -d "$out/main" "$here/AB.java"
java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -cp "$out/main" AB \
  "$out/runner" "$old" "$new" "$threads" "$epochs" "$data" 2>/dev/null
