#!/usr/bin/env python3
"""Draw static/favicon.ico (16, 32 and 48 pixels, PNG inside) as static/favicon.svg shows it: the site's
accent colour, a rounded square, three white lines (a list of provisions). Standard library only.

Run from the repository root: python3 scripts/make-favicon.py
"""

import struct
import zlib

ACCENT = (0x0B, 0x4F, 0x8A)
WHITE = (0xFF, 0xFF, 0xFF)


def pixel(x, y, size):
    # Coordinates in a 32-unit square, sampled 4×4 per pixel for smooth edges.
    samples = []
    for sy in range(4):
        for sx in range(4):
            u = (x + (sx + 0.5) / 4) * 32 / size
            v = (y + (sy + 0.5) / 4) * 32 / size
            r = 6
            cx = min(max(u, r), 32 - r)
            cy = min(max(v, r), 32 - r)
            inside = (u - cx) ** 2 + (v - cy) ** 2 <= r * r
            if not inside:
                samples.append(None)
                continue
            line = any(top <= v < top + 4 and 7 <= u < right for top, right in ((7, 25), (14, 25), (21, 19)))
            samples.append(WHITE if line else ACCENT)
    alpha = sum(1 for s in samples if s is not None) / 16
    colours = [s for s in samples if s is not None] or [ACCENT]
    rgb = tuple(round(sum(c[i] for c in colours) / len(colours)) for i in range(3))
    return (*rgb, round(alpha * 255))


def png(size):
    raw = b"".join(b"\x00" + b"".join(bytes(pixel(x, y, size)) for x in range(size)) for y in range(size))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


images = [png(16), png(32), png(48)]
entries, offset = b"", 6 + 16 * len(images)
for size, data in zip((16, 32, 48), images, strict=True):
    entries += struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(data), offset)
    offset += len(data)
with open("static/favicon.ico", "wb") as icon:
    icon.write(struct.pack("<HHH", 0, 1, len(images)) + entries + b"".join(images))
