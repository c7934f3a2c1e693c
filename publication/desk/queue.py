"""Jobs on a Redis-backed queue (RQ), for a desk whose builds run on other machines.

The desk enqueues the same ``work.run`` the embedded pool runs, with the same plain
request; any machine running ``rq worker`` on the queue takes it. The job's id is
its cache key, so a request already queued or under way is joined, never repeated.
What is shared: the content folder and the cache folder, at the same paths on every
machine (a network file system), and the Redis server. What is not: each worker's
processes, memory and limits. Needs the ``queue`` extra (``pip install
'publication[queue]'``).
"""

from __future__ import annotations

from dataclasses import asdict

from publication.cache import Cache
from publication.desk.jobs import Job
from publication.desk.offers import Request
from publication.guard import Limits

__all__ = ["QUEUE_NAME", "RedisJobs"]

QUEUE_NAME = "publication-desk"
UNDER_WAY = {"queued", "started", "deferred", "scheduled"}
STATES = {"queued": "waiting", "deferred": "waiting", "scheduled": "waiting",
          "started": "running", "finished": "done", "failed": "failed",
          "stopped": "failed", "canceled": "failed"}  # fmt: skip


class RedisJobs:
    def __init__(self, url: str, cache: Cache, limits: Limits) -> None:
        from redis import Redis  # the optional extra: only this mode needs it
        from rq import Queue

        self.cache, self.limits = cache, limits
        self.connection = Redis.from_url(url)
        self.connection.ping()  # a wrong address is said at start, not at the first job
        self.queue = Queue(QUEUE_NAME, connection=self.connection)

    def submit(self, request: Request, key: str) -> Job:
        existing = self.queue.fetch_job(key)
        if existing is None or existing.get_status(refresh=True) not in UNDER_WAY:
            if existing is not None:
                existing.delete()
            self.queue.enqueue(
                "publication.desk.work.run",
                asdict(request), str(self.cache.root), asdict(self.limits),
                job_id=key, job_timeout=int(self.limits.seconds) + 1,
                result_ttl=3600, failure_ttl=3600,
            )  # fmt: skip
        return self.get(key) or Job(key, request)

    def get(self, key: str) -> Job | None:
        queued = self.queue.fetch_job(key)
        if queued is None:
            return None
        request = Request(**queued.args[0])
        state = STATES.get(str(queued.get_status(refresh=True).value), "waiting")
        result = queued.return_value() if state == "done" else None
        if state == "failed":
            seconds = f"{self.limits.seconds:g}"
            result = {"ok": False, "failure": f"the worker stopped it (after at most {seconds} "
                      "seconds, or for lack of memory)"}  # fmt: skip
        job = Job(key, request, state, result or {})
        if state == "done" and not job.result.get("ok", False):
            job.state = "failed"
        return job

    def close(self) -> None:
        self.connection.close()
