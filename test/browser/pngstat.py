"""pngstat.py PNG [RRGGBB ...]: how many distinct colors the image has and
how many pixels are exactly each color asked for, one per line:

    colors 1234
    2e9e4f 5678

The standard library only (zlib): 8-bit RGB or RGBA, not interlaced, which
is what Chromium's --screenshot writes. Used by run.sh when python3 is
there; the browser test does not need it.
"""
import struct
import sys
import zlib


def rows(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("pngstat: %s: not a PNG" % path)
    pos, idat, hdr = 8, [], None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        sys.exit("pngstat: %s: depth %d type %d interlace %d not handled"
                 % (path, depth, ctype, interlace))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = w * bpp
    prev = bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pr) & 255
        prev = line
        yield [bytes(line[i:i + 3]) for i in range(0, stride, bpp)]


def main():
    want = {bytes.fromhex(c): 0 for c in sys.argv[2:]}
    seen = set()
    for row in rows(sys.argv[1]):
        for px in row:
            seen.add(px)
            if px in want:
                want[px] += 1
    print("colors %d" % len(seen))
    for c, n in want.items():
        print("%s %d" % (c.hex(), n))


main()
