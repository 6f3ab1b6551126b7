#!/bin/sh
# Rebuilds the benchmark modules from src/*.c with Debian's clang-14 and lld-14
# (apt-get install -y clang-14 lld-14). No libc: each module exports init/run (and fib).
set -eu
cd "$(dirname "$0")"
mkdir -p modules
for source in src/*.c; do
    name=$(basename "$source" .c)
    clang-14 --target=wasm32 -O2 -nostdlib -fno-builtin -Wl,--no-entry -Wl,--lto-O2 -fuse-ld=lld \
        -o "modules/$name.wasm" "$source"
done
ls -l modules
