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

__all__ = ["BINDING", "TABLES", "LouisMissing", "back_translate", "translate"]

BINDING = Path("/usr/lib/python3/dist-packages/louis/__init__.py")
# Unified English Braille, grade 2 (contracted), shown as North American Braille
# ASCII: the characters a BRF file holds, one per cell.
TABLES = ["en-us-brf.dis", "en-ueb-g2.ctb"]


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
        module.checkTable(TABLES)
    except (OSError, RuntimeError) as failure:
        raise LouisMissing(f"braille needs liblouis and its tables: {failure}") from failure
    sys.modules["louis"] = module
    return module


def translate(text: str) -> str:
    """Print to braille: UEB grade 2, as braille ASCII."""
    return _louis().translateString(TABLES, text)


def back_translate(braille: str) -> str:
    """Braille ASCII back to print, as a reader of the braille would read it."""
    return _louis().backTranslateString(TABLES, braille)
