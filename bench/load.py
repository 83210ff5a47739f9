"""Load test of ``ccpj serve``'s ``/sparql``: a mix of canned queries at 1, 8 and 32 clients.

    python bench/load.py [--site SITE] [--requests 240] [--clients 1,8,32] [--max-seconds 300]

Loopback only: it starts ``ccpj serve`` on 127.0.0.1 (a free port) over ``--site``, or over a
site it publishes from the project's graph into a temporary folder, and stops it at the end.
Each canned query (``queries/*.rq``, unbound: the file as it is, which applies no filter) is
asked once first, one at a time, and its answer kept as the reference. Then, for each number
of clients, ``--requests`` requests cycle through the mix from that many threads (each with
its own connection per request); a level stops early after ``--max-seconds``.

For each level it prints requests per second, p50 and p99 latency, and counts: answers equal
to the reference, 503 back-pressure answers (with ``Retry-After``; not an error), other HTTP
errors, dropped requests (no response) and wrong answers (200 but not the reference). It exits
1 when any request was dropped or answered wrongly.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from ccpj_graph.query.canned import load_queries

HOST = "127.0.0.1"


@dataclass
class Level:
    clients: int
    latencies: list[float] = field(default_factory=list)
    ok: int = 0
    busy: int = 0
    errors: int = 0
    dropped: int = 0
    wrong: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return self.ok + self.busy + self.errors + self.dropped + self.wrong


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _ask(port: int, text: str, timeout: float = 120.0) -> tuple[int, bytes]:
    """POST one query; (status, body). Raises OSError when no response came."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        body = urllib.parse.urlencode({"query": text}).encode()
        conn.request(
            "POST",
            "/sparql",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json",
            },
        )
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _answer(body: bytes) -> object:
    return json.loads(body)


def _run_level(port: int, mix: list[tuple[str, str]], reference: dict[str, object], args) -> Level:
    level = Level(args.clients_now)
    counter = itertools.count()
    lock = threading.Lock()
    deadline = time.monotonic() + args.max_seconds

    def client() -> None:
        while True:
            index = next(counter)
            if index >= args.requests or time.monotonic() > deadline:
                return
            name, text = mix[index % len(mix)]
            started = time.perf_counter()
            try:
                status, body = _ask(port, text)
            except OSError as err:
                with lock:
                    level.dropped += 1
                    level.notes.append(f"{name}: no response ({err})")
                continue
            elapsed = time.perf_counter() - started
            with lock:
                level.latencies.append(elapsed)
                if status == 200:
                    if _answer(body) == reference[name]:
                        level.ok += 1
                    else:
                        level.wrong += 1
                        level.notes.append(f"{name}: a different answer")
                elif status == 503:
                    level.busy += 1
                else:
                    level.errors += 1
                    level.notes.append(f"{name}: HTTP {status} {body[:120]!r}")

    threads = [threading.Thread(target=client) for _ in range(level.clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    level.seconds = time.perf_counter() - started
    return level


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _publish(out: Path, port: int) -> None:
    command = [sys.executable, "-m", "ccpj_graph", "publish"]
    command += ["--base-uri", f"http://{HOST}:{port}/", "--out", str(out)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def _start(site: Path, port: int, args) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "ccpj_graph", "serve", "--site", str(site)]
    command += ["--host", HOST, "--port", str(port), "--quiet"]
    command += ["--workers", str(args.workers), "--queue", str(args.queue)]
    process = subprocess.Popen(command)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"ccpj serve ended with exit code {process.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                conn.close()
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("ccpj serve did not come up within 180 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="A published site (default: publish one).")
    parser.add_argument("--requests", type=int, default=240, help="Requests per level.")
    parser.add_argument("--clients", default="1,8,32", help="Concurrency levels.")
    parser.add_argument("--max-seconds", type=float, default=300.0, help="Time cap per level.")
    parser.add_argument("--workers", type=int, default=2, help="ccpj serve --workers.")
    parser.add_argument("--queue", type=int, default=64, help="ccpj serve --queue.")
    args = parser.parse_args()

    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="ccpj-load-") as temp:
        site = args.site
        if site is None:
            site = Path(temp) / "site"
            print(f"publishing the project's graph to {site} ...", file=sys.stderr)
            _publish(site, port)
        server = _start(site, port, args)
        try:
            mix = [(q.name, q.text) for q in load_queries().values()]
            reference: dict[str, object] = {}
            for name, text in mix:
                status, body = _ask(port, text)
                if status != 200:
                    raise SystemExit(f"{name}: HTTP {status} {body[:200]!r}")
                reference[name] = _answer(body)
            print(
                f"{len(mix)} canned queries, {args.requests} requests per level,"
                f" ccpj serve --workers {args.workers} --queue {args.queue}, 127.0.0.1",
            )
            print(
                "| clients | requests | req/s | p50 | p99 | ok | 503 | errors | dropped | wrong |"
            )
            print("|---|---|---|---|---|---|---|---|---|---|")
            failed = False
            levels = []
            for clients in (int(c) for c in args.clients.split(",")):
                args.clients_now = clients
                level = _run_level(port, mix, reference, args)
                levels.append(level)
                rate = level.requests / level.seconds if level.seconds else 0.0
                print(
                    f"| {clients} | {level.requests} | {rate:.1f}"
                    f" | {1000 * statistics.median(level.latencies):.0f} ms"
                    f" | {1000 * _percentile(level.latencies, 0.99):.0f} ms"
                    f" | {level.ok} | {level.busy} | {level.errors} | {level.dropped}"
                    f" | {level.wrong} |",
                    flush=True,
                )
                failed |= bool(level.dropped or level.wrong)
            for level in levels:
                for note in level.notes[:5]:
                    print(f"  {level.clients} clients: {note}", file=sys.stderr)
        finally:
            server.terminate()
            server.wait(timeout=60)
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
