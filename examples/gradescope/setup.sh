#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (Ubuntu).
# It installs what run_autograder needs: Node 20+, ipcbench, util-linux (unshare/setpriv/prlimit, for
# containment), and the languages the submissions are written in.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq curl ca-certificates util-linux python3 gcc libc6-dev
# Java submissions too? Uncomment (and keep "memoryMiB": 0 in grading.json: the JVM reserves more
# address space than any sane limit).
# apt-get install -y -qq default-jdk-headless

if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y -qq nodejs
fi

# ipcbench from a packed tarball in the autograder zip (npm pack), else from the registry.
tarball=$(ls /autograder/source/ipcbench-*.tgz 2>/dev/null | head -n 1 || true)
npm install --global --no-audit --no-fund "${tarball:-ipcbench}"
ipcbench --version
