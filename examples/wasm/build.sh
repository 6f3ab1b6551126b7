#!/bin/sh
# Rebuilds the example modules with Debian's clang-14 and lld-14 (apt-get install clang-14 lld-14).
# The .wasm files are committed, so building is only needed after editing the C sources.
set -eu
cd "$(dirname "$0")"
for name in math text; do
    clang-14 --target=wasm32 -nostdlib -O2 -fuse-ld=lld \
        -Wl,--no-entry \
        -o "$name.wasm" "$name.c"
done
ls -l math.wasm text.wasm
