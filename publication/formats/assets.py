"""The images a publication shows, copied beside a web page or into an e-book and
linked by relative paths.

The model and the Markdown fragments name images by their place on this
machine (the print edition reads them from there); a published copy must carry
them and link them relatively. Each image gets a short name under ``images/``,
the same for the same file, different for different files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from markupsafe import Markup

from publication.source.markup import Fragments
from publication.source.model import Cards, Figure, Publication, Section

__all__ = ["Assets", "collect_assets"]

_FILE_SRC = re.compile(r'src="(file:[^"]+)"')
MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}  # fmt: skip


@dataclass(frozen=True)
class Assets:
    names: dict[Path, str]  # the file -> its relative name, such as images/map.png
    fragments: Fragments  # the fragments, their images linked by those names

    def url(self, path: Path) -> str:
        return self.names[Path(path)]

    def files(self) -> dict[str, bytes]:
        return {name: path.read_bytes() for path, name in self.names.items()}


def collect_assets(publication: Publication, fragments: Fragments) -> Assets:
    names: dict[Path, str] = {}
    used: set[str] = set()
    for path in _model_images(publication):
        _name(path, names, used)
    linked: Fragments = {}
    for text, fragment in fragments.items():
        sources = _FILE_SRC.findall(str(fragment))
        for source in sources:
            _name(_file_path(source), names, used)
        linked[text] = _relinked(fragment, sources, names)
    return Assets(names, linked)


def _relinked(fragment: Markup, sources: list[str], names: dict[Path, str]) -> Markup:
    html = str(fragment)
    for source in sources:
        html = html.replace(f'src="{source}"', f'src="{names[_file_path(source)]}"')
    return Markup(html)


def _file_path(source: str) -> Path:
    """The file a ``file:`` address names, decoded once (``url2pathname`` decodes): a
    file whose very name holds ``%25`` is that file, not another."""
    return Path(url2pathname(urlsplit(source).path))


def _name(path: Path, names: dict[Path, str], used: set[str]) -> None:
    if path in names:
        return
    stem = re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-") or "image"
    name, number = f"images/{stem}{path.suffix.lower()}", 2
    while name in used:
        name, number = f"images/{stem}-{number}{path.suffix.lower()}", number + 1
    used.add(name)
    names[path] = name


def _model_images(publication: Publication) -> Iterator[Path]:
    if publication.metadata.logo:
        yield publication.metadata.logo.path
    for section in publication.sections:
        yield from _section_images(section)


def _section_images(section: Section) -> Iterator[Path]:
    if section.icon:
        yield section.icon.path
    for block in section.blocks:
        if isinstance(block, Figure):
            yield block.image.path
        elif isinstance(block, Cards):
            yield from (card.icon.path for card in block.items if card.icon)
    for child in section.sections:
        yield from _section_images(child)
