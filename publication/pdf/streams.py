"""How large a PDF stream is once decoded, found without decoding more than a bound.

A few kilobytes of Flate or LZW data can decode to gigabytes: read whole, one
such page's content takes all the memory a machine has. Before a stream we did
not make is read, its filters are run here with a cap on what they may give,
so a stream larger than the cap is known as such having held no more than it.
Only the general-purpose filters can grow data this way; image filters (JPEG,
JBIG2 and the like) are left as they are, at their stored size.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from collections.abc import Callable

from pikepdf import Array, Dictionary, Stream

from publication.limits import PDF_STREAM_BYTES

__all__ = ["StreamTooLarge", "decoded_length", "page_content_length", "read_bounded"]

CHUNK = 1 << 16


class StreamTooLarge(ValueError):
    """A stream that decodes to more than we read; the message names the bound."""

    def __init__(self, what: str, limit: int) -> None:
        super().__init__(f"{what} is more than {limit // 2**20} MB once decompressed")


def decoded_length(stream, limit: int) -> int:
    """The length of ``stream``'s decoded data, or ``limit + 1`` if it is longer than ``limit``."""
    most = limit + 1
    data = stream.read_raw_bytes()
    filters = stream.get("/Filter", Array())
    parameters = stream.get("/DecodeParms", Array())
    filters = list(filters) if isinstance(filters, Array) else [filters]
    parameters = list(parameters) if isinstance(parameters, Array) else [parameters]
    for n, name in enumerate(filters):
        decoder = _DECODERS.get(str(name))
        if decoder is None:  # an image filter, or one qpdf cannot decode either
            break
        given = parameters[n] if n < len(parameters) else None
        early = int(given.get("/EarlyChange", 1)) if isinstance(given, Dictionary) else 1
        data = decoder(data, most, early)
    return min(len(data), most)


def read_bounded(stream, what: str, limit: int = PDF_STREAM_BYTES) -> bytes:
    """A stream's decoded data, unless that is more than ``limit`` bytes."""
    if decoded_length(stream, limit) > limit:
        raise StreamTooLarge(what, limit)
    return stream.read_bytes()


def page_content_length(page, limit: int = PDF_STREAM_BYTES) -> int:
    """The decoded length of a page's content (all its streams), up to ``limit + 1``."""
    contents = page.obj.get("/Contents")
    if contents is None:
        return 0
    total = 0
    for stream in list(contents) if isinstance(contents, Array) else [contents]:
        if not isinstance(stream, Stream):
            continue  # qpdf reports the damage when the page is read
        total += decoded_length(stream, limit - total)
        if total > limit:
            return limit + 1
    return total


# Each decoder gives at most ``most`` bytes: giving that many means there was more.


def _inflate(data: bytes, most: int, _early: int) -> bytes:
    """Flate, fed a chunk at a time; broken data ends the output where it breaks, as qpdf does."""
    inflater = zlib.decompressobj()
    out = bytearray()
    for start in range(0, len(data), CHUNK):
        try:
            out += inflater.decompress(data[start : start + CHUNK], most - len(out))
        except zlib.error:
            break
        if len(out) >= most:
            return bytes(out[:most])
        if inflater.eof:
            break
    return bytes(out)


def _lzw(data: bytes, most: int, early: int) -> bytes:
    """LZW as PDF writes it: codes of 9 to 12 bits, most significant bit first."""
    out = bytearray()
    table = [bytes([i]) for i in range(256)] + [b"", b""]
    width, buffer, held, previous = 9, 0, 0, b""
    for byte in data:
        buffer, held = (buffer << 8) | byte, held + 8
        while held >= width:
            held -= width
            code, buffer = buffer >> held, buffer & ((1 << held) - 1)
            if code == 256:  # clear the table
                del table[258:]
                width, previous = 9, b""
                continue
            if code == 257:  # end of data
                return bytes(out)
            if code < len(table):
                entry = table[code]
            elif code == len(table) and previous:
                entry = previous + previous[:1]
            else:
                return bytes(out)  # broken data
            if previous and len(table) < 4096:
                table.append(previous + entry[:1])
            out += entry
            if len(out) >= most:
                return bytes(out[:most])
            previous = entry
            if len(table) + early >= 1 << width and width < 12:
                width += 1
    return bytes(out)


def _run_length(data: bytes, most: int, _early: int) -> bytes:
    out = bytearray()
    n = 0
    while n < len(data) and len(out) < most:
        length = data[n]
        if length == 128:
            break
        if length < 128:
            out += data[n + 1 : n + length + 2]
            n += length + 2
        else:
            out += data[n + 1 : n + 2] * (257 - length)
            n += 2
    return bytes(out[:most])


def _hex(data: bytes, most: int, _early: int) -> bytes:
    digits = bytes(c for c in data.split(b">")[0] if chr(c) in "0123456789abcdefABCDEF")
    return binascii.unhexlify(digits + b"0" * (len(digits) % 2))[:most]


def _ascii85(data: bytes, most: int, _early: int) -> bytes:
    text = bytes(c for c in data.split(b"~>")[0] if c > 32)
    try:  # every 'z' is four bytes: the output is at most four times the input
        return base64.a85decode(text.removeprefix(b"<~"))[:most]
    except ValueError:
        return b""


_DECODERS: dict[str, Callable[[bytes, int, int], bytes]] = {
    "/FlateDecode": _inflate,
    "/Fl": _inflate,
    "/LZWDecode": _lzw,
    "/LZW": _lzw,
    "/RunLengthDecode": _run_length,
    "/RL": _run_length,
    "/ASCIIHexDecode": _hex,
    "/AHx": _hex,
    "/ASCII85Decode": _ascii85,
    "/A85": _ascii85,
}
