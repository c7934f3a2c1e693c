"""A corpus of bad PDFs, made with pikepdf when a test asks (the bombs are a megabyte
at most), and a child process run and measured as a user would run the command.

The time measured is the child's CPU time, with its workers': the wall-clock time
of a child on a shared machine says more about the other work on it than about
ours (a generous wall-clock bound, WALL_SECONDS, catches a hang). Its memory is
its peak as the kernel counts it, through wait4.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

CPU_SECONDS = 10
WALL_SECONDS = 60  # a hang, not a slow machine
PEAK_MB = 500

MEETING_HEAD = """\
council: Exampleton Borough Council
committee: Sample Committee
date: 2026-01-20
time: 6.30pm
venue: Town Hall, Exampleton
language: en-GB
contact: {name: Sam Rivers, telephone: 01632 960 418, email: clerk@exampleton.example}
membership: [Councillor Ruth Okafor (Chair)]
items:
"""
MEETING = (
    MEETING_HEAD
    + """\
  - number: 1
    title: A letter from the county
    appendices:
      - title: The letter
        pdf: letter.pdf
"""
)


# -- bad PDFs ---------------------------------------------------------------------


def tagged_pdf(pages: int = 1) -> tuple[pikepdf.Pdf, Dictionary, Dictionary]:
    """A small tagged PDF: a Document element holding one P per page."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root))
    paragraphs, nums = [], []
    for number in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
        page = pdf.pages[number].obj
        page.Resources = Dictionary(Font=Dictionary(F1=font))
        page.Contents = pdf.make_stream(
            b"/P <</MCID 0>> BDC BT /F1 12 Tf 72 700 Td (A letter.) Tj ET EMC"
        )
        page.StructParents = number
        p = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.P, P=document, Pg=page, K=0))
        paragraphs.append(p)
        nums += [number, Array([p])]
    document.K = Array(paragraphs)
    root.K = Array([document])
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = pages
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String("en-GB")
    return pdf, document, paragraphs[0]


def _saved(pdf: pikepdf.Pdf, path: Path) -> Path:
    pdf.save(path)
    return path


def good_letter(path: Path) -> Path:
    return _saved(tagged_pdf()[0], path)


def structure_cycle(path: Path) -> Path:
    pdf, document, paragraph = tagged_pdf()
    paragraph.K = Array([0, document])  # the Document is its own grandchild
    return _saved(pdf, path)


def deep_structure(path: Path, depth: int = 600) -> Path:
    pdf, _document, paragraph = tagged_pdf()
    parent = paragraph
    for _ in range(depth):
        child = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Span, P=parent))
        parent.K = Array([child])
        parent = child
    return _saved(pdf, path)


def _flate_bomb_data(mib: int) -> bytes:
    """Deflate data that inflates to ``mib`` MiB of zeros, made from 2 MiB: after a full
    flush each block stands alone, so one block is written and repeated."""
    deflater = zlib.compressobj(9)
    megabyte = bytes(1 << 20)
    first = deflater.compress(megabyte) + deflater.flush(zlib.Z_FULL_FLUSH)
    block = deflater.compress(megabyte) + deflater.flush(zlib.Z_FULL_FLUSH)
    return first + block * (mib - 1) + deflater.flush()


def flate_bomb(path: Path, mib: int = 1024) -> Path:
    """A page whose content inflates to a gigabyte: the case from the issue."""
    pdf, _document, _paragraph = tagged_pdf()
    pdf.pages[0].obj.Contents.write(_flate_bomb_data(mib), filter=Name.FlateDecode)
    return _saved(pdf, path)


def _lzw_zeros(cycles: int) -> bytes:
    """LZW codes for zeros, as PDF's LZWDecode reads them: each code one zero longer
    than the last, the table cleared when full (about 7 MB per cycle)."""
    bits = held = 0
    out = bytearray()
    width = 9

    def emit(code: int) -> None:
        nonlocal bits, held
        bits, held = (bits << width) | code, held + width
        while held >= 8:
            held -= 8
            out.append((bits >> held) & 0xFF)
        bits &= (1 << held) - 1

    for _ in range(cycles):
        width = 9
        emit(256)
        emit(0)
        for code in range(258, 4094):
            emit(code)
            if code + 2 >= 1 << width and width < 12:  # the next code needs a wider one
                width += 1
    emit(257)
    if held:
        out.append((bits << (8 - held)) & 0xFF)
    return bytes(out)


def lzw_bomb(path: Path) -> Path:
    pdf, _document, _paragraph = tagged_pdf()
    pdf.pages[0].obj.Contents.write(_lzw_zeros(cycles=10), filter=Name.LZWDecode)
    return _saved(pdf, path)


def many_pages(path: Path, count: int = 20_000) -> Path:
    """One page named 20,000 times by the page tree: a small file, qpdf would make
    each a page of its own in memory."""
    pdf, _document, _paragraph = tagged_pdf()
    page = pdf.pages[0].obj
    pdf.Root.Pages.Kids = Array([page] * count)
    pdf.Root.Pages.Count = count
    return _saved(pdf, path)


def page_tree_loop(path: Path) -> Path:
    pdf, _document, _paragraph = tagged_pdf()
    pages = pdf.Root.Pages
    inner = pdf.make_indirect(Dictionary(Type=Name.Pages, Parent=pages, Count=2))
    inner.Kids = Array([pdf.pages[0].obj, pages])
    pages.Kids = Array([inner])
    pages.Count = 2
    return _saved(pdf, path)


def parent_tree_loop(path: Path) -> Path:
    pdf, _document, paragraph = tagged_pdf()
    node = pdf.make_indirect(Dictionary(Nums=Array([0, Array([paragraph])])))
    node.Kids = Array([node])
    pdf.Root.StructTreeRoot.ParentTree = node
    return _saved(pdf, path)


def destinations_loop(path: Path) -> Path:
    pdf, _document, _paragraph = tagged_pdf()
    node = pdf.make_indirect(Dictionary())
    node.Kids = Array([node])
    pdf.Root.Names = Dictionary(Dests=node)
    return _saved(pdf, path)


def font_widths_bomb(path: Path, repeats: int = 20_000) -> Path:
    """A two-byte font whose /W gives one width to two billion codes, then to all 65,536
    codes again and again: read code by code, it would fill the memory, then the hour."""
    pdf, _document, _paragraph = tagged_pdf()
    widths = [0, 2_000_000_000, 500] + [0, 0xFFFF, 600] * repeats
    descendant = Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name.Helvetica, DW=1000,
        CIDSystemInfo=Dictionary(Registry=String("Adobe"), Ordering=String("Identity"),
                                 Supplement=0),
        W=Array(widths),
    )  # fmt: skip
    font = Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=Name.Helvetica,
        Encoding=Name("/Identity-H"), DescendantFonts=Array([descendant]),
    )  # fmt: skip
    page = pdf.pages[0].obj
    page.Resources.Font.F1 = pdf.make_indirect(font)
    page.Contents = pdf.make_stream(b"/P <</MCID 0>> BDC BT /F1 12 Tf 72 700 Td <0041> Tj ET EMC")
    return _saved(pdf, path)


def outline_loop(path: Path) -> Path:
    """A bookmark that is its own next and its own first child."""
    pdf, _document, _paragraph = tagged_pdf()
    outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines, Count=1))
    item = pdf.make_indirect(
        Dictionary(Title=String("Again"), Parent=outlines, Dest=Array([pdf.pages[0].obj, Name.Fit]))
    )
    item.Next = item
    item.First = item
    item.Last = item
    outlines.First = outlines.Last = item
    pdf.Root.Outlines = outlines
    return _saved(pdf, path)


def active(path: Path) -> Path:
    """Everything a council must not republish, and three links that may stay."""
    pdf, _document, _paragraph = tagged_pdf()
    page = pdf.pages[0].obj

    def script(code: str) -> Dictionary:
        return Dictionary(S=Name.JavaScript, JS=String(code))

    def link(action: Dictionary, y: int) -> Dictionary:
        rect = Array([72, y, 200, y + 20])
        return pdf.make_indirect(
            Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=rect, A=action)
        )

    pdf.Root.OpenAction = script("app.alert('opened')")
    page.AA = Dictionary(O=script("app.alert('page')"))
    payload = pdf.make_stream(b"MZ not a program")
    payload.Type = Name.EmbeddedFile
    spec = pdf.make_indirect(
        Dictionary(Type=Name.Filespec, F=String("payload.exe"), EF=Dictionary(F=payload))
    )
    submit = Dictionary(S=Name.SubmitForm, F=String("https://collect.example/"))
    widget = pdf.make_indirect(
        Dictionary(Type=Name.Annot, Subtype=Name.Widget, FT=Name.Btn, T=String("send"),
                   Rect=Array([72, 360, 150, 380]), A=submit)
    )  # fmt: skip
    attachment = Dictionary(
        Type=Name.Annot, Subtype=Name.FileAttachment, Rect=Array([72, 400, 90, 420]), FS=spec
    )
    page.Annots = Array([
        link(script("app.alert('link')"), 600),
        link(Dictionary(S=Name.Launch, F=String("calc.exe")), 560),
        link(Dictionary(S=Name.URI, URI=String("file:///etc/passwd")), 520),
        link(Dictionary(S=Name.URI, URI=String("https://www.example.org/")), 480),
        link(Dictionary(S=Name.URI, URI=String("mailto:clerk@exampleton.example")), 440),
        link(Dictionary(S=Name.URI, URI=String("tel:+441632960418")), 320),
        link(Dictionary(S=Name.URI, URI=String("javascript:app.alert(2)")), 280),
        pdf.make_indirect(attachment),
        widget,
    ])  # fmt: skip
    pdf.Root.Names = Dictionary(
        EmbeddedFiles=Dictionary(Names=Array([String("payload.exe"), spec])),
        JavaScript=Dictionary(Names=Array([String("hello"), script("app.alert(1)")])),
    )
    xfa = pdf.make_stream(b"<xdp:xdp><script>app.alert(1)</script></xdp:xdp>")
    pdf.Root.AcroForm = Dictionary(Fields=Array([widget]), XFA=xfa)
    return _saved(pdf, path)


def broken_xref(path: Path) -> Path:
    """Offsets that point nowhere: qpdf finds the objects again, as readers do."""
    good_letter(path)
    data = re.sub(rb"startxref\s+\d+", b"startxref\n999999", path.read_bytes())
    path.write_bytes(re.sub(rb"\n(\d{10}) 00000 n", b"\n0000000001 00000 n", data))
    return path


def garbage(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    return path


def object_stream_bomb(path: Path, mib: int = 1024) -> Path:
    """The catalog inside an object stream that inflates to a gigabyte: qpdf must decode
    it to open the file, so only the memory limit can stop it."""
    header, objects = b"1 0 2 30 ", b"<</Type/Catalog/Pages 2 0 R>> <</Type/Pages/Kids[]/Count 0>>"
    deflater = zlib.compressobj(9)
    spaces = b" " * (1 << 20)
    head = header + objects
    data = deflater.compress(head + spaces[len(head) :]) + deflater.flush(zlib.Z_FULL_FLUSH)
    data += (deflater.compress(spaces) + deflater.flush(zlib.Z_FULL_FLUSH)) * (mib - 1)
    data += deflater.flush()
    out = bytearray(b"%PDF-1.5\n")
    stream_at = len(out)
    out += b"5 0 obj <</Type/ObjStm/N 2/First %d/Filter/FlateDecode/Length %d>>\nstream\n" % (
        len(header), len(data))  # fmt: skip
    out += data + b"\nendstream\nendobj\n"
    xref_at = len(out)
    rows = [(0, 0, 65535), (2, 5, 0), (2, 5, 1), (0, 0, 0), (0, 0, 0), (1, stream_at, 0),
            (1, xref_at, 0)]  # fmt: skip
    xref = b"".join(struct.pack(">BIH", *row) for row in rows)
    out += b"6 0 obj <</Type/XRef/Size 7/W[1 4 2]/Root 1 0 R/Length %d>>\nstream\n" % len(xref)
    out += xref + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    path.write_bytes(bytes(out))
    return path


# -- a child process, measured --------------------------------------------------------


@dataclass
class Ran:
    code: int
    out: str
    err: str
    cpu: float  # seconds, of the child and the workers it waited for
    wall: float
    peak_mb: float


def run_child(*args: str, cwd: Path) -> Ran:
    """``python -m publication ARGS`` in a child; its exit code, output and what it used."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-m", "publication", *args],
                                   stdout=out, stderr=err, cwd=cwd)  # fmt: skip
        watchdog = threading.Timer(WALL_SECONDS, process.kill)
        watchdog.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        watchdog.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Ran(
            process.returncode,
            out.read().decode(),
            err.read().decode(),
            usage.ru_utime + usage.ru_stime,
            wall,
            usage.ru_maxrss / 1024,
        )


def assert_bounded(ran: Ran, code: int) -> None:
    text = ran.out + ran.err
    assert ran.code == code, text
    assert "Traceback" not in text and "internal error" not in text, text
    assert ran.cpu < CPU_SECONDS, f"{ran.cpu:.1f} s of CPU"
    assert ran.wall < WALL_SECONDS
    assert ran.peak_mb < PEAK_MB, f"{ran.peak_mb:.0f} MB"
