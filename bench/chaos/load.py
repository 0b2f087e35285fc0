"""The learner mix: each virtual learner (a thread, a keep-alive connection through nginx)
reads a module page, sends webinar heartbeats, autosaves quiz answers and the draft of an
assignment, with a pause
between steps; a newcomer signs up and asks for password resets now and then (mail).

Every answer is counted by phase and status; every write the academy acknowledged is kept,
so `lost_writes` can compare them with the database afterwards.
"""

from __future__ import annotations

import collections
import http.client
import json
import random
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field


@dataclass
class Learner:
    user_id: int
    cookie: str
    csrf: str
    watched: float = 0.0  # the most the academy acknowledged
    position: int = 0
    # question -> the last acknowledged value and the values sent (unanswered) after it
    answers: dict[str, tuple[str | None, list[str]]] = field(default_factory=dict)
    # the assignment's draft: the last text acknowledged and those sent (unanswered) after it
    draft: tuple[str | None, list[str]] = (None, [])
    drafts_sent: int = 0


class Tally:
    """Answers by phase and status, and their latencies (seconds)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.phase = "warm-up"
        self.statuses: dict[str, collections.Counter[str]] = collections.defaultdict(
            collections.Counter
        )
        self.latency: dict[str, list[float]] = collections.defaultdict(list)
        self.bad: list[str] = []  # 500s and unexpected answers, for the report
        self.mails_asked: list[str] = []  # addresses a sign-up or reset was acknowledged for

    def add(self, status: str, seconds: float, note: str = "") -> None:
        with self.lock:
            self.statuses[self.phase][status] += 1
            self.latency[self.phase].append(seconds)
            if status == "500" or status == "error" and note:
                self.bad.append(f"{self.phase}: {status} {note}"[:300])


class Load:
    def __init__(self, port: int, learners: list[Learner], paths: dict, options: dict) -> None:
        self.port, self.learners, self.paths, self.options = port, learners, paths, options
        self.tally, self.stop, self.threads = Tally(), threading.Event(), []
        self.newcomer_pause = 2.0

    def start(self) -> None:
        for learner in self.learners:
            thread = threading.Thread(target=self._learn, args=(learner,), daemon=True)
            thread.start()
            self.threads.append(thread)
        newcomer = threading.Thread(target=self._newcomer, daemon=True)
        newcomer.start()
        self.threads.append(newcomer)

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(30)

    # -- one request -------------------------------------------------------------------
    def request(
        self, conn_box: list, method: str, path: str, headers: dict, body: bytes | None = None
    ) -> tuple[str, bytes, dict]:
        started = time.perf_counter()
        try:
            if conn_box[0] is None:
                conn_box[0] = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            conn = conn_box[0]
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            status, answer_headers = str(response.status), dict(response.getheaders())
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn_box[0] = None
        except (OSError, http.client.HTTPException) as exc:
            if conn_box[0] is not None:
                conn_box[0].close()
            conn_box[0] = None
            status, data, answer_headers = "error", str(exc).encode(), {}
        note = f"{method} {path} {data[:150]!r}" if status in ("500", "error") else ""
        self.tally.add(status, time.perf_counter() - started, note)
        return status, data, answer_headers

    # -- a learner ---------------------------------------------------------------------
    def _learn(self, learner: Learner) -> None:
        box: list = [None]
        rng = random.Random(learner.user_id)
        json_headers = {
            "Cookie": learner.cookie,
            "X-CSRFToken": learner.csrf,
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        while not self.stop.is_set():
            step = rng.random()
            if step < 0.3:
                self.request(box, "GET", self.paths["module"], {"Cookie": learner.cookie})
            elif step < 0.6:
                self._heartbeat(box, learner, json_headers)
            elif step < 0.85:
                self._autosave(box, learner, json_headers, rng)
            else:
                self._draft(box, learner, json_headers)
            self.stop.wait(rng.uniform(0.5, 1.5))  # ~24 requests a second from 24 learners

    def _heartbeat(self, box: list, learner: Learner, headers: dict) -> None:
        start = learner.position
        learner.position = (learner.position + 2) % 580
        body = {"position": start + 2, "intervals": [[start, start + 2]], "speed": 1}
        status, data, _ = self.request(
            box, "POST", self.paths["heartbeat"], headers, json.dumps(body).encode()
        )
        if status == "200":
            learner.watched = max(learner.watched, float(json.loads(data)["watched"]))

    def _autosave(self, box: list, learner: Learner, headers: dict, rng: random.Random) -> None:
        question = rng.choice(list(self.options))
        value = rng.choice(self.options[question])
        acked, pending = learner.answers.get(question, (None, []))
        pending = [*pending, value]
        learner.answers[question] = (acked, pending)
        status, data, _ = self.request(
            box,
            "POST",
            self.paths["autosave"],
            headers,
            json.dumps({f"q_{question}": value}).encode(),
        )
        if status == "200" and json.loads(data).get("saved"):
            learner.answers[question] = (value, [])

    def _draft(self, box: list, learner: Learner, headers: dict) -> None:
        """The assignment's text as the editor autosaves it: a little longer each time."""
        learner.drafts_sent += 1
        text = " ".join(
            f"Krok {n}: zákazník hlásí škodu, čeká na odpověď a volá na linku."
            for n in range(1, learner.drafts_sent % 60 + 2)
        )
        acked, pending = learner.draft
        learner.draft = (acked, [*pending, text])
        status, data, _ = self.request(
            box, "POST", self.paths["draft"], headers, json.dumps({"text": text}).encode()
        )
        if status == "200" and json.loads(data).get("saved"):
            learner.draft = (text, [])

    # -- a newcomer: sign-ups and password resets (mail through the outbox) ----------
    def _newcomer(self) -> None:
        box: list = [None]
        n = 0
        while not self.stop.is_set():
            n += 1
            email = f"novacek{n}-{int(time.time())}@chaos.example.cz"
            if self.signup(box, email) and self.forgot(box, email):
                with self.tally.lock:
                    self.tally.mails_asked.append(email)
            self.stop.wait(self.newcomer_pause)

    def _form(self, box: list, path: str) -> tuple[str, str] | None:
        status, page, headers = self.request(box, "GET", path, {})
        found = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
            rb'name="csrf_token" value="([^"]+)"', page
        )
        cookie = headers.get("Set-Cookie", "").split(";", 1)[0]
        if status != "200" or not found or not cookie:
            return None
        return found.group(1).decode(), cookie

    def signup(self, box: list, email: str) -> bool:
        form = self._form(box, "/signup")
        if form is None:
            return False
        token, cookie = form
        body = urllib.parse.urlencode(
            {
                "csrf_token": token,
                "full_name": "Nový Student",
                "email": email,
                "password": "Chaos-heslo-2026!",
                "confirm": "Chaos-heslo-2026!",
                "consent": "y",
            }
        ).encode()
        status, _, _ = self.request(
            box,
            "POST",
            "/signup",
            {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
            body,
        )
        return status == "302"

    def forgot(self, box: list, email: str) -> bool:
        form = self._form(box, "/password/forgot")
        if form is None:
            return False
        token, cookie = form
        body = urllib.parse.urlencode({"csrf_token": token, "email": email}).encode()
        status, _, _ = self.request(
            box,
            "POST",
            "/password/forgot",
            {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
            body,
        )
        return status == "302"
