#!/usr/bin/env python3
"""Draws the Teams app icons (standard library only) and writes them next to this script.

  color.png    192x192, full colour: a white shield carrying a check mark on the AimsBot blue.
  outline.png  32x32, white on transparent (what Teams requires): the shield's outline and the check mark.

The icons are committed; run `python3 manifest/make-icons.py` again only to change them.
"""

import math
import os
import struct
import zlib

BLUE = (0x1F, 0x4E, 0x8C)
WHITE = (0xFF, 0xFF, 0xFF)
SAMPLES = 4  # supersampling per axis: 16 samples a pixel for smooth edges


def shield(size):
    """The shield as a polygon in pixel coordinates, clockwise from the top-left corner."""
    left, right = 0.24 * size, 0.76 * size
    top, shoulder, tip = 0.16 * size, 0.22 * size, 0.86 * size
    mid = size / 2
    points = [(left, shoulder)]
    # Top edge: rises gently to the middle and back.
    for i in range(1, 16):
        t = i / 16
        x = left + (right - left) * t
        y = shoulder - (shoulder - top) * math.sin(math.pi * t)
        points.append((x, y))
    points.append((right, shoulder))
    # Right side: straight down, then a curve to the tip.
    side = 0.52 * size
    points.append((right, side))
    for i in range(1, 17):
        t = i / 16
        # Quadratic Bezier from (right, side) via (right, 0.72) to (mid, tip).
        c = (right, 0.74 * size)
        x = (1 - t) ** 2 * right + 2 * (1 - t) * t * c[0] + t**2 * mid
        y = (1 - t) ** 2 * side + 2 * (1 - t) * t * c[1] + t**2 * tip
        points.append((x, y))
    # Left side mirrors the right.
    for i in range(15, -1, -1):
        t = i / 16
        c = (left, 0.74 * size)
        x = (1 - t) ** 2 * left + 2 * (1 - t) * t * c[0] + t**2 * mid
        y = (1 - t) ** 2 * side + 2 * (1 - t) * t * c[1] + t**2 * tip
        points.append((x, y))
    return points


def check(size):
    """The check mark as a polyline."""
    return [(0.37 * size, 0.50 * size), (0.47 * size, 0.61 * size), (0.65 * size, 0.38 * size)]


def inside(polygon, x, y):
    result = False
    n = len(polygon)
    for i in range(n):
        x1, y1 = polygon[i]
        x2, y2 = polygon[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def distance_to_polyline(points, x, y, closed=False):
    best = float("inf")
    n = len(points)
    for i in range(n if closed else n - 1):
        x1, y1 = points[i]
        x2, y2 = points[(i + 1) % n]
        dx, dy = x2 - x1, y2 - y1
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / length2))
        px, py = x1 + t * dx, y1 + t * dy
        best = min(best, math.hypot(x - px, y - py))
    return best


def coverage(size, covered):
    """Fraction (0..1) of each pixel for which covered(x, y) holds, by supersampling."""
    rows = []
    for py in range(size):
        row = []
        for px in range(size):
            hits = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    if covered(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES):
                        hits += 1
            row.append(hits / (SAMPLES * SAMPLES))
        rows.append(row)
    return rows


def write_png(path, size, pixel):
    """pixel(x, y) -> (r, g, b, a); writes an 8-bit RGBA PNG."""
    raw = bytearray()
    for y in range(size):
        raw.append(0)  # filter: none
        for x in range(size):
            raw.extend(pixel(x, y))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(bytes(raw), 9))
    png += chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def mix(a, b, t):
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


def color_icon(path, size=192):
    body = shield(size)
    tick = check(size)
    half_stroke = 0.045 * size
    shield_cover = coverage(size, lambda x, y: inside(body, x, y))
    tick_cover = coverage(size, lambda x, y: distance_to_polyline(tick, x, y) <= half_stroke)

    def pixel(x, y):
        # Blue background, white shield, blue check mark on the shield.
        c = mix(BLUE, WHITE, shield_cover[y][x])
        c = mix(c, BLUE, tick_cover[y][x] * shield_cover[y][x])
        return (*c, 255)

    write_png(path, size, pixel)


def outline_icon(path, size=32):
    # The outline icon has its own, bolder geometry: at 32 px thin strokes vanish.
    body = [(x * 1.12 - 0.06 * size, y * 1.12 - 0.07 * size) for x, y in shield(size)]
    tick = [(x * 1.12 - 0.06 * size, y * 1.12 - 0.07 * size) for x, y in check(size)]
    stroke = 1.1
    cover = coverage(
        size,
        lambda x, y: distance_to_polyline(body, x, y, closed=True) <= stroke
        or distance_to_polyline(tick, x, y) <= stroke,
    )

    def pixel(x, y):
        return (255, 255, 255, round(255 * cover[y][x]))

    write_png(path, size, pixel)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    color_icon(os.path.join(here, "color.png"))
    outline_icon(os.path.join(here, "outline.png"))
    print("wrote color.png (192x192) and outline.png (32x32) in", here)
