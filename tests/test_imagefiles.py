"""Image files read before they are drawn: real images within the limits, and SVGs
that hold everything they draw and are cheap to draw."""

from __future__ import annotations

import re
import time

import pytest
from PIL import Image as PillowImage

from publication.source.imagefiles import read_image
from publication.source.svg import SVGRefused, svg_ratio

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
# As a drawing program writes it: a DTD, entities standing for plain text, a
# symbol used three times, a gradient referred to by url(#...).
ILLUSTRATOR = f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
  <!ENTITY ns_svg "http://www.w3.org/2000/svg">
  <!ENTITY st0 "fill:#1d70b8;">
]>
{SVG} viewBox="0 0 200 100">
  <defs><linearGradient id="g"><stop offset="0"/></linearGradient>
    <symbol id="tree"><circle r="5" style="&st0;"/><rect width="2" height="6"/></symbol></defs>
  <use xlink:href="#tree" x="10"/><use href="#tree" x="30"/><use href="#tree" x="50"/>
  <rect width="10" height="10" fill="url(#g)"/>
</svg>"""


def test_an_ordinary_svg_is_read_with_its_shape():
    assert svg_ratio(ILLUSTRATOR.encode()) == 0.5


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('<image href="https://example.org/a.png"/>', "refers to 'https://example.org/a.png'"),
        ('<image xlink:href="file:///etc/passwd"/>', "refers to 'file:///etc/passwd'"),
        ('<rect style="fill: url(other.svg#g)"/>', "refers to 'other.svg#g'"),
        ('<g id="a"><g><use href="#a"/></g></g>', "copies the group it stands in"),
        ("<g>" * 60 + "</g>" * 60, "nests elements more than 50 deep"),
        (
            '<rect id="r0"/>' + "".join(f'<g id="r{n}">' + f'<use href="#r{n - 1}"/>' * 4
                                        + "</g>" for n in range(1, 9)),
            "draws more than 50,000 elements",
        ),  # 4^8 = 65,536 copies from a file of 1 kB
    ],
)  # fmt: skip
def test_svgs_that_reach_out_or_cost_too_much_are_refused(body, problem):
    with pytest.raises(SVGRefused, match=re.escape(problem)):
        svg_ratio(f'{SVG} viewBox="0 0 1 1">{body}</svg>'.encode())


def test_svg_entities_may_not_be_built_from_entities_or_files():
    nested = '<!DOCTYPE svg [<!ENTITY a "x"><!ENTITY b "&a;&a;">]>'
    external = '<!DOCTYPE svg [<!ENTITY a SYSTEM "file:///etc/passwd">]>'
    for doctype in (nested, external):
        with pytest.raises(SVGRefused, match="declares the entity"):
            svg_ratio(f"{doctype}{SVG}><text>&a;</text></svg>".encode())
    wide = '<!DOCTYPE svg [<!ENTITY a "' + "x" * 1000 + '">]>'
    with pytest.raises(SVGRefused, match="expands its entities to more than 5 MB"):
        svg_ratio(f"{wide}{SVG}><text>{'&a;' * 6000}</text></svg>".encode())


@pytest.mark.parametrize("name", ["e{}", "e;{}"])
def test_an_svg_declaring_thousands_of_entities_is_read_once(name):
    """4,000 declarations over 1 MB: seconds when the file was searched once per name."""
    names = [name.format(n) for n in range(4000)]
    doctype = "<!DOCTYPE svg [" + "".join(f'<!ENTITY {n} "x">' for n in names) + "]>"
    uses = "".join(f"&{n};" for n in names) + "y" * 2**20
    data = f'{doctype}{SVG} viewBox="0 0 2 1"><text>{uses}</text></svg>'.encode()
    started = time.perf_counter()
    if ";" in name:  # not a name XML allows: it expands nothing, and the parser refuses it
        with pytest.raises(SVGRefused, match="is not a well-formed SVG"):
            svg_ratio(data)
    else:
        assert svg_ratio(data) == 0.5
    assert time.perf_counter() - started < 1.0


def test_a_raster_image_is_checked_by_its_contents_not_its_name(tmp_path):
    PillowImage.new("RGB", (300, 150)).save(tmp_path / "real.png")
    PillowImage.new("RGB", (300, 150)).save(tmp_path / "really-a-jpeg.png", "JPEG")
    (tmp_path / "page.png").write_text("<!DOCTYPE html><p>Not found</p>")
    PillowImage.new("RGB", (30, 10)).save(tmp_path / "scan.tiff")
    assert read_image(tmp_path / "real.png").ratio == 0.5
    assert read_image(tmp_path / "really-a-jpeg.png").problem == ""
    assert "cannot be read as an image" in read_image(tmp_path / "page.png").problem
    assert read_image(tmp_path / "scan.tiff").problem == "is not an image we can print"
