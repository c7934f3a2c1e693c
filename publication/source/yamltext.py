"""YAML read as the text the author typed, with every value's line kept.

Everything downstream points authors at a file and a line, so values carry the
location PyYAML saw them at. YAML 1.1's implicit types would print ``9:30`` as
570, ``0123456`` as 42798, ``1.10`` as 1.1 and a table cell ``No`` as false;
here every value is text, and validation reads a number or yes/no only where
the schema asks for one. An empty value, ``~`` and ``null`` mean the key is
not given. Tags (``!!python/name:...``) are refused; aliases are bounded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.resolver import BaseResolver

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.limits import MAX_YAML_DEPTH, MAX_YAML_VALUES
from publication.source.characters import (
    COPIED,
    describe_invisible,
    invisible_characters,
    unreadable_character,
)

try:  # libyaml's parser when PyYAML has it: several times faster, the same marks
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover
    from yaml.loader import BaseLoader as _Parser

__all__ = ["Items", "Record", "parse_yaml"]

# What an untagged node resolves to: our own tags, so that any other tag on a
# node was written by the author. '!!str' is text too, as we read it anyway.
_TEXT_TAGS = {
    yaml.ScalarNode: "publication:text",
    yaml.SequenceNode: "publication:list",
    yaml.MappingNode: "publication:block",
}
_EXPLICIT_TEXT = "tag:yaml.org,2002:str"
_NULLS = {"", "~", "null", "Null", "NULL"}


class _TextLoader(_Parser, BaseResolver):
    """libyaml's parser and composer, with every untagged value resolved as text."""

    def __init__(self, text: str) -> None:
        _Parser.__init__(self, text)
        BaseResolver.__init__(self)

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        return _TEXT_TAGS[kind]


class Record(dict):
    """A YAML mapping that remembers where it and each of its values stand."""

    location: SourceLocation
    locations: dict[str, SourceLocation]

    def where(self, key: str) -> SourceLocation:
        return self.locations.get(key, self.location)


class Items(list):
    """A YAML sequence that remembers where it and each of its items stand."""

    location: SourceLocation
    locations: list[SourceLocation]


def parse_yaml(text: str, path: Path, diagnostics: Diagnostics) -> Any:
    """Records, Items, text and None from the text of ``path``; None if unreadable."""
    unreadable = unreadable_character(text)
    if unreadable:
        diagnostics.error(
            SourceLocation(path, unreadable.line, unreadable.column),
            "yaml-character",
            f"the file contains {unreadable.name}, a character YAML cannot read",
            f"delete it: {COPIED}",
        )
        return None
    loader = _TextLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        _syntax_error(exc, path, diagnostics)
        return None
    finally:
        loader.dispose()
    if node is None:
        empty = Record()
        empty.location, empty.locations = SourceLocation(path, 1), {}
        return empty
    return _Converter(path, diagnostics).value(node, "", 0, SourceLocation(path, 1))


def _syntax_error(exc: yaml.YAMLError, path: Path, diagnostics: Diagnostics) -> None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    location = SourceLocation(path, mark.line + 1, mark.column + 1) if mark else None
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None)
    hint = (
        "check indentation and quoting near this line; text containing ': ' or "
        "starting with a symbol needs quotes"
    )
    opened = getattr(exc, "context_mark", None)
    context = getattr(exc, "context", None)
    if context and opened and mark and opened.line != mark.line:
        hint = f"{context} that starts on line {opened.line + 1}: {hint}"
    diagnostics.error(
        location or SourceLocation(path),
        "yaml-syntax",
        f"malformed YAML: {problem or 'the YAML cannot be read'}",
        hint,
    )


def _location(node: yaml.Node, path: Path) -> SourceLocation:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        line += 1  # block scalars start on the line after the indicator
    return SourceLocation(path, line, node.start_mark.column + 1)


class _Converter:
    """Nodes to Records, Items and text, counting what is built.

    An alias (``*name``) is the node its anchor stands for, shared: written out,
    a few lines of nested aliases make billions of values ("billion laughs"), and
    an alias inside its own anchor never ends. So every value built is counted
    against ``MAX_YAML_VALUES``, and an alias met again on its own path is refused.
    """

    def __init__(self, path: Path, diagnostics: Diagnostics) -> None:
        self.path = path
        self.diagnostics = diagnostics
        self.built = 0
        self.seen: set[int] = set()  # nodes built once: meeting one again is an alias
        self.alias_at: SourceLocation | None = None  # the outermost alias being written out
        self.open: set[int] = set()  # nodes being built, from the top to here
        self.stopped = False
        self.warned: set[int] = set()  # scalars warned about

    def value(self, node: yaml.Node, key: str, depth: int, at: SourceLocation) -> Any:
        """``node`` built; ``at`` is where it is named (an alias has no place of its own)."""
        if self.stopped or not self._usable(node, depth, at):
            return None
        outermost_alias = id(node) in self.seen and self.alias_at is None
        if outermost_alias:
            self.alias_at = at
        self.seen.add(id(node))
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.ScalarNode):
                return self._scalar(node, key)
            if isinstance(node, yaml.MappingNode):
                return self._record(node, depth)
            return self._items(node, key, depth)
        finally:
            self.open.discard(id(node))
            if outermost_alias and not self.stopped:
                self.alias_at = None

    def _usable(self, node: yaml.Node, depth: int, at: SourceLocation) -> bool:
        """False, with the reason reported, for a node that must not be built."""
        if node.tag not in _TEXT_TAGS.values() and node.tag != _EXPLICIT_TEXT:
            self.diagnostics.error(
                _location(node, self.path),
                "yaml-tag",
                f"'{node.tag.replace('tag:yaml.org,2002:', '!!')}' is a YAML tag, "
                "which content does not use",
                "remove the tag (the word starting with '!'): every value is read as "
                "the text you type, and numbers and yes/no where a field asks for them",
            )  # and read on as if untagged, so that nothing else is reported about it
        if id(node) in self.open:
            self.diagnostics.error(
                at,
                "yaml-alias-loop",
                "an alias ('*name') stands inside the block it names, so it never ends",
                "write the values out instead of using the alias",
            )
            return False
        self.built += 1
        if self.built > MAX_YAML_VALUES or depth > MAX_YAML_DEPTH:
            self._stop(_location(node, self.path), depth)
            return False
        return True

    def _stop(self, where: SourceLocation, depth: int) -> None:
        """Report the first value past a limit; build nothing more."""
        self.stopped = True
        if depth > MAX_YAML_DEPTH:
            problem = f"blocks and lists are nested more than {MAX_YAML_DEPTH} deep"
            hint = "nest less deeply: sections go 6 levels deep at most"
        elif self.alias_at:
            where = self.alias_at
            problem = f"the aliases ('*name') write out more than {MAX_YAML_VALUES:,} values"
            hint = "write the values out instead of using aliases, or use fewer"
        else:
            problem = f"the file holds more than {MAX_YAML_VALUES:,} values"
            hint = "split the content into several publications (see Limits in the README)"
        self.diagnostics.error(where, "yaml-too-large", problem, hint)

    def _scalar(self, node: yaml.ScalarNode, key: str) -> str | None:
        if node.style in (None, "") and node.value in _NULLS:
            return None  # 'key:', 'key: ~' and 'key: null' leave the key out
        invisible = invisible_characters(node.value)
        if invisible and id(node) not in self.warned:  # once, however often it is aliased
            self.warned.add(id(node))
            where = _location(node, self.path)
            line = where.line + invisible.first.line - 1 if node.style == "|" else where.line
            self.diagnostics.warning(
                SourceLocation(self.path, line),
                "invisible-character",
                f"'{key}' contains {describe_invisible(invisible)}",
                f"delete it: {COPIED}",
            )
        return node.value

    def _record(self, node: yaml.MappingNode, depth: int) -> Record:
        record = Record()
        record.location = _location(node, self.path)
        record.locations = {}
        for key_node, value_node in node.value:
            named_at = _location(key_node, self.path)
            key = self.value(key_node, "", depth + 1, named_at)
            if key is None and isinstance(key_node, yaml.ScalarNode) and not self.stopped:
                key = key_node.value  # 'null:' is a key like any other
            if not isinstance(key, str):
                if not self.stopped:
                    self.diagnostics.error(
                        named_at,
                        "yaml-key",
                        "a key must be a word, such as 'title'",
                        "write 'key: value' lines",
                    )
                continue
            if key in record:
                self.diagnostics.error(
                    named_at,
                    "duplicate-key",
                    f"'{key}' is given twice in the same block",
                    "keep one of them",
                )
            record[key] = self.value(value_node, key, depth + 1, named_at)
            record.locations[key] = _location(value_node, self.path)
        return record

    def _items(self, node: yaml.SequenceNode, key: str, depth: int) -> Items:
        where = _location(node, self.path)
        items = Items(self.value(child, key, depth + 1, where) for child in node.value)
        items.location = where
        items.locations = [_location(child, self.path) for child in node.value]
        return items
