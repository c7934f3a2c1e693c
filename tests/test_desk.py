"""The desk over real HTTP: lists, requests, jobs, files, and what it refuses."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from desk_helpers import (
    CLERK_PASSWORD,
    EXEMPT_PHRASES,
    MEETING,
    Visitor,
    desk_project,
    file_links,
    free_port,
    raw_get,
    serve,
)
from pypdf import PdfReader

from publication.cache import Cache
from publication.desk import catalogue
from publication.desk.jobs import LocalJobs
from publication.desk.offers import Request
from publication.desk.work import LIMITS


@pytest.fixture(scope="module")
def public_pack(desk):
    """The sample meeting's packs, made once through the desk: the job page."""
    visitor = Visitor(desk.url)
    made = visitor.post(f"/meetings/{MEETING}/make", {"offer": "public-pack"},
                        token_from=f"/meetings/{MEETING}")  # fmt: skip
    return visitor.wait_for_job(made)


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_list_shows_every_publication_and_meeting_and_searches_by_title(desk):
    visitor = Visitor(desk.url)
    page = visitor.get("/").text
    for title in ("Digital Borough", "Library opening hours", "Communities Scrutiny Committee"):
        assert title in page
    found = visitor.get("/?q=opening").text
    assert "Library opening hours" in found and "Communities Scrutiny" not in found
    assert "1 found for “opening”" in found
    assert "No publication or meeting" in visitor.get("/?q=zebra").text


def test_a_large_print_request_is_made_then_served_from_the_cache(desk):
    visitor = Visitor(desk.url)
    asked = visitor.post("/publications/digital-borough/make",
                         {"offer": "large-print", "size": "24"},
                         token_from="/publications/digital-borough")  # fmt: skip
    assert asked.status == 200 and "/jobs/" in asked.url
    done = visitor.wait_for_job(asked)
    assert (
        "Ready: " in done.text
        and "made 1/1 digital-borough, large print, 24 point" not in done.text
    )
    [link] = file_links(done.text)
    assert link.endswith("/digital-borough-large-print-24pt.pdf")
    pdf = visitor.get(link)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert "inline" in pdf.headers["content-disposition"]
    assert "Large print edition, 24 point" in _text(pdf.body)
    download = visitor.get(link + "?download=1")
    assert "attachment" in download.headers["content-disposition"] and download.body == pdf.body
    again = visitor.post("/publications/digital-borough/make",
                         {"offer": "large-print", "size": "24"},
                         token_from="/publications/digital-borough")  # fmt: skip
    assert again.url == asked.url and "Ready: " in again.text  # found, not made again
    listed = visitor.get("/").text
    assert "Large print, 24 point" in listed.replace("large print", "Large print")


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"offer": "large-print", "size": "15"}, "15 point is not large print"),
        ({"offer": "large-print", "size": "49"}, "49 point is larger than we make"),
        ({"offer": "large-print", "size": "twenty"}, "Enter the size as a whole number"),
        ({"offer": "large-print", "size": ""}, "Enter the reader&#39;s size in points"),
        ({"offer": "embossed"}, "Choose what to make: Standard print; Large print; Booklet"),
        ({"offer": "standard", "paper": "A3"}, "Choose the paper size: A4 or A5."),
        ({"offer": "public-pack"}, "Choose what to make"),  # a meeting's offer
    ],
)
def test_a_bad_size_or_an_unknown_edition_is_a_400_with_a_plain_message(desk, fields, words):
    visitor = Visitor(desk.url)
    answer = visitor.post("/publications/minimal/make", fields, token_from="/publications/minimal")
    assert answer.status == 400
    assert words in answer.text
    assert "There is a problem" in answer.text and "<title>Error: " in answer.text


def test_an_alternative_format_is_made_and_served_as_what_it_is(desk):
    visitor = Visitor(desk.url)
    asked = visitor.post("/publications/minimal/make", {"offer": "text"},
                         token_from="/publications/minimal")  # fmt: skip
    done = visitor.wait_for_job(asked)
    assert "Plain text:" in done.text
    [link] = file_links(done.text)
    assert link.endswith("/minimal.txt")
    text = visitor.get(link)
    assert text.headers["content-type"] == "text/plain; charset=utf-8"
    assert "Library opening hours" in text.text and "When we are open" in text.text


def test_a_booklet_for_printing_is_made_from_the_standard_edition(desk):
    visitor = Visitor(desk.url)
    asked = visitor.post("/publications/minimal/make", {"offer": "booklet", "paper": "A5"},
                         token_from="/publications/minimal")  # fmt: skip
    done = visitor.wait_for_job(asked)
    [link] = file_links(done.text)
    assert link.endswith("/minimal-booklet-a5.pdf") and "Booklet for printing:" in done.text
    sheet = PdfReader(io.BytesIO(visitor.get(link).body)).pages[0]
    assert round(float(sheet.mediabox.width)) == 842  # A5 pages two-up on A4, landscape


def test_forms_without_this_sessions_csrf_token_are_refused(desk):
    visitor, stranger = Visitor(desk.url), Visitor(desk.url)
    fields = {"offer": "standard"}
    assert visitor.post("/publications/minimal/make", fields).status == 403
    token = {"csrf": "x" * 43, **fields}
    assert visitor.post("/publications/minimal/make", token).status == 403
    stranger.get("/")
    visitor.get("/")
    theirs = {"csrf": _token(stranger, "/publications/minimal"), **fields}
    refused = visitor.post("/publications/minimal/make", theirs)
    assert refused.status == 403 and "This form has expired" in refused.text


def _token(visitor: Visitor, path: str) -> str:
    from desk_helpers import csrf_of

    return csrf_of(visitor.get(path).text)


def test_every_response_carries_a_content_security_policy(desk):
    visitor = Visitor(desk.url)
    for path in ("/", "/publications/minimal", "/nowhere", "/static/desk.css", "/clerk",
                 "/jobs/" + "0" * 64):  # fmt: skip
        headers = {k.lower(): v for k, v in visitor.get(path).headers.items()}
        policy = headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy, path
        assert headers["x-content-type-options"] == "nosniff"


def test_no_request_reaches_a_file_outside_content_images_and_the_cache(desk, tmp_path):
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "publication.yaml").write_text("title: Outside secret 7f3a\n")
    (secret / "notes.md").write_text("The outside secret is 7f3a.\n")
    content = desk.desk.content
    (content / "evil").symlink_to(secret, target_is_directory=True)
    try:
        paths = [
            "/publications/evil", "/publications/..%2F..%2F..%2Fetc%2Fpasswd",
            "/publications/%2e%2e/%2e%2e/etc/passwd", "/publications/../../etc/passwd",
            "/static/..%2F..%2F..%2Fcache.py", "/static/../app.py", "/static/%2e%2e/app.py",
            "/static/..%252F..%252Fapp.py", "/files/" + "a" * 64 + "/..%2F..%2Fapp.py",
            "/files/..%2F..%2F..%2Fetc/passwd", "/jobs/..%2F..%2Fetc%2Fpasswd",
            f"/files/{'0' * 64}/{'%2E%2E%2F' * 8}etc%2Fpasswd",
        ]  # fmt: skip
        for path in paths:
            status, body = raw_get(desk.port, path)
            assert status in (400, 404), path
            assert b"7f3a" not in body and b"root:" not in body and b"import " not in body, path
        assert "Outside secret" not in Visitor(desk.url).get("/").text
    finally:
        (content / "evil").unlink()


def test_one_entry_is_found_as_the_list_finds_it_reading_only_its_own_yaml(tmp_path, monkeypatch):
    content, outside = tmp_path / "content", tmp_path / "outside"
    for folder, files in {content / "plan": ["publication.yaml"], outside: ["publication.yaml"],
                          content / "both": ["publication.yaml", "meeting.yaml"],
                          content / "empty": [], content / "linked-yaml": []}.items():  # fmt: skip
        folder.mkdir(parents=True)
        for name in files:
            (folder / name).write_text("title: T\ncommittee: C\ndate: 2025-01-01\n")
    (content / "alias").symlink_to(content / "plan", target_is_directory=True)
    (content / "away").symlink_to(outside, target_is_directory=True)
    (content / "loop").symlink_to(content / "loop")
    (content / "linked-yaml" / "publication.yaml").symlink_to(outside / "publication.yaml")
    listed = catalogue.read_catalogue(content)
    assert sorted(listed) == ["alias", "both", "plan"] and listed["both"].kind == "meeting"
    names = ["plan", "alias", "both", "empty", "away", "loop", "linked-yaml", "nowhere", "..",
             ".", "", "plan/..", "../content/plan"]  # fmt: skip
    for name in names:
        assert catalogue.find_entry(content, name) == listed.get(name), name
    read = []
    monkeypatch.setattr(catalogue, "_entry", lambda *given: read.append(given))
    catalogue.find_entry(content, "both")
    assert [path.name for *_, path in read] == ["meeting.yaml"]
    assert catalogue.find_entry(tmp_path / "none", "plan") is None


def test_the_list_shows_titles_as_typed_and_survives_a_hostile_yaml(tmp_path):
    content = tmp_path / "content"
    for name, text in {"version": "title: 1.10\npage_size: A5\n",
                       "no": "title: No\n",
                       "meeting": "committee: Cabinet\ndate: 2026-01-20\n",
                       "laughs": "a: &a [x, x]\n" + "".join(
                           f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n"
                           for p, c in zip("abcdefghi", "bcdefghij", strict=True)) + "title: *j\n",
                       }.items():  # fmt: skip
        (content / name).mkdir(parents=True)
        kind = "meeting.yaml" if name == "meeting" else "publication.yaml"
        (content / name / kind).write_text(text)
    listed = catalogue.read_catalogue(content)
    assert listed["version"].title == "1.10" and listed["version"].page_size == "A5"
    assert listed["no"].title == "No"  # not False
    assert listed["meeting"].title == "Cabinet, 2026-01-20"
    assert not listed["laughs"].readable  # refused as the build refuses it


def test_the_desk_answers_only_to_its_own_host_name(desk):
    assert raw_get(desk.port, "/", host="attacker.example")[0] == 400
    assert raw_get(desk.port, "/", host=f"localhost:{desk.port}")[0] == 200


def test_the_full_pack_needs_the_clerk_and_no_exempt_byte_is_served_without(desk, public_pack):
    visitor = Visitor(desk.url)
    links = file_links(public_pack.text)
    assert [link.rsplit("/", 1)[1] for link in links] == [f"{MEETING}-public-pack.pdf"]
    public = visitor.get(links[0])
    assert public.status == 200
    assert not any(phrase in _text(public.body) for phrase in EXEMPT_PHRASES)
    full_link = links[0].replace("public-pack", "full-pack")
    refused = visitor.get(full_link)
    assert refused.status == 403 and b"%PDF" not in refused.body
    assert not any(phrase.encode() in refused.body for phrase in EXEMPT_PHRASES)
    asked = visitor.post(f"/meetings/{MEETING}/make", {"offer": "full-pack"},
                         token_from=f"/meetings/{MEETING}")  # fmt: skip
    assert asked.status == 403 and "Only for the clerk" in asked.text
    wrong = visitor.post("/clerk", {"password": "guess", "action": "sign-in"}, token_from="/clerk")
    assert wrong.status == 403 and "The password is not right" in wrong.text
    assert visitor.get(full_link).status == 403
    signed_in = visitor.post("/clerk", {"password": CLERK_PASSWORD, "action": "sign-in"},
                             token_from="/clerk")  # fmt: skip
    assert signed_in.status == 200 and "Signed in as the clerk" in signed_in.text
    full = visitor.get(full_link)
    assert full.status == 200 and full.headers["cache-control"] == "no-store"
    assert "Kestrel Lane" in _text(full.body)
    assert len(file_links(visitor.get(public_pack.url.replace(desk.url, "")).text)) == 2
    visitor.post("/clerk", {"action": "sign-out"}, token_from="/")
    assert visitor.get(full_link).status == 403


def test_without_a_clerk_password_the_full_pack_is_never_served(desk, public_pack, tmp_path):
    closed = serve(desk.desk.project, desk.desk.cache.root, password=None)
    try:
        visitor = Visitor(closed.url)
        full_link = file_links(public_pack.text)[0].replace("public-pack", "full-pack")
        refused = visitor.get(full_link)
        assert refused.status == 403 and b"%PDF" not in refused.body
        assert "Clerk sign-in is off" in visitor.get("/clerk").text
        tried = visitor.post("/clerk", {"password": "", "action": "sign-in"},
                             token_from="/publications/minimal")  # fmt: skip
        assert tried.status == 403
        assert visitor.get(full_link).status == 403
    finally:
        closed.stop()


def test_progress_says_a_jobs_state_or_what_the_cache_holds(desk, public_pack):
    progress = urlsplit(public_pack.url).path + "/progress"
    assert json.loads(Visitor(desk.url).get(progress).body)["state"] == "done"
    unknown = Visitor(desk.url).get(f"/jobs/{'0' * 64}/progress")
    assert json.loads(unknown.body)["state"] == "unknown"
    fresh = serve(desk.desk.project, desk.desk.cache.root)  # knows no job: asks the cache
    try:
        assert json.loads(Visitor(fresh.url).get(progress).body)["state"] == "done"
    finally:
        fresh.stop()


def test_a_problem_is_listed_with_file_and_line_and_the_last_good_edition_stays(desk):
    folder = desk.desk.content / "hours"
    source = desk.desk.content / "minimal"
    folder.mkdir()
    for name in ("publication.yaml", "hours.md"):
        (folder / name).write_text((source / name).read_text())
    visitor = Visitor(desk.url)
    fields = {"offer": "standard", "paper": "A5"}
    good = visitor.wait_for_job(
        visitor.post("/publications/hours/make", fields, token_from="/publications/hours")
    )
    [good_link] = file_links(good.text)
    on_its_paper = {"offer": "standard", "paper": "A4"}  # what an e-book's request would name
    visitor.wait_for_job(
        visitor.post("/publications/hours/make", on_its_paper, token_from="/publications/hours")
    )
    yaml_path = folder / "publication.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("title:", "titel:"))
    failed = visitor.wait_for_job(
        visitor.post("/publications/hours/make", fields, token_from="/publications/hours")
    )
    assert "The standard print could not be made" in failed.text
    assert "content/hours/publication.yaml</span>" not in failed.text
    assert "content/hours/publication.yaml, line 2" in failed.text
    assert (
        "unknown key &#39;titel&#39;" in failed.text and "How to fix: did you mean" in failed.text
    )
    assert file_links(failed.text) == [good_link]  # the last good one, still offered
    assert visitor.get(good_link).status == 200
    fields = {"offer": "epub"}
    epub = visitor.wait_for_job(
        visitor.post("/publications/hours/make", fields, token_from="/publications/hours")
    )
    assert "could not be made" in epub.text
    assert file_links(epub.text) == []  # not the standard PDF, offered as the e-book
    assert "There is no earlier one to offer." in epub.text


def test_two_requests_for_the_same_edition_at_once_are_one_job(desk):
    jobs = desk.desk.jobs
    request = Request("large-print", str(desk.desk.content / "minimal"), 30)
    key = request.key()
    first, second = jobs.submit(request, key), jobs.submit(request, key)
    assert first is second
    deadline = time.monotonic() + 60
    while not first.finished and time.monotonic() < deadline:
        time.sleep(0.1)
    assert first.state == "done", first.result


def test_a_job_past_its_time_is_stopped_and_leaves_no_partial_file(desk, tmp_path):
    cache = Cache(tmp_path / "cache")
    jobs = LocalJobs(cache, 1, replace(LIMITS, seconds=0.3))
    request = Request("large-print", str(desk.desk.content / "digital-borough"), 31)
    job = jobs.submit(request, request.key())
    deadline = time.monotonic() + 60
    while not job.finished and time.monotonic() < deadline:
        time.sleep(0.1)
    assert job.state == "failed"
    assert "stopped after 0.3 s (--max-seconds)" in job.result["failure"]
    made = [p.name for p in cache.root.rglob("*") if p.is_file() and p.parent.name != "locks"]
    assert not [name for name in made if name.startswith(".tmp-") or name.endswith(".pdf")]


def _answer_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # even when the tests run in the background


def test_publication_serve_starts_on_this_machine_and_stops_on_ctrl_c(tmp_path):
    root = desk_project(tmp_path)
    port = free_port()
    command = [sys.executable, "-m", "publication", "serve", "--port", str(port),
               "--cache", str(tmp_path / "cache")]  # fmt: skip
    with subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, preexec_fn=_answer_ctrl_c) as process:  # fmt: skip
        try:
            line = process.stdout.readline()
            assert line.strip() == f"The desk is at http://127.0.0.1:{port}/ (Ctrl+C to stop)"
            status, body = _first_answer(port)
            assert status == 200 and b"Publications and meetings" in body
        finally:
            process.send_signal(signal.SIGINT)
            try:
                _out, err = process.communicate(timeout=20)
            finally:
                process.kill()
    assert "Traceback" not in err
    assert not (Path(root) / "build").exists() and not (tmp_path / "cache").exists()


def _first_answer(port: int) -> tuple[int, bytes]:
    for _ in range(200):
        try:
            return raw_get(port, "/")
        except ConnectionRefusedError:
            time.sleep(0.05)
    raise AssertionError("the desk never answered")
