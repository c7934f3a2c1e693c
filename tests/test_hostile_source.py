"""Hostile and broken content, tried as an attacker and as a careless author would.

Each case is a tiny project made at test time (the bombs are a few kilobytes),
run through the real command in a process of its own (see ``isolated.py``). For
each: the exit code, a message naming the file and line, no traceback, under
10 s and 500 MB, nothing opened outside the project (every project has an
``outside/`` folder beside ``content/`` holding a secret, and links into it), the
secret in no output, and the previous PDF byte for byte as it was.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from helpers import normalise
from isolated import OUTSIDE_MARK, Job, Outcome, run_isolated
from PIL import Image as PillowImage
from pypdf import PdfReader

SECRET = "SECRET-7f3a9c-not-for-publication"
PREVIOUS = b"%PDF-1.7\n% the previous good build, which a failed build must keep\n"
PUBLICATION = """\
title: Library leaflet
organisation: Exampleton Borough Council
language: en-GB
sections:
  - title: Opening hours
    text: Open every day.
"""
MEETING = """\
council: Exampleton Borough Council
committee: Communities Scrutiny Committee
date: 2026-01-20
time: 6.30pm
venue: Council Chamber
contact: {name: Sam Rivers, telephone: 01632 960 418, email: clerk@exampleton.example}
membership: [Councillor Ruth Okafor]
items:
  - number: 1
    title: Library report
    report:
      report_of: Director of Communities
      recommendations: [That the committee notes the report.]
"""


@dataclass(frozen=True)
class Case:
    """A project to make, the command to run on it, and what must come out."""

    name: str
    files: dict[str, str | bytes | Callable[[Path], None]]
    where: str  # the file and line the message must point at, such as 'publication.yaml:4'
    words: str  # words the message must hold
    code: int = 1
    argv: tuple[str, ...] = ("build", "content/p")
    links: dict[str, str] = field(default_factory=dict)  # link -> target, from the project root


def _section(body: str) -> str:
    return PUBLICATION.replace("    text: Open every day.\n", body)


def _figure(name: str) -> str:
    return _section(f"    blocks:\n      - figure: {{image: {name}, alt: A map of the library}}\n")


def _figure_case(name: str, image: str, content: object, words: str) -> Case:
    """A figure naming ``image``, which holds ``content``; refused at the figure's line."""
    files = {"content/p/publication.yaml": _figure(image), f"content/p/{image}": content}
    return Case(name, files, "publication.yaml:7", words)


def _markdown_file(name: str = "intro.md") -> str:
    return _section(f"    file: {name}\n")


def _appendix(line: str) -> str:
    return MEETING + f"    appendices:\n      - {line}\n"


def _report_file(name: str) -> str:
    return MEETING + f"      sections:\n        - title: Background\n          file: {name}\n"


# -- tiny bombs -------------------------------------------------------------------


def _png_bomb(width: int, height: int) -> Callable[[Path], None]:
    """A real one-bit PNG of width x height white pixels: kilobytes on disk, gigabytes
    once decoded at 8 bits a channel as WeasyPrint would."""
    return lambda path: path.write_bytes(_png_bomb_bytes(width, height))


@cache
def _png_bomb_bytes(width: int, height: int) -> bytes:
    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row * 1000) for _ in range(height // 1000))
    data += packer.compress(row * (height % 1000)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    chunks = [(b"IHDR", header), (b"IDAT", data), (b"IEND", b"")]
    body = b"".join(
        struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d)) for t, d in chunks
    )
    return b"\x89PNG\r\n\x1a\n" + body


def _png(path: Path) -> None:
    PillowImage.new("RGB", (40, 30), (20, 90, 160)).save(path)


SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
USE_BOMB = (
    f'{SVG_HEAD} viewBox="0 0 10 10"><defs><rect id="a0" width="1" height="1"/>'
    + "".join(
        f'<g id="a{n}">' + f'<use xlink:href="#a{n - 1}"/>' * 10 + "</g>" for n in range(1, 9)
    )
    + '</defs><use xlink:href="#a8"/></svg>'
)
ENTITY_BOMB = (
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    + f']>{SVG_HEAD} viewBox="0 0 10 10"><text>&lol9;</text></svg>'
)
USE_LOOP = f'{SVG_HEAD} viewBox="0 0 1 1"><g id="a"><use href="#a"/></g></svg>'
ELEMENT_FLOOD = f'{SVG_HEAD} viewBox="0 0 1 1">' + '<rect width="1"/>' * 60_000 + "</svg>"
SVG_READING_OUT = (
    f'{SVG_HEAD} viewBox="0 0 1 1"><image href="../../outside/secret.png" width="1" height="1"/>'
    "</svg>"
)
POSTSCRIPT = "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 9 9\n"  # Pillow would run Ghostscript
BILLION_LAUGHS = (
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + PUBLICATION
    + "keywords: *i\n"
)

CASES = [
    # YAML: expansion, tags, characters YAML cannot read, nesting, size
    Case("billion-laughs", {"content/p/publication.yaml": BILLION_LAUGHS},
         "publication.yaml:6", "aliases ('*name') write out more than 100,000 values"),
    Case("recursive-alias", {"content/p/publication.yaml": PUBLICATION + "keywords: &k [a, *k]\n"},
         "publication.yaml:7", "an alias ('*name') stands inside the block it names"),
    Case("python-tag", {"content/p/publication.yaml":
                        PUBLICATION.replace("Library leaflet", "!!python/name:os.system")},
         "publication.yaml:1", "'!!python/name:os.system' is a YAML tag"),
    Case("local-tag", {"content/p/publication.yaml": PUBLICATION + "summary: !foo bar\n"},
         "publication.yaml:7", "'!foo' is a YAML tag"),
    Case("nul-byte", {"content/p/publication.yaml": PUBLICATION + "summary: a\x00b\n"},
         "publication.yaml:7:11", "U+0000 NULL, a character YAML cannot read"),
    Case("deep-nesting", {"content/p/publication.yaml": PUBLICATION + "keywords: " +
                          "[" * 900 + "]" * 900 + "\n"},
         "publication.yaml:7", "nested more than 40 deep"),
    Case("huge-yaml", {"content/p/publication.yaml": PUBLICATION + "keywords:\n" +
                       "- word\n" * 120_000},
         "publication.yaml:99992", "the file holds more than 100,000 values"),
    Case("yaml-too-big", {"content/p/publication.yaml": PUBLICATION + "#" * 2_100_000 + "\n"},
         "publication.yaml", "a content file may be 2 MB at most"),
    Case("complex-key", {"content/p/publication.yaml": PUBLICATION + "? [a, b]\n: c\n"},
         "publication.yaml:7", "a key must be a word"),
    # values where the schema wants a number or yes/no
    Case("depth-in-words", {"content/p/publication.yaml": PUBLICATION + "contents_depth: two\n"},
         "publication.yaml:7", "'contents_depth' must be a whole number, not 'two'"),
    Case("flag-in-words", {"content/p/publication.yaml":
                           _section("    new_page: perhaps\n    text: Open.\n")},
         "publication.yaml:6", "'new_page' must be true or false (or yes or no), not 'perhaps'"),
    Case("size-in-words", {"content/p/publication.yaml": PUBLICATION + "large_print: [big]\n"},
         "publication.yaml:7", "'big' is not a whole number of points"),
    Case("empty-title", {"content/p/publication.yaml": PUBLICATION.replace("Library leaflet", "")},
         "publication.yaml:1", "'title' is empty"),
    Case("empty-block", {"content/p/publication.yaml": _section("    blocks:\n      - text:\n")},
         "publication.yaml:7", "the text block is empty"),
    # reads outside the project, through links, whatever the kind of file
    Case("markdown-link-out", {"content/p/publication.yaml": _markdown_file()},
         "publication.yaml:6", "'intro.md' is a link to a file outside",
         links={"content/p/intro.md": "outside/secret.md"}),
    Case("markdown-to-passwd", {"content/p/publication.yaml": _markdown_file()},
         "publication.yaml:6", "'intro.md' is a link to a file outside",
         links={"content/p/intro.md": "/etc/passwd"}),
    Case("markdown-in-images", {"content/p/publication.yaml": _markdown_file()},
         "publication.yaml:6", "'intro.md' is a link to a file outside",
         links={"content/p/intro.md": "images/notes.md"}),
    Case("markdown-link-loop", {"content/p/publication.yaml": _markdown_file()},
         "publication.yaml:6", "'intro.md' is a link that leads to no file",
         links={"content/p/intro.md": "content/p/intro.md"}),
    Case("markdown-is-a-pipe", {"content/p/publication.yaml": _markdown_file(),
                                "content/p/intro.md": "fifo"},
         "publication.yaml:6", "'intro.md' is not a file (a folder, a device or a pipe)"),
    Case("nul-in-file-name", {"content/p/publication.yaml": _markdown_file('"in\\0tro.md"')},
         "publication.yaml:6", "the file name 'in\\u0000tro.md' contains a control character"),
    Case("word-link-out", {"content/p/publication.yaml": _markdown_file("report.docx")},
         "publication.yaml:6", "'report.docx' is a link to a file outside",
         links={"content/p/report.docx": "outside/secret.md"}),
    Case("yaml-link-out", {}, "content/p/publication.yaml", "publication.yaml is a link",
         links={"content/p/publication.yaml": "outside/publication.yaml"}),
    Case("image-link-out", {"content/p/publication.yaml": _figure("map.png")},
         "publication.yaml:7", "image 'map.png' is a link to a file outside",
         links={"content/p/map.png": "outside/secret.png"}),
    Case("report-link-out", {"content/m/meeting.yaml": _report_file("intro.md")},
         "meeting.yaml:16", "'intro.md' is a link to a file outside",
         argv=("pack", "content/m"), links={"content/m/intro.md": "outside/secret.md"}),
    Case("appendix-pdf-link-out", {"content/m/meeting.yaml":
                                   _appendix("{title: Letter, pdf: letter.pdf}")},
         "meeting.yaml:15", "PDF 'letter.pdf' is a link to a file outside",
         argv=("pack", "content/m"), links={"content/m/letter.pdf": "outside/secret.pdf"}),
    Case("appendix-publication-link-out", {"content/m/meeting.yaml":
                                           _appendix("{title: Plan, publication: plan}")},
         "meeting.yaml:15", "content/plan is a link to a folder outside content/",
         argv=("pack", "content/m"), links={"content/plan": "outside/plan"}),
    # images: bombs, files that are not what they say, SVGs that cost too much
    _figure_case("bomb-figure", "map.png", _png_bomb(20_000, 20_000),
                 "image 'map.png' has more than 179 million pixels"),
    _figure_case("large-figure", "map.png", _png_bomb(9_000, 6_000),
                 "has 9,000 × 6,000, 54 million pixels"),
    Case("bomb-markdown-image", {"content/p/publication.yaml": _markdown_file(),
                                 "content/p/intro.md": "# Map\n\n![A map](map.png)\n",
                                 "content/p/map.png": _png_bomb(20_000, 20_000)},
         "intro.md:3", "image 'map.png' has more than 179 million pixels"),
    Case("bomb-image-appendix", {"content/m/meeting.yaml":
                                 _appendix("{title: Plan, image: plan.png, alt: The plan}"),
                                 "content/m/plan.png": _png_bomb(20_000, 20_000)},
         "meeting.yaml:15", "image 'plan.png' has more than 179 million pixels",
         argv=("pack", "content/m")),
    Case("html-as-markdown-image", {"content/p/publication.yaml": _markdown_file(),
                                    "content/p/intro.md": "Where we are:\n\n![A map](map.png)\n",
                                    "content/p/map.png": "<!DOCTYPE html><html>Not found</html>"},
         "intro.md:3", "image 'map.png' cannot be read as an image"),
    _figure_case("postscript-as-png", "map.png", POSTSCRIPT,
                 "image 'map.png' cannot be read as an image"),
    _figure_case("html-as-svg", "map.svg", "<html><body>Not found</body></html>",
                 "image 'map.svg' is not an SVG image"),
    _figure_case("svg-use-bomb", "map.svg", USE_BOMB,
                 "image 'map.svg' draws more than 50,000 elements"),
    _figure_case("svg-entity-bomb", "map.svg", ENTITY_BOMB, "built from other entities"),
    _figure_case("svg-use-loop", "map.svg", USE_LOOP, "a <use> that copies the group it stands in"),
    _figure_case("svg-element-flood", "map.svg", ELEMENT_FLOOD, "draws more than 50,000 elements"),
    _figure_case("svg-reads-outside", "map.svg", SVG_READING_OUT,
                 "refers to '../../outside/secret.png'"),
    Case("svg-icon-bomb", {"content/p/publication.yaml":
                           _section("    icon: images/icon.svg\n    text: Open.\n"),
                           "images/icon.svg": USE_BOMB},
         "publication.yaml:6", "image 'images/icon.svg' draws more than 50,000 elements"),
    # size
    Case("five-thousand-sections", {"content/p/publication.yaml": PUBLICATION + "".join(
        f"  - title: Section {n}\n    new_page: false\n" for n in range(5000))},
         "publication.yaml:2005", "more than 1,000 sections"),
    Case("two-hundred-reports", {"content/m/meeting.yaml": MEETING + "".join(
        f"  - number: {n}\n    title: Item {n}\n    report: {{report_of: D, recommendations: [x]}}"
        "\n" for n in range(2, 260))},
         "meeting.yaml:611", "more than 200 documents", argv=("pack", "content/m")),
    Case("markdown-too-big", {"content/p/publication.yaml": _markdown_file(),
                              "content/p/intro.md": "word " * 420_000},
         "publication.yaml:6", "'intro.md' is 2.1 MB; a content file may be 2 MB at most"),
    Case("text-used-too-often", {"content/p/publication.yaml": PUBLICATION + "".join(
        f"  - title: Part {n}\n    file: intro.md\n" for n in range(30)),
                                 "content/p/intro.md": "word " * 100_000},
         "publication.yaml:10", "more than 1,000,000 characters of text"),
    Case("wide-table", {"content/p/publication.yaml": _section(
        "    blocks:\n      - table:\n          caption: Wide\n          rows:\n"
        + ("            - [" + ", ".join(["cell"] * 200) + "]\n") * 2)},
         "publication.yaml:8", "the table has 200 columns; a table may have 40 at most"),
    Case("long-markdown-tables", {"content/p/publication.yaml": _markdown_file(),
                                  "content/p/intro.md": "| A | B |\n| - | - |\n"
                                  + "| x | y |\n" * 5_200},
         "intro.md:5002", "the tables hold more than 10,000 cells"),
    Case("deep-raw-html", {"content/p/publication.yaml": _markdown_file(),
                           "content/p/intro.md": "x " + "<sup>" * 3000 + "deep" + "</sup>" * 3000},
         "intro.md:1", "nests elements more than 60 deep"),
    # links: one rule for Markdown, raw HTML and a contact's website
    Case("website-javascript", {"content/p/publication.yaml": _section(
        "    blocks:\n      - contact: {name: Parks, website: 'javascript:alert(1)'}\n")},
         "publication.yaml:7", "uses 'javascript:', which a publication never links to"),
    Case("website-file", {"content/p/publication.yaml": _section(
        "    blocks:\n      - contact: {name: Parks, website: 'file:///etc/passwd'}\n")},
         "publication.yaml:7", "uses 'file:'"),
    Case("markdown-javascript-link", {"content/p/publication.yaml": _section(
        "    text: '[Pay now](javascript:steal())'\n")},
         "publication.yaml:6", "the link 'javascript:steal()' uses 'javascript:'"),
    Case("markdown-file-link", {"content/p/publication.yaml": _markdown_file(),
                                "content/p/intro.md": "Fill in [the form](form.pdf).\n"},
         "intro.md:1", "the link 'form.pdf' is not a web address"),
    # the command line
    Case("out-is-a-file", {"content/p/publication.yaml": PUBLICATION, "notes.txt": "x"},
         "", "--out notes.txt: this is a file, not a folder", argv=("build", "content/p",
                                                                     "--out", "notes.txt")),
    Case("out-under-a-file", {"content/p/publication.yaml": PUBLICATION, "notes.txt": "x"},
         "", "part of the path is a file", argv=("build", "content/p", "--out", "notes.txt/b")),
    Case("out-unwritable", {"content/p/publication.yaml": PUBLICATION},
         "", "--out /proc/publication-out: cannot write there",
         argv=("build", "content/p", "--out", "/proc/publication-out")),
    Case("check-dev-zero", {}, "/dev/zero", "not a regular file",
         argv=("check", "/dev/zero")),
    Case("check-a-pipe", {"waiting.pdf": "fifo"}, "waiting.pdf", "not a regular file",
         argv=("check", "waiting.pdf")),
]  # fmt: skip

# A careless author's leaflet: every value as typed, where YAML 1.1 would rewrite it.
AS_TYPED = """\
title: Reading group
summary: "Times for the group\u202e"
label: ~
period:
organisation: Exampleton Borough Council
language: en-GB
date: 2026-01-15
version: 1.10
contents_depth: 1
sections:
  - title: Meetings
    new_page: no
    blocks:
      - table:
          caption: When we meet
          rows:
            - [Day, Opens, Closes, Room, Booking needed]
            - [Monday, 9:30, 17:00, 010, No]
            - [Friday, 10:00, 12:00, 1.10, Yes]
      - contact:
          name: Reading group
          telephone: 0123456
          website: www.exampleton.example/reading
"""


def _make(root: Path, case: Case) -> None:
    (root / "outside" / "plan").mkdir(parents=True)
    (root / "images").mkdir()
    for name in ("secret.md", "notes.md", "publication.yaml"):
        (root / "outside" / name).write_text(f"# {SECRET}\n\n{SECRET}\n", "utf-8")
    (root / "images" / "notes.md").write_text(f"{SECRET} in images/\n", "utf-8")
    (root / "outside" / "secret.pdf").write_bytes(b"%PDF-1.4\n% " + SECRET.encode() + b"\n")
    (root / "outside" / "plan" / "publication.yaml").write_text(f"{PUBLICATION}summary: {SECRET}\n")
    _png(root / "outside" / "secret.png")
    for name, content in case.files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content == "fifo":
            path.unlink(missing_ok=True)
            __import__("os").mkfifo(path)
        elif callable(content):
            content(path)
        else:
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    for link, target in case.links.items():
        (root / link).parent.mkdir(parents=True, exist_ok=True)
        (root / link).symlink_to(target if target.startswith("/") else root / target)
    for previous in ("build/p/p.pdf", "build/m/m-public-pack.pdf", "build/m/m-full-pack.pdf"):
        (root / previous).parent.mkdir(parents=True, exist_ok=True)
        (root / previous).write_bytes(PREVIOUS)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, tuple[Path, Outcome]]:
    """Every case run once, each in a process of its own; by case name."""
    scratch = tmp_path_factory.mktemp("hostile")
    jobs, roots = [], {}
    for case in [*CASES, Case("as-typed", {"content/p/publication.yaml": AS_TYPED}, "", "", 0)]:
        root = scratch / case.name
        _make(root, case)
        roots[case.name] = root
        jobs.append(Job(case.name, str(root), list(case.argv), str(root / "outside")))
    ran = run_isolated(jobs, scratch)
    return {name: (roots[name], ran[name]) for name in ran}


def _assert_contained(root: Path, outcome: Outcome) -> None:
    """No traceback; quick and small; nothing opened outside; the secret nowhere."""
    assert "Traceback" not in outcome.err and "internal error" not in outcome.err, outcome.err
    assert outcome.seconds < 10, f"took {outcome.seconds:.1f} s"
    assert outcome.peak_mb < 500, f"peaked at {outcome.peak_mb:.0f} MB"
    assert OUTSIDE_MARK not in outcome.err, outcome.err
    assert SECRET not in outcome.out + outcome.err and "root:x:0:0" not in outcome.err
    for path in (root / "build").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert SECRET.encode() not in data and b"root:x:0:0" not in data, path
            if data.startswith(b"%PDF-") and data != PREVIOUS:
                assert SECRET not in "".join(p.extract_text() for p in PdfReader(path).pages)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input_is_refused_with_a_located_message(outcomes, case):
    root, outcome = outcomes[case.name]
    assert outcome.code == case.code, outcome.err
    _assert_contained(root, outcome)
    at = re.compile(rf"(^|/){re.escape(case.where)}(?![0-9])")
    located = [
        line
        for line in outcome.err.splitlines()
        if case.words in line and at.search(line.split(": ")[0])
    ]
    assert located, f"no message at {case.where!r} saying {case.words!r} in:\n{outcome.err}"
    built = {str(p.relative_to(root)) for p in (root / "build").rglob("*") if p.is_file()}
    assert built == {"build/p/p.pdf", "build/m/m-public-pack.pdf", "build/m/m-full-pack.pdf"}
    for previous in built:
        assert (root / previous).read_bytes() == PREVIOUS, previous


def test_values_reach_the_page_as_typed(outcomes):
    root, outcome = outcomes["as-typed"]
    assert outcome.code == 0, outcome.err
    _assert_contained(root, outcome)
    reader = PdfReader(root / "build" / "p" / "p.pdf")
    text = normalise(" ".join(page.extract_text() for page in reader.pages))
    for typed in ("9:30", "17:00", "10:00", "010", "1.10", "0123456", "version 1.10"):
        assert re.search(rf"(?<![\d:.]){re.escape(typed)}(?![\d:.])", text), typed
    assert "Monday 9:30 17:00 010 No" in text and "Friday 10:00 12:00 1.10 Yes" in text
    assert "15 January 2026" in text  # a date where the schema wants one, printed in full
    assert "570" not in text and "1020" not in text and "42798" not in text
    assert reader.metadata.title == "Reading group"
    actions = [a.get_object().get("/A", {}) for p in reader.pages for a in p.get("/Annots", [])]
    links = [action["/URI"] for action in actions if "/URI" in action]
    assert links == ["https://www.exampleton.example/reading"]  # the website, made a link
    [warning] = [line for line in outcome.err.splitlines() if "warning" in line]
    assert warning.startswith("content/p/publication.yaml:2: warning: 'summary' contains U+202E")
