"""Fixtures: fixture projects copied to a temporary folder, and one run of the
command line that tests can inspect. Everything renders real PDFs."""

from __future__ import annotations

import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from publication import cli

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = Path(__file__).resolve().parent / "projects"


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(args), out=out, err=err)
    return Run(code, out.getvalue(), err.getvalue())


def copy_project(name: str, destination: Path) -> Path:
    """Copy tests/projects/<name> to destination; return its root (holding content/)."""
    target = destination / name
    shutil.copytree(PROJECTS / name, target)
    return target


@pytest.fixture(scope="session", autouse=True)
def build_cache(tmp_path_factory) -> Path:
    """A build cache for this session only: nothing is found that an earlier run made,
    and nothing is left in the user's own cache."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("PUBLICATION_CACHE")
    os.environ["PUBLICATION_CACHE"] = str(folder)
    yield folder
    if before is None:
        del os.environ["PUBLICATION_CACHE"]
    else:
        os.environ["PUBLICATION_CACHE"] = before


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """The desk, over a copy of the sample project with a clerk password, for one module;
    its HTTP server and worker processes stopped after it."""
    from desk_helpers import CLERK_PASSWORD, desk_project, serve, stop_workers

    root = desk_project(tmp_path_factory.mktemp("desk"))
    served = serve(root, tmp_path_factory.mktemp("desk-cache"), password=CLERK_PASSWORD)
    yield served
    served.stop()
    stop_workers()


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A factory: a fresh copy of a fixture project, made the working directory, with a
    build cache of its own (so that what it builds is made, not found)."""

    def make(name: str) -> Path:
        root = copy_project(name, tmp_path)
        monkeypatch.chdir(root)
        monkeypatch.setenv("PUBLICATION_CACHE", str(tmp_path / "cache"))
        return root

    return make


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """The seed publication in every edition and format, built once for the session;
    returns its output folder."""
    out = tmp_path_factory.mktemp("seed")
    folder = str(ROOT / "content" / "digital-borough")
    result = run_cli("build", folder, "--out", str(out), "--format", "all")
    assert result.code == 0, result.err
    return out / "digital-borough"


@pytest.fixture(scope="session")
def full_build(tmp_path_factory) -> Path:
    """The fixture that uses every block, built once in every format; returns its
    output folder."""
    root = copy_project("full", tmp_path_factory.mktemp("full"))
    out = root / "build"
    result = run_cli("build", str(root / "content" / "full"), "--out", str(out), "--format", "all")
    assert result.code == 0, result.err
    assert result.err == "", result.err
    return out / "full"


STRESS_ROWS = "\n".join(
    f"          - [Ward {n}, '{n * 37 % 1000}', '{n % 9}%']" for n in range(1, 101)
)
STRESS_ITEMS = "\n".join(
    f"{n}. Item {n} of the long list[^n{n}]\n   - a nested point for item {n}"
    if n % 10 == 0
    else f"{n}. Item {n} of the long list, see [the plan](https://www.example.org/plan/{n})"
    for n in range(1, 141)
)
STRESS_NOTES = "\n".join(f"[^n{n}]: A footnote for item {n}." for n in range(10, 141, 10))
STRESS_YAML = f"""\
title: Stress publication
organisation: Example Borough Council
language: en-GB
date: 2026-02-01
sections:
  - title: Long table
    blocks:
      - table:
          caption: Households and change by ward
          header_column: true
          rows:
          - [Ward, Households, Change]
{STRESS_ROWS}
  - title: Long list
    file: list.md
    sections:
      - title: Third level
        sections:
          - title: Fourth level
            blocks:
              - figure:
                  image: map.png
                  alt: A map of the wards
                  caption: The wards
"""


@pytest.fixture(scope="session")
def stress_project(tmp_path_factory) -> Path:
    """A publication with a table and a list over several pages, nested lists,
    footnotes, links, a figure and headings to level 4; returns its folder."""
    root = tmp_path_factory.mktemp("stress")
    folder = root / "content" / "stress"
    folder.mkdir(parents=True)
    (folder / "publication.yaml").write_text(STRESS_YAML, "utf-8")
    (folder / "list.md").write_text(f"{STRESS_ITEMS}\n\n{STRESS_NOTES}\n", "utf-8")
    shutil.copy(PROJECTS / "full" / "content" / "full" / "map.png", folder / "map.png")
    return folder
