"""Benchmark: our build against WeasyPrint rendering the same HTML directly.

Run with `make bench`. Builds the seed publication and a generated publication
of about 120 pages (prose, tables, figures), each measured in fresh processes,
alternating, and prints median times, the ratio, and peak memory; then the
time of each stage of our build, with finishing and checking as a share of
WeasyPrint's render time.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3
STAGE_ROWS: list[str] = []
WORDS = (
    "council residents library service digital community local borough access support "
    "plan report budget park road housing school care health partner business ward team "
    "review public data open transport energy climate skills children adults safety "
    "improve deliver develop provide ensure measure year month week people place"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def generate(root: Path, chapters: int = 15) -> Path:
    """Write a large publication under root/content/generated; return its folder."""
    from PIL import Image, ImageDraw

    rng = random.Random(2026)
    folder = root / "content" / "generated"
    folder.mkdir(parents=True)
    for n in range(4):
        image = Image.new("RGB", (800, 450), "#eef3f6")
        draw = ImageDraw.Draw(image)
        for _ in range(12):
            x, y = rng.randint(0, 760), rng.randint(0, 410)
            draw.rectangle((x, y, x + 40, y + 40), fill="#0b3d5c")
        image.save(folder / f"chart-{n}.png")
    lines = [
        "title: Generated benchmark publication",
        "organisation: Example Borough Council",
        "language: en-GB",
        "date: 2026-01-01",
        "sections:",
    ]
    for chapter in range(1, chapters + 1):
        lines += [
            f"  - title: Chapter {chapter}",
            f"    file: chapter-{chapter}.md",
            "    sections:",
        ]
        text = "\n\n".join(_paragraph(rng) for _ in range(6))
        (folder / f"chapter-{chapter}.md").write_text(text + "\n", "utf-8")
        for part in range(1, 4):
            rows = "\n".join(
                f"                - [Ward {r}, '{rng.randint(100, 9999)}', '{rng.randint(1, 99)}%']"
                for r in range(1, 13)
            )
            body = "\n".join(f"        text: |\n          {_paragraph(rng)}" for _ in range(1))
            lines += [
                f"      - title: Part {chapter}.{part}",
                body,
                "        blocks:",
                "          - table:",
                f"              caption: Figures for part {chapter}.{part}",
                "              header_column: true",
                "              rows:",
                "                - [Ward, Households, Change]",
                rows,
                "          - figure:",
                f"              image: chart-{(chapter + part) % 4}.png",
                f"              alt: Chart {chapter}.{part}, blue squares on a grey ground",
                f"              caption: Chart for part {chapter}.{part}",
                "              width: medium",
                "          - text: |",
                "              " + "\n\n              ".join(_paragraph(rng) for _ in range(5)),
            ]
    (folder / "publication.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def _stages(folder: Path) -> dict:
    """Render, finishing and checking times of one build, stage by stage."""
    from publication.check import check_pdf
    from publication.diagnostics import Diagnostics
    from publication.editions import EDITIONS
    from publication.finish import finish_pdf
    from publication.load import load_publication
    from publication.markup import render_fragments
    from publication.render import STYLES_DIR, render_html
    from publication.typeset import typeset_pdf
    from publication.validate import validate_publication

    gc.disable()  # as the build itself does
    diagnostics = Diagnostics()
    start = time.perf_counter()
    publication = validate_publication(load_publication(folder, diagnostics), diagnostics)
    html = render_html(
        publication, render_fragments(publication, diagnostics), EDITIONS["standard"]
    )
    prepared = time.perf_counter()
    roots = (*publication.asset_roots, STYLES_DIR)
    typeset = typeset_pdf(html, folder, roots, publication.location, diagnostics)
    rendered = time.perf_counter()
    pdf = finish_pdf(typeset.pdf, typeset.elements)
    finished = time.perf_counter()
    check_pdf(folder / "x.pdf", data=pdf)
    checked = time.perf_counter()
    return {
        "content": prepared - start,
        "render": rendered - prepared,
        "finish": finished - rendered,
        "check": checked - finished,
    }


def _child(mode: str, folder: Path, out: Path) -> None:
    """One measured run, in its own process; prints seconds and peak memory as JSON."""
    from weasyprint import HTML

    from publication.pipeline import build

    if mode == "stages":
        print(json.dumps(_stages(folder)))
        return
    if mode == "ours":
        start = time.perf_counter()
        result = build(folder, out)
        seconds = time.perf_counter() - start
        pages = result.pages
    else:
        html_path = next((out / folder.name).glob("*.html"))
        html = html_path.read_text("utf-8")
        start = time.perf_counter()
        document = HTML(string=html, base_url=folder.as_uri() + "/").render(pdf_variant="pdf/ua-1")
        (out / "direct.pdf").write_bytes(document.write_pdf(pdf_variant="pdf/ua-1"))
        seconds = time.perf_counter() - start
        pages = len(document.pages)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "pages": pages}))


def _measure(mode: str, folder: Path, out: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(folder), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def compare(name: str, folder: Path, out: Path) -> None:
    _measure("ours", folder, out)  # warm-up, and the HTML the direct run reads
    runs: dict[str, list[dict]] = {"ours": [], "direct": []}
    for _ in range(ROUNDS):
        for mode in runs:
            runs[mode].append(_measure(mode, folder, out))
    ours = statistics.median(r["seconds"] for r in runs["ours"])
    direct = statistics.median(r["seconds"] for r in runs["direct"])
    stages = [_measure("stages", folder, out) for _ in range(ROUNDS)]
    median = {k: statistics.median(s[k] for s in stages) for k in stages[0]}
    STAGE_ROWS.append(
        f"{name:<12} {median['content']:8.2f}  {median['render']:7.2f}  "
        f"{median['finish']:7.2f} ({median['finish'] / median['render']:4.1%})  "
        f"{median['check']:7.2f} ({median['check'] / median['render']:4.1%})"
    )
    print(
        f"{name:<12} {runs['ours'][0]['pages']:>5}  {ours:8.2f}  {direct:10.2f}  "
        f"{ours / direct:5.2f}x  {max(r['peak_mb'] for r in runs['ours']):9.0f}  "
        f"{max(r['peak_mb'] for r in runs['direct']):11.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", nargs=3, metavar=("MODE", "FOLDER", "OUT"))
    args = parser.parse_args()
    if args.child:
        mode, folder, out = args.child
        _child(mode, Path(folder), Path(out))
        return
    print(f"median of {ROUNDS} runs each, fresh process per run; times exclude start-up")
    print("publication  pages  ours (s)  direct (s)  ratio  ours (MB)  direct (MB)")
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        compare("seed", ROOT / "content" / "digital-borough", work / "seed")
        compare("generated", generate(work / "project"), work / "generated")
    print("\nstages of our build (s), medians; finishing and checking as a share of render")
    print("publication   content   render   finish          check")
    print("\n".join(STAGE_ROWS))


if __name__ == "__main__":
    main()
