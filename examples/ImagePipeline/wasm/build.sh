#!/bin/sh
# Rebuilds image.wasm with Debian's clang-14 and lld-14 (apt-get install clang-14 lld-14).
# image.wasm is committed, so building is only needed after editing image.c.
set -eu
cd "$(dirname "$0")"
clang-14 --target=wasm32 -nostdlib -O2 -fuse-ld=lld \
    -Wall -Wextra -Werror \
    -Wl,--no-entry \
    -o image.wasm image.c
ls -l image.wasm
