"""liblouis, the braille translator, reached through the binding Debian ships with it.

liblouis's own Python binding (Debian's ``python3-louis``) is a single file of
ctypes calls into ``liblouis.so.20``, installed for Debian's Python only. Our
virtual environment cannot see Debian's ``dist-packages``, and putting that
folder on the path would let Debian's builds of other packages shadow ours; so
this module loads that one file by its path, as the module ``louis``. The
binding always matches the library it calls, because Debian installs them
together, and no copy of it lives here.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

__all__ = ["BINDING", "TABLES", "LouisMissing", "back_translate", "tables", "translate"]

BINDING = Path("/usr/lib/python3/dist-packages/louis/__init__.py")
# Unified English Braille, grade 2 (contracted), shown as North American Braille
# ASCII: the characters a BRF file holds, one per cell.
TABLES = ["en-us-brf.dis", "en-ueb-g2.ctb"]
# A passage in a language with contracted braille of its own is written in it:
# Welsh has its own grade 2 (liblouis's table, as UK braille producers use).
# Any other language is written in UEB, which spells out what it has no
# contraction for.
OTHER_TABLES = {"cy": ["en-us-brf.dis", "cy-cy-g2.ctb"]}


def tables(language: str) -> list[str]:
    """The tables for a passage in ``language`` (a BCP 47 tag such as ``cy-GB``)."""
    return OTHER_TABLES.get(language.split("-")[0].lower(), TABLES)


class LouisMissing(RuntimeError):
    """liblouis or its tables are not installed."""


@cache
def _louis() -> ModuleType:
    if "louis" in sys.modules:
        return sys.modules["louis"]
    spec = importlib.util.spec_from_file_location("louis", BINDING)
    if spec is None or spec.loader is None or not BINDING.is_file():
        raise LouisMissing(
            f"braille needs liblouis: {BINDING} is missing "
            "(install the Debian packages liblouis-bin, liblouis-data and python3-louis; "
            "'make' does)"
        )
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
        for each in (TABLES, *OTHER_TABLES.values()):
            module.checkTable(each)
    except (OSError, RuntimeError) as failure:
        raise LouisMissing(f"braille needs liblouis and its tables: {failure}") from failure
    sys.modules["louis"] = module
    return module


def translate(text: str, language: str = "en") -> str:
    """Print to braille: grade 2 of the language (UEB for English), as braille ASCII."""
    return _louis().translateString(tables(language), text)


def back_translate(braille: str, language: str = "en") -> str:
    """Braille ASCII back to print, as a reader of the braille would read it."""
    return _louis().backTranslateString(tables(language), braille)
