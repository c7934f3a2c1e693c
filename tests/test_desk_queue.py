"""The desk's jobs on a Redis queue, taken by an RQ worker in another process, as
workers on other machines would take them. Runs where redis-server is installed."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import pytest
from desk_helpers import Visitor, desk_project, file_links, free_port, serve
from pypdf import PdfReader

pytest.importorskip("rq")
REDIS = shutil.which("redis-server")


@pytest.fixture
def redis_url(tmp_path):
    if REDIS is None:
        pytest.skip("no Redis server installed (Debian: redis-server)")
    port = free_port()
    command = [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", str(tmp_path)]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as server:
        try:
            import redis

            client = redis.Redis(port=port)
            for _ in range(100):
                try:
                    client.ping()
                    break
                except redis.ConnectionError:
                    time.sleep(0.05)
            client.close()
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            server.terminate()
            server.wait(10)


def test_a_request_queued_on_redis_is_made_by_an_rq_worker(tmp_path, redis_url):
    root = desk_project(tmp_path / "project")
    desk = serve(root, tmp_path / "cache", queue=redis_url)
    try:
        visitor = Visitor(desk.url)
        fields = {"offer": "standard", "paper": "A5"}
        asked = visitor.post(
            "/publications/minimal/make", fields, token_from="/publications/minimal"
        )
        assert "Waiting to start." in asked.text
        again = visitor.post(
            "/publications/minimal/make", fields, token_from="/publications/minimal"
        )
        assert again.url == asked.url  # the same job, queued once
        worker = [sys.executable, "-m", "rq.cli", "worker", "--burst", "--url", redis_url,
                  "publication-desk"]  # fmt: skip
        subprocess.run(worker, cwd=root, check=True, capture_output=True, timeout=120)
        done = visitor.wait_for_job(asked, seconds=30)
        [link] = file_links(done.text)
        assert link.endswith("/minimal-a5.pdf")
        pdf = visitor.get(link)
        assert pdf.status == 200
        (tmp_path / "made.pdf").write_bytes(pdf.body)
        page = PdfReader(tmp_path / "made.pdf").pages[0]
        assert round(float(page.mediabox.width)) == 420  # A5, in points
    finally:
        desk.stop()
