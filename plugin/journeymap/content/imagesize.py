"""The pixel size of an image, read from its header.

Pages give every image its width and height, so that the page does not jump as
lazily loaded pictures arrive. The four raster formats the site accepts keep
their size in the first bytes of the file; reading those is a few lines each
and needs no imaging library (which would also decode, and so trust, the whole
untrusted file). A file whose header does not match its extension is refused.
SVG pictures get none (their size is in CSS units); `content/svg.py` bounds it.

A header can claim any size (a 1 KB PNG can say 1 by 200,000,000 pixels), and the
page gives the picture that size: `size_problem` bounds it before it is used.
"""

from __future__ import annotations

import struct

from journeymap.content import limits

HEADER_BYTES = 64 * 1024
"""Enough for any JPEG whose size marker comes after ordinary metadata (EXIF, ICC)."""


def image_size(suffix: str, head: bytes) -> tuple[int, int] | None:
    """(width, height) of a `.png`, `.jpg`, `.gif` or `.webp` file from its first bytes.

    None when the bytes are not an image of that kind (or its size is not found in them).
    """
    reader = _READERS.get(suffix)
    if reader is None:
        return None
    try:
        size = reader(head)
    except (struct.error, IndexError):  # a header cut short
        return None
    return size if size and size[0] > 0 and size[1] > 0 else None


def size_problem(
    width: float, height: float, *, unit: str = "pixels", sides: bool = True
) -> str | None:
    """Why a picture of this size cannot go on a page, with the fix; None when it can.

    A side (when `sides`) and the whole are bounded, and so is the height for the
    width: pages show a picture at most as wide as its column, so one much taller
    than wide makes the page that many times taller than the column is wide.
    """
    size = f"{width:,.0f} by {height:,.0f} {unit}"  # "inf" when a length has no end
    if sides and max(width, height) > limits.MAX_IMAGE_SIDE:
        return (
            f"is {size}, over the limit of {limits.MAX_IMAGE_SIDE:,} pixels on a side: "
            "make it smaller"
        )
    if sides and width * height > limits.MAX_IMAGE_PIXELS:
        return (
            f"is {size}, over the limit of {limits.MAX_IMAGE_PIXELS // 1_000_000} million "
            "pixels: make it smaller"
        )
    if height > width * limits.MAX_IMAGE_TALLNESS:
        return (
            f"is {size}, more than {limits.MAX_IMAGE_TALLNESS} times as tall as it is "
            "wide, which would make the page as tall: crop it, or split it into pictures"
        )
    return None


def _png(head: bytes) -> tuple[int, int] | None:
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def _gif(head: bytes) -> tuple[int, int] | None:
    if head[:6] not in (b"GIF87a", b"GIF89a"):
        return None
    width, height = struct.unpack("<HH", head[6:10])
    return width, height


def _webp(head: bytes) -> tuple[int, int] | None:
    if head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        return None
    chunk = head[12:16]
    if chunk == b"VP8 ":  # lossy: 14-bit sizes after the frame tag and start code
        if head[23:26] != b"\x9d\x01\x2a":
            return None
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":  # lossless: 14-bit sizes minus one, after a signature byte
        if head[20] != 0x2F:
            return None
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":  # extended: 24-bit sizes minus one
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    return None


# Start-of-frame markers carry the size; C4 (Huffman tables), C8 and CC are not frames.
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg(head: bytes) -> tuple[int, int] | None:
    if head[:2] != b"\xff\xd8":
        return None
    at = 2
    while at + 4 <= len(head):
        if head[at] != 0xFF:
            return None
        marker = head[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            at += 2
            continue
        length = struct.unpack(">H", head[at + 2 : at + 4])[0]
        if marker in _SOF:
            height, width = struct.unpack(">HH", head[at + 5 : at + 9])
            return width, height
        at += 2 + length
    return None


_READERS = {".png": _png, ".gif": _gif, ".webp": _webp, ".jpg": _jpeg, ".jpeg": _jpeg}
