#!/usr/bin/env python3
"""Writes input.png: a 256 x 256 landscape (sky, sun, hills, a lake) with grain, drawn with integer arithmetic.

8-bit RGB, zlib-compressed at level 9, and each row uses the PNG filter (row mod 5), so the example's decoder meets
all five filter types and real Huffman-coded deflate. input.png is committed; run this only to change it."""
import struct
import zlib
from pathlib import Path

SIZE = 256


def noise(x, y):
    """A hash of (x, y) in 0..255: film grain that is the same everywhere."""
    h = (x * 374761393 + y * 668265263) & 0xFFFFFFFF
    h = ((h ^ (h >> 13)) * 1274126177) & 0xFFFFFFFF
    return (h ^ (h >> 16)) & 0xFF


def isqrt_dist2(x, y, cx, cy):
    return (x - cx) ** 2 + (y - cy) ** 2


def hill(x, base, amplitude, period):
    """A smooth ridge line from integer triangle waves."""
    t = (x * 2 * amplitude // period) % (2 * amplitude)
    return base - (t if t < amplitude else 2 * amplitude - t)


def pixel(x, y):
    horizon = 168
    ridge_far = hill(x + 40, 132, 26, 180)
    ridge_near = hill(x + 7, 150, 18, 96)
    if y < horizon:
        if isqrt_dist2(x, y, 186, 58) < 22 * 22:
            r, g, b = 255, 236, 170
        elif y >= ridge_near:
            r, g, b = 46 + y // 8, 92 + (x % 37), 40
        elif y >= ridge_far:
            r, g, b = 92, 104 + y // 6, 128
        else:
            glow = max(0, 90 - isqrt_dist2(x, y, 186, 58) // 90)
            r, g, b = 70 + y // 2 + glow, 120 + y // 3 + glow // 2, 210 - y // 4
    else:
        # The lake mirrors the sky row above the horizon, darker, with ripples.
        mirror = horizon - (y - horizon) - 1 - ((y * 3 + x // 16) % 4)
        r, g, b = pixel(x, max(0, mirror))
        r, g, b = r * 3 // 5, g * 3 // 5, b * 4 // 5
    grain = noise(x, y) % 17 - 8
    return tuple(min(255, max(0, c + grain)) for c in (r, g, b))


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def filtered(rows):
    bpp = 3
    out = bytearray()
    previous = bytes(len(rows[0]))
    for y, row in enumerate(rows):
        kind = y % 5
        out.append(kind)
        for i, value in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            predictor = (0, a, b, (a + b) // 2, paeth(a, b, c))[kind]
            out.append((value - predictor) & 0xFF)
        previous = row
    return bytes(out)


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


rows = [bytes(c for x in range(SIZE) for c in pixel(x, y)) for y in range(SIZE)]
png = (b"\x89PNG\r\n\x1a\n"
       + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(filtered(rows), 9))
       + chunk(b"IEND", b""))
Path(__file__).with_name("input.png").write_bytes(png)
print(f"input.png: {SIZE} x {SIZE} RGB, {len(png)} bytes")
