"""What one server process of ``fgr serve``'s pool costs: start-up time and memory, at 1x and 10x.

``fgr serve`` runs N read-only Oxigraph servers over one store and kills the one whose client went
(functiegebouw.sparql.pool). This measures, on synthetic data from bench/generate.py converted
with ``fgr build`` and loaded into the embedded store (with the shipped ontology and vocabularies):

- start-up: from launching ``oxigraph serve-read-only`` to its first answer (each start, and the
  replacements after kills);
- memory per process, idle after start and after a query that reads every triple: RSS, and the
  private part (Private_Clean + Private_Dirty of /proc/PID/smaps_rollup). The store's files are
  mapped and shared between the processes through the page cache, so the private part is what
  one more process adds;
- kill: from the client's disconnect during an expensive query to the process being gone.

Usage: ``.venv/bin/python bench/serve_pool.py [--scales 1 10] [--processes 4]``; data in
bench/work/serve-<scale>x/ (git-ignored, reused). Prints a Markdown table.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "src"))

EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def prepare(scale: float) -> Path:
    """The store folder for ``scale`` (generated, built and loaded once)."""
    from generate import REAL_GROUPS, generate

    import functiegebouw

    folder = BENCH / "work" / f"serve-{scale:g}x"
    if not (folder / "stamp").exists():
        generate(folder / "data" / "sources", max(1, round(REAL_GROUPS * scale)), 1)
        subprocess.run([sys.executable, "-m", "functiegebouw.cli", "build", "--data", str(folder / "data")],
                       check=True, stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        (folder / "stamp").write_text("built\n")
    store = functiegebouw.open(folder / "data", store_dir=folder / "store")
    location = Path(store.location)
    store.close()
    return location


def memory(pid: int) -> tuple[float, float]:
    """(RSS, private) MB of a process."""
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        for line in rollup:
            name, _, value = line.partition(":")
            if value.strip().endswith("kB"):
                fields[name] = int(value.split()[0])
    return fields["Rss"] / 1024, (fields["Private_Clean"] + fields["Private_Dirty"]) / 1024


def ask(port: int, query: str) -> bytes:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/query", data=query.encode(),
                                     headers={"Content-Type": "application/sparql-query",
                                              "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=600) as answer:
        return answer.read()


def measure(location: Path, processes: int) -> dict:
    from functiegebouw.cli.query import serve_command
    from functiegebouw.sparql.pool import Pool
    from functiegebouw.sparql.serve import Limits, start_guard

    pool = Pool(lambda port: serve_command(location, "127.0.0.1", port, 600), processes)
    started = time.monotonic()
    pool.start()
    whole = time.monotonic() - started
    try:
        time.sleep(1)  # let the new processes settle
        idle = [memory(pid) for pid in pool.pids()]
        triples = 0
        for member in list(pool.idle):  # every process reads every triple once
            answer = ask(member.port, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . FILTER(STRLEN(STR(?o)) >= 0) }")
            triples = int(answer.split(b'"value":"')[1].split(b'"')[0])
        warm = [memory(pid) for pid in pool.pids()]
        server = start_guard(pool, "127.0.0.1", 0, limits=Limits(deadline=600))
        kills = []
        try:
            for _ in range(3):
                with socket.create_connection(("127.0.0.1", server.server_address[1])) as sock:
                    body = EXPENSIVE.encode()
                    sock.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                                 b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
                    while not pool.busy:
                        time.sleep(0.001)
                    time.sleep(0.3)  # the query is running
                    (pid,) = [m.pid for m in pool.busy]
                left = time.monotonic()
                while os.path.exists(f"/proc/{pid}"):
                    time.sleep(0.001)
                kills.append(time.monotonic() - left)
                while pool.starting:
                    time.sleep(0.01)
        finally:
            server.shutdown()
            server.server_close()
        return {"triples": triples, "startups": list(pool.startups), "pool_start": whole,
                "idle": idle, "warm": warm, "kills": kills}
    finally:
        pool.stop()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", type=float, nargs="+", default=[1, 10])
    ap.add_argument("--processes", type=int, default=4)
    args = ap.parse_args(argv)
    print(f"{args.processes} processes; load average {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores\n")
    print("| data | triples | store on disk | start-up per process (median, max) | whole pool ready | "
          "RSS idle / after reading all | private idle / after reading all | disconnect → process gone |")
    print("|---|---|---|---|---|---|---|---|")
    for scale in args.scales:
        location = prepare(scale)
        disk = sum(f.stat().st_size for f in location.rglob("*") if f.is_file()) / 2**20
        r = measure(location, args.processes)
        ms = [s * 1000 for s in r["startups"]]

        def mb(samples, i):
            return f"{statistics.median(s[i] for s in samples):.0f}"

        print(f"| {scale:g}x | {r['triples']:,} | {disk:.0f} MB | {statistics.median(ms):.0f} ms, {max(ms):.0f} ms | "
              f"{r['pool_start'] * 1000:.0f} ms | {mb(r['idle'], 0)} / {mb(r['warm'], 0)} MB | "
              f"{mb(r['idle'], 1)} / {mb(r['warm'], 1)} MB | "
              f"{max(r['kills']) * 1000:.0f} ms (max of {len(r['kills'])}) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
