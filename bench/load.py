"""Closed-loop load: the app on the demo data against a bare Flask route, served the same way.

Seeds the demo into a temporary instance folder, serves the app and a bare ``return "ok"``
Flask app each with gunicorn (``--workers`` sync workers, loopback only), then runs
``--users`` simulated people, each sending its next request as soon as the last one answers.
The two servers take turns in slices (app, bare, app, bare...) so machine noise hits both,
and the script prints requests/s, latency percentiles, errors and the app/bare ratio.

Each simulated person is a browser: it signs in as one of the demo roles (a real POST with
its CSRF token), walks that role's pages (homes, lists, an interview, a scorecard with
autosaves of its draft through the page's own JSON endpoint, the debrief, the comparison, an
onboarding plan...), fetches the static files each page links the way a browser does
(honouring Cache-Control: a file kept ``max-age`` is not asked for again, one marked
``no-cache`` is revalidated with If-None-Match), signs out after a while and back in.
Autosaves from two people on the same demo account can collide: a 409 is counted as a
conflict (the page is reloaded, as the real script does), not an error.

    .venv/bin/python bench/load.py                       # 60 s, 20 users, 2 workers
    .venv/bin/python bench/load.py --source /work/wt-before --seconds 30

It stops by itself after ``--seconds`` (plus seeding) and stops its servers on any exit.
"""

from __future__ import annotations

import argparse
import atexit
import http.client
import ipaddress
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "demo"  # noqa: S105 - the demo accounts' password (hiring/demo.py)
ROLES = ("admin", "recruiter", "manager", "interviewer", "newhire")
#: Pages a person opens before signing out and in again.
PAGES_PER_SESSION = 40
STATIC_LINK = re.compile(r'(?:href|src)="(/static/[^"]+)"')
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
VERSION = re.compile(r'<input[^>]*name="version"[^>]*>')
VALUE = re.compile(r'value="(\d+)"')
BARE_APP = 'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route("/")\ndef ok():\n    return "ok"\n'
#: ``--profile DIR``: the app under cProfile, each worker writing its totals every 50 requests.
PROFILED_APP = textwrap.dedent(
    """
    import cProfile, os
    from hiring import create_app

    app = create_app()
    inner, profile, seen = app.wsgi_app, cProfile.Profile(), [0]

    def profiled(environ, start_response):
        profile.enable()
        try:
            return list(inner(environ, start_response))
        finally:
            profile.disable()
            seen[0] += 1
            if seen[0] % 50 == 0:
                profile.dump_stats(os.path.join(os.environ["LOAD_PROFILE_DIR"], f"{os.getpid()}.prof"))

    app.wsgi_app = profiled
    """
)


# Servers ---------------------------------------------------------------------------------


class Servers:
    """The gunicorn processes this run started; all stopped on any exit (even a signal)."""

    def __init__(self) -> None:
        self.processes: list[subprocess.Popen[bytes]] = []
        atexit.register(self.stop)
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self._on_signal)

    def _on_signal(self, signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    def start(self, command: list[str], env: dict[str, str], cwd: Path, log: Path) -> None:
        with open(log, "ab") as out:
            process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                command, env=env, cwd=cwd, stdout=out, stderr=out, start_new_session=True
            )
        self.processes.append(process)

    def stop(self) -> None:
        while self.processes:
            process = self.processes.pop()
            if process.poll() is not None:
                continue
            os.killpg(process.pid, signal.SIGTERM)  # its own process group: master + workers
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_until_up(port: int, path: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port} within {seconds:.0f} s")


def require_loopback(host: str) -> None:
    address = ipaddress.ip_address(socket.gethostbyname(host))
    if not address.is_loopback:
        raise SystemExit(f"refusing to load {host} ({address}): loopback addresses only")


# One simulated browser --------------------------------------------------------------------


@dataclass
class Sample:
    target: str
    kind: str
    seconds: float
    status: int


@dataclass
class Ids:
    """Demo rows the pages need, read from the seeded database."""

    position: int
    debrief_application: int
    application: int
    plan: int
    interview_of: dict[str, int]  # role -> interview with that person's draft card
    card_of: dict[str, int] = field(default_factory=dict)


@dataclass
class Browser:
    port: int
    role: str
    ids: Ids
    rng: random.Random
    cookies: dict[str, str] = field(default_factory=dict)
    #: static URL -> (fresh until, ETag)
    cache: dict[str, tuple[float, str]] = field(default_factory=dict)
    pages_left: int = 0
    csrf: str = ""
    version: str = ""
    step: int = 0
    conflicts: int = 0

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        sent = {"Accept": "text/html", "Accept-Encoding": "gzip, br", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
            for value in response.headers.get_all("Set-Cookie") or []:
                self._keep_cookie(value)
            answer = {k.lower(): v for k, v in response.getheaders()}
            text = (
                data.decode("utf-8", "replace")
                if "text/" in answer.get("content-type", "")
                or "json" in answer.get("content-type", "")
                else ""
            )
            if answer.get("content-encoding"):
                text = ""  # static assets only (pages are never compressed)
            return response.status, answer, text
        finally:
            connection.close()

    def _keep_cookie(self, header: str) -> None:
        cookie: SimpleCookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            expired = morsel["max-age"] == "0" or "1970" in morsel["expires"]
            if expired or not morsel.value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    # The pieces of a visit, each recording what it costs ---------------------------------

    def timed(
        self,
        out: list[Sample],
        kind: str,
        method: str,
        path: str,
        body: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], str]:
        start = time.perf_counter()
        try:
            status, answer, text = self.request(method, path, body, headers)
        except OSError as exc:
            out.append(Sample("app", kind, time.perf_counter() - start, 0))
            raise RuntimeError(f"{method} {path}: {exc}") from exc
        out.append(Sample("app", kind, time.perf_counter() - start, status))
        return status, answer, text

    def page(self, out: list[Sample], kind: str, path: str) -> str:
        status, _answer, text = self.timed(out, kind, "GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        self._remember_tokens(text)
        for url in dict.fromkeys(STATIC_LINK.findall(text)):
            self.static(out, url.replace("&amp;", "&"))
        return text

    def _remember_tokens(self, text: str) -> None:
        found = CSRF.search(text)
        if found:
            self.csrf = found.group(1) or found.group(2)

    def static(self, out: list[Sample], url: str) -> None:
        fresh_until, etag = self.cache.get(url, (0.0, ""))
        if fresh_until > time.time():
            return  # the browser keeps it: no request at all
        status, answer, _text = self.timed(
            out, "static", "GET", url, headers={"If-None-Match": etag} if etag else None
        )
        if status not in (200, 304):
            raise RuntimeError(f"GET {url} answered {status}")
        control = answer.get("cache-control", "")
        max_age = re.search(r"max-age=(\d+)", control)
        keep = int(max_age.group(1)) if max_age and "no-cache" not in control else 0
        self.cache[url] = (time.time() + keep, answer.get("etag", etag))

    def sign_in(self, out: list[Sample]) -> None:
        self.cookies.clear()
        self.page(out, "login page", "/login")
        body = f"email={self.role}%40example.com&password={PASSWORD}&csrf_token={self.csrf}"
        status, _answer, _ = self.timed(out, "login", "POST", "/login", body)
        if status != 302:
            raise RuntimeError(f"sign-in as {self.role} answered {status}")
        self.pages_left = PAGES_PER_SESSION
        self.page(out, "home", "/")

    def sign_out(self, out: list[Sample]) -> None:
        status, _, _ = self.timed(out, "logout", "POST", "/logout", f"csrf_token={self.csrf}")
        if status != 302:
            raise RuntimeError(f"sign-out answered {status}")
        self.pages_left = 0

    def autosave(self, out: list[Sample]) -> None:
        interview = self.ids.interview_of[self.role]
        if not self.version:
            self.scorecard(out)
        self.step += 1
        body = (
            f"csrf_token={self.csrf}&version={self.version}"
            f"&summary=Autosaved+draft+{self.step}&action=save"
        )
        status, _answer, text = self.timed(
            out,
            "autosave",
            "POST",
            f"/interviews/{interview}/scorecard/autosave",
            body,
            {"Accept": "application/json"},
        )
        if status == 409:  # another tab of the same demo account saved first: reload
            self.conflicts += 1
            out[-1].status = 200  # an expected answer, counted apart
            self.scorecard(out)
            return
        if status != 200:
            raise RuntimeError(f"autosave answered {status}: {text[:120]}")
        found = re.search(r'"version":\s*(\d+)', text)
        self.version = found.group(1) if found else ""

    def scorecard(self, out: list[Sample]) -> None:
        text = self.page(
            out, "scorecard", f"/interviews/{self.ids.interview_of[self.role]}/scorecard"
        )
        tag = VERSION.search(text)
        value = VALUE.search(tag.group(0)) if tag else None
        self.version = value.group(1) if value else ""

    def visit(self, out: list[Sample]) -> None:
        """One step of this person's walk through the app (a page with its files, or a save)."""
        if self.pages_left <= 0:
            self.sign_in(out)
            return
        self.pages_left -= 1
        if self.pages_left == 0:
            self.sign_out(out)
            return
        ids = self.ids
        walks: dict[str, list[tuple[str, str]]] = {
            "admin": [
                ("home", "/"),
                ("users", "/admin/users/"),
                ("audit", "/admin/audit/"),
                ("positions", "/positions/"),
                ("candidates", "/candidates/"),
                ("pipeline", f"/positions/{ids.position}/pipeline"),
            ],
            "recruiter": [
                ("home", "/"),
                ("positions", "/positions/"),
                ("candidates", "/candidates/"),
                ("pipeline", f"/positions/{ids.position}/pipeline"),
                ("application", f"/applications/{ids.application}"),
                ("interview", f"/interviews/{ids.interview_of['recruiter']}"),
                ("scorecard", ""),
                ("autosave", ""),
                ("autosave", ""),
            ],
            "manager": [
                ("home", "/"),
                ("my interviews", "/interviews/mine"),
                ("position", f"/positions/{ids.position}"),
                ("debrief", f"/applications/{ids.debrief_application}/debrief"),
                ("comparison", f"/positions/{ids.position}/compare"),
                ("onboarding", "/onboarding/"),
                ("plan", f"/onboarding/plans/{ids.plan}"),
            ],
            "interviewer": [
                ("home", "/"),
                ("my interviews", "/interviews/mine"),
                ("interview", f"/interviews/{ids.interview_of['interviewer']}"),
                ("scorecard", ""),
                ("autosave", ""),
                ("autosave", ""),
                ("autosave", ""),
                ("library", "/library/"),
            ],
            "newhire": [
                ("home", "/"),
                ("plan", f"/onboarding/plans/{ids.plan}"),
                ("onboarding", "/onboarding/"),
            ],
        }
        walk = walks[self.role]
        kind, path = walk[self.step % len(walk)]
        self.step += 1
        if kind == "scorecard":
            self.scorecard(out)
        elif kind == "autosave":
            self.autosave(out)
        else:
            self.page(out, kind, path)


# The run ---------------------------------------------------------------------------------


def demo_ids(database: Path) -> Ids:
    with sqlite3.connect(database) as connection:
        one = lambda sql: connection.execute(sql).fetchone()[0]  # noqa: E731
        drafts = {
            email.split("@")[0]: interview
            for interview, email in connection.execute(
                "SELECT s.interview_id, u.email FROM scorecards s JOIN users u"
                " ON u.id = s.interviewer_id WHERE s.status = 'draft' ORDER BY s.id"
            )
        }
        return Ids(
            position=one("SELECT min(id) FROM positions"),
            debrief_application=one(
                "SELECT i.application_id FROM scorecards s JOIN interviews i"
                " ON i.id = s.interview_id JOIN applications a ON a.id = i.application_id"
                " WHERE s.status = 'submitted' AND a.status = 'active'"
                " GROUP BY i.application_id ORDER BY count(*) DESC, i.application_id LIMIT 1"
            ),
            application=one("SELECT min(id) FROM applications WHERE status = 'active'"),
            plan=one("SELECT min(id) FROM onboarding_plans"),
            interview_of=drafts,
        )


def run_slice(
    target: str, port: int, browsers: list[Browser], seconds: float, errors: list[str]
) -> tuple[list[Sample], float]:
    """Every user sends requests back to back for ``seconds``; returns samples and wall time."""
    stop = time.monotonic() + seconds
    results: list[list[Sample]] = [[] for _ in browsers]

    def user(n: int) -> None:
        out = results[n]
        while time.monotonic() < stop:
            if target == "bare":
                start = time.perf_counter()
                try:
                    status = browsers[n].request("GET", "/")[0]
                except OSError as exc:
                    status = 0
                    errors.append(f"bare: {exc}")
                out.append(Sample("bare", "ok", time.perf_counter() - start, status))
                continue
            try:
                browsers[n].visit(out)
            except RuntimeError as exc:
                errors.append(f"{browsers[n].role}: {exc}")
                browsers[n].pages_left = 0  # start over with a fresh sign-in

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(len(browsers))]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    samples = [s for out in results for s in out]
    for sample in samples:
        sample.target = target
    return samples, time.monotonic() - start


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="load time, split evenly")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers each")
    parser.add_argument("--slice", type=float, default=15, help="seconds per turn")
    parser.add_argument("--source", type=Path, default=ROOT, help="the tree to serve")
    parser.add_argument("--host", default="127.0.0.1", help="loopback only")
    parser.add_argument("--port", type=int, default=5151, help="the app's; bare gets the next")
    parser.add_argument("--profile", type=Path, help="write each app worker's cProfile here")
    args = parser.parse_args()
    require_loopback(args.host)
    source = args.source.resolve()
    python = sys.executable
    servers = Servers()
    with tempfile.TemporaryDirectory(prefix="hiring-load-") as tmp:
        folder = Path(tmp)
        env = {
            **os.environ,
            "PYTHONPATH": str(source),
            "HIRING_INSTANCE_PATH": str(folder / "instance"),
            "HIRING_SECRET_KEY": "load-bench-secret-key-0123456789abcdef",
            "HIRING_DATABASE_URL": f"sqlite:///{folder / 'instance' / 'hiring.sqlite3'}",
            # Plain HTTP on loopback: cookies must travel without TLS.
            "HIRING_SESSION_COOKIE_SECURE": "false",
            # Every simulated person comes from 127.0.0.1: keep the limiter counting but
            # never refusing, so sign-ins cost what they cost without being turned away.
            "HIRING_LOGIN_RATE_LIMIT": "100000 per minute",
        }
        env.pop("HIRING_TEST_DATABASE_URL", None)
        seeding = time.perf_counter()
        for command in (["db", "upgrade"], ["seed-demo"]):
            subprocess.run(  # noqa: S603 - our own interpreter and arguments
                [python, "-m", "flask", "--app", "hiring", *command],
                env=env,
                cwd=source,
                check=True,
                capture_output=True,
            )
        ids = demo_ids(folder / "instance" / "hiring.sqlite3")
        (folder / "bare.py").write_text(BARE_APP)
        app_spec = "hiring:create_app()"
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
            (folder / "profiled.py").write_text(PROFILED_APP)
            env["PYTHONPATH"] = f"{source}{os.pathsep}{folder}"
            env["LOAD_PROFILE_DIR"] = str(args.profile.resolve())
            app_spec = "profiled:app"
        app_port, bare_port = args.port, args.port + 1
        gunicorn = [
            python,
            "-m",
            "gunicorn",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ]
        servers.start(
            [*gunicorn, "--bind", f"{args.host}:{app_port}", app_spec],
            env,
            source,
            folder / "app.log",
        )
        servers.start(
            [*gunicorn, "--bind", f"{args.host}:{bare_port}", "--chdir", tmp, "bare:app"],
            env,
            folder,
            folder / "bare.log",
        )
        wait_until_up(app_port, "/healthz")
        wait_until_up(bare_port, "/")
        print(f"serving {source}")
        print(
            f"demo seeded in {time.perf_counter() - seeding:.1f} s; {args.users} users,"
            f" {args.workers} gunicorn sync workers each, {args.seconds:.0f} s in {args.slice:.0f} s turns"
        )
        rng = random.Random(14)
        browsers = {
            "app": [Browser(app_port, ROLES[n % len(ROLES)], ids, rng) for n in range(args.users)],
            "bare": [Browser(bare_port, "bare", ids, rng) for _ in range(args.users)],
        }
        errors: list[str] = []
        samples: list[Sample] = []
        elapsed = {"app": 0.0, "bare": 0.0}
        rates: dict[str, list[float]] = {"app": [], "bare": []}
        turns = max(1, round(args.seconds / 2 / args.slice))
        for _ in range(turns):
            for target, port in (("app", app_port), ("bare", bare_port)):
                got, wall = run_slice(
                    target, port, browsers[target], args.seconds / 2 / turns, errors
                )
                samples += got
                elapsed[target] += wall
                rates[target].append(len(got) / wall)
        servers.stop()
        report(samples, elapsed, rates, errors, browsers["app"], folder / "app.log")


def report(
    samples: list[Sample],
    elapsed: dict[str, float],
    rates: dict[str, list[float]],
    errors: list[str],
    browsers: list[Browser],
    log: Path,
) -> None:
    print(
        f"\n{'target':<8}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'errors':>8}   req/s per turn"
    )
    throughput = {}
    for target in ("app", "bare"):
        mine = [s for s in samples if s.target == target]
        times = [s.seconds * 1000 for s in mine]
        bad = sum(1 for s in mine if s.status == 0 or s.status >= 400)
        throughput[target] = len(mine) / elapsed[target]
        turns = " ".join(f"{r:.0f}" for r in rates[target])
        print(
            f"{target:<8}{len(mine):>9}{throughput[target]:>9.1f}{percentile(times, 0.5):>9.1f}"
            f"{percentile(times, 0.95):>9.1f}{percentile(times, 0.99):>9.1f}{bad:>8}   {turns}"
        )
    print(
        f"\nbare/app: {throughput['bare'] / throughput['app']:.1f}x"
        f" (app/bare {throughput['app'] / throughput['bare']:.3f})"
    )
    print(f"\n{'app request kind':<18}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'non-2xx/3xx':>12}")
    kinds: dict[str, list[Sample]] = {}
    for sample in samples:
        if sample.target == "app":
            kinds.setdefault(sample.kind, []).append(sample)
    for kind, mine in sorted(kinds.items(), key=lambda item: -len(item[1])):
        times = [s.seconds * 1000 for s in mine]
        bad = sum(1 for s in mine if s.status == 0 or s.status >= 400)
        print(
            f"{kind:<18}{len(mine):>7}{percentile(times, 0.5):>9.1f}{percentile(times, 0.95):>9.1f}{bad:>12}"
        )
    conflicts = sum(b.conflicts for b in browsers)
    print(
        f"\nautosave conflicts (two sessions of one demo account; answered 409, reloaded): {conflicts}"
    )
    failures = exceptions(log.read_text(errors="replace") if log.exists() else "")
    print(f"errors: {len(errors)}; tracebacks in the app's log: {len(failures)}")
    for line in errors[:5]:
        print("  " + textwrap.shorten(line, 150))
    for line, count in Counter(failures).most_common(5):
        print(f"  log: {count} x {textwrap.shorten(line, 140)}")


def exceptions(log: str) -> list[str]:
    """The closing line (exception type and message) of each traceback in a server log."""
    found, inside = [], False
    for line in log.splitlines():
        if line.startswith("Traceback"):
            inside = True
        elif inside and line and not line.startswith((" ", "During", "The above")):
            found.append(line)
            inside = False
    return found


if __name__ == "__main__":
    main()
