"""Export benchmark: ``twilio2zoom export`` vs what users write today, on the sandbox.

Compared, on the Twilio emulator with per-request latency and a per-connection bandwidth
cap, over the same recordings:

* naive: the official ``twilio`` package lists recordings, then for each one asks
  ``/Media`` through ``client.request`` and downloads it with ``requests``, one by one;
* curl: ``xargs -P16 curl`` over media URLs resolved beforehand (the link's practical
  limit: no listing, no verification, no manifest);
* twilio2zoom export at several ``--concurrency`` values (the default comes from this).

Every contender runs as a child process; its wall time and peak RSS (``os.wait4``) are
measured. Reproduce the figures in docs/export.md with::

    python benchmarks/export_bench.py                 # 64 x 8 MiB, 60 ms, 8 MB/s
    python benchmarks/export_bench.py --memory        # 1 GiB export and 100k dry-run RSS
    python benchmarks/export_bench.py --short --json  # CI: a few small files, seconds
    python benchmarks/export_bench.py --dask          # cluster cost and --bwlimit scaling
    python benchmarks/export_bench.py --dask --short  # the same, small (CI)

``--dask`` measures two things one machine can show (see docs/export.md, "On a Dask
cluster"): the cost of the cluster, i.e. two local workers against one process on the
same emulated link with the same connections in total; and scaling where a per-host
limit binds, i.e. N = 1, 2, 4 workers each held to ``--bwlimit B`` against N x B.
Clusters are started beforehand in their own process (``--scheduler``), so start-up is
reported apart from throughput; throughput is bytes copied over the export's own time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from migrate.sandbox.faults import FaultConfig  # noqa: E402
from migrate.sandbox.twilio import TwilioEmulator  # noqa: E402
from migrate.twilio import AsyncTwilioVideoClient  # noqa: E402

MIB = 1024 * 1024

NAIVE_SCRIPT = """
import json, os, sys
import requests
from twilio.rest import Client

api_url, dest = sys.argv[1], sys.argv[2]
client = Client(os.environ["TWILIO_API_KEY"], os.environ["TWILIO_API_SECRET"],
                os.environ["TWILIO_ACCOUNT_SID"])
client.video.base_url = api_url
for rec in client.video.v1.recordings.list(status="completed"):
    answer = client.request("GET", f"{api_url}/v1/Recordings/{rec.sid}/Media")
    url = json.loads(answer.text)["redirect_to"]
    with requests.get(url, stream=True, timeout=60) as response:
        response.raise_for_status()
        with open(os.path.join(dest, f"{rec.sid}.{rec.container_format}"), "wb") as out:
            for chunk in response.iter_content(1 << 16):
                out.write(chunk)
"""


@dataclass
class Run:
    """One contender's result. ``work_seconds`` is the export's own timer (no start-up)."""

    name: str
    seconds: float
    peak_rss_mib: float
    returncode: int
    work_seconds: float | None = None
    bytes_copied: int | None = None


# A forked child's ru_maxrss starts at its parent's RSS (this process holds the
# emulator), so contenders are started by this small launcher, which reports the
# peak RSS of what it ran.
PEAK_MARK = "PEAK_RSS_KIB="
LAUNCHER = f"""
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.write("\\n{PEAK_MARK}%d\\n" % peak)
sys.exit(code)
"""


def run_child(name: str, argv: list[str], env: dict[str, str], stdin: Path | None = None) -> Run:
    """Run ``argv``; return its wall time and peak RSS (and the export's own timer)."""
    with stdin.open("rb") if stdin else open(os.devnull, "rb") as feed:
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", LAUNCHER, *argv],
            env=env,
            cwd=REPO,
            stdin=feed,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.monotonic() - started
    stderr, _, peak = done.stderr.rpartition(PEAK_MARK)
    if done.returncode != 0:
        sys.stderr.write(f"{name} failed ({done.returncode}): {stderr[-2000:]}\n")
    work = copied = None
    if done.stdout.lstrip().startswith("{"):
        summary = json.loads(done.stdout)
        work, copied = summary.get("seconds"), summary.get("bytes_copied")
    peak_mib = round(int(peak.strip() or 0) / 1024, 1)
    return Run(name, round(seconds, 2), peak_mib, done.returncode, work, copied)


def child_env(emu: TwilioEmulator) -> dict[str, str]:
    """The environment of every child: the emulator's credentials and this checkout."""
    return {**os.environ, **emu.env(), "PYTHONPATH": str(REPO)}


def seed(emu: TwilioEmulator, files: int, size: int) -> None:
    """``files`` completed audio recordings of ``size`` bytes in rooms of eight."""
    state = emu.state
    for start in range(0, files, 8):
        room = state.add_room(f"bench-{start}", status="completed")
        person = state.add_participant(room.sid, f"user-{start}")
        for _ in range(min(8, files - start)):
            state.add_recording(room.sid, person.sid, size=size)


async def resolve_media_urls(emu: TwilioEmulator, workdir: Path) -> Path:
    """Write ``PATH URL`` lines for xargs/curl (resolution is not part of curl's time)."""
    env = emu.env()
    lines = []
    async with AsyncTwilioVideoClient(
        env["TWILIO_API_KEY"], env["TWILIO_API_SECRET"], base_url=emu.api_url
    ) as client:
        async for rec in client.list_recordings(status="completed"):
            url = await client.media_url(rec.sid or "", ttl=3600)
            lines.append(f"{workdir / 'curl' / (rec.sid or '')}.mka {url}\n")
    listing = workdir / "curl-urls.txt"
    listing.write_text("".join(lines))
    return listing


def export_argv(dest: Path, concurrency: int, *extra: str) -> list[str]:
    """The command line of one export run."""
    return [
        sys.executable,
        "-m",
        "migrate",
        "export",
        str(dest),
        "--concurrency",
        str(concurrency),
        "--json",
        *extra,
    ]


def speed(args: argparse.Namespace) -> dict[str, object]:
    """Naive vs curl vs export (at each concurrency) on one seeded emulator."""
    faults = FaultConfig(latency=args.latency, bandwidth=int(args.bandwidth))
    with TwilioEmulator(faults=faults) as emu, tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        seed(emu, args.files, args.size_mib * MIB)
        env = child_env(emu)
        runs: list[Run] = []
        (workdir / "naive").mkdir()
        runs.append(
            run_child(
                "naive twilio+requests",
                [sys.executable, "-c", NAIVE_SCRIPT, emu.api_url, str(workdir / "naive")],
                env,
            )
        )
        if shutil.which("curl") and shutil.which("xargs"):
            (workdir / "curl").mkdir()
            listing = asyncio.run(resolve_media_urls(emu, workdir))
            curl_argv = ["xargs", "-P", str(args.curl_parallel), "-L", "1", "curl", "-sSf", "-o"]
            name = f"xargs -P{args.curl_parallel} curl"
            runs.append(
                best_of(args.repeat, lambda _: run_child(name, curl_argv, env, stdin=listing))
            )
        for concurrency in args.concurrency:
            name = f"twilio2zoom export -c{concurrency}"

            def one(attempt: int, concurrency: int = concurrency, name: str = name) -> Run:
                dest = workdir / f"export-{concurrency}-{attempt}"  # fresh: nothing to skip
                return run_child(name, export_argv(dest, concurrency), env)

            runs.append(best_of(args.repeat, one))
    return report_speed(runs, args)


def best_of(repeat: int, attempt: Callable[[int], Run]) -> Run:
    """The fastest of ``repeat`` runs: the machine's other load only ever slows a run."""
    return min((attempt(i) for i in range(repeat)), key=lambda run: run.seconds)


def report_speed(runs: list[Run], args: argparse.Namespace) -> dict[str, object]:
    """Ratios of every export run against naive and curl."""
    naive = runs[0]
    curl = next((r for r in runs if r.name.startswith("xargs")), None)
    exports = [r for r in runs if r.name.startswith("twilio2zoom")]
    best = min(exports, key=lambda r: r.seconds)
    # The default is the smallest concurrency within 5 % of the best time: more
    # connections than that only add load on Twilio for no gain.
    chosen = next(r for r in exports if r.seconds <= best.seconds * 1.05)
    return {
        "setup": {
            "files": args.files,
            "size_mib": args.size_mib,
            "latency_s": args.latency,
            "bandwidth_bytes_per_s": args.bandwidth,
            "best_of": args.repeat,
        },
        "runs": [asdict(r) for r in runs],
        "speedup_vs_naive": {r.name: round(naive.seconds / r.seconds, 2) for r in exports},
        "time_vs_curl": (
            {r.name: round(r.seconds / curl.seconds, 2) for r in exports} if curl else None
        ),
        # The same without the CLI's interpreter start-up and imports.
        "work_time_vs_curl": (
            {r.name: round((r.work_seconds or r.seconds) / curl.seconds, 2) for r in exports}
            if curl
            else None
        ),
        "chosen_concurrency": chosen.name.rsplit("-c", 1)[1],
        "all_ok": all(r.returncode == 0 for r in runs),
    }


CLUSTER_SCRIPT = """
import logging, sys
from distributed import LocalCluster

if __name__ == "__main__":
    with LocalCluster(n_workers=int(sys.argv[1]), threads_per_worker=1, processes=True,
                      dashboard_address=":0", silence_logs=logging.ERROR,
                      preload=["migrate.export.batch"]) as cluster:
        print(cluster.scheduler_address, flush=True)
        sys.stdin.read()  # until the benchmark closes the pipe
"""


class Cluster:
    """A LocalCluster of ``workers`` processes in a child process; its start-up is timed."""

    def __init__(self, workers: int, workdir: Path) -> None:
        script = workdir / "cluster.py"
        script.write_text(CLUSTER_SCRIPT)
        started = time.monotonic()
        self._proc = subprocess.Popen(
            [sys.executable, str(script), str(workers)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._proc.stdout is not None
        self.address = self._proc.stdout.readline().strip()
        self.startup_seconds = round(time.monotonic() - started, 2)
        if not self.address.startswith("tcp://"):
            raise RuntimeError("the benchmark cluster did not start")

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.close()
        self._proc.wait(timeout=60)


def warm_up(cluster: Cluster, workdir: Path) -> None:
    """One tiny export, so the workers' one-time imports and set-up are not measured."""
    with TwilioEmulator() as emu:
        seed(emu, 2, 1024)
        argv = export_argv(workdir / "warm-up", 2, "--scheduler", cluster.address)
        run_child("warm-up", argv, child_env(emu))


def throughput(run: Run) -> float:
    """Bytes per second over the export's own time (no interpreter start-up)."""
    return (run.bytes_copied or 0) / (run.work_seconds or run.seconds)


def dask_cost(args: argparse.Namespace) -> dict[str, object]:
    """Two local workers against one process, the same connections in total."""
    faults = FaultConfig(latency=args.latency, bandwidth=int(args.bandwidth))
    total = args.dask_connections
    with TwilioEmulator(faults=faults) as emu, tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        seed(emu, args.files, args.size_mib * MIB)
        env = child_env(emu)
        runs: list[Run] = []
        with Cluster(2, workdir) as cluster:
            warm_up(cluster, workdir)
            for attempt in range(args.repeat):  # interleaved: load drifts hit both alike
                dest = workdir / f"single-{attempt}"
                runs.append(run_child("single process", export_argv(dest, total), env))
                dest = workdir / f"dask-{attempt}"
                extra = ("--scheduler", cluster.address)
                runs.append(run_child("2 dask workers", export_argv(dest, total // 2, *extra), env))
        # The one-command form, cluster start-up included, for the record.
        local = run_child(
            "--workers 2 (incl. start-up)",
            export_argv(workdir / "local", total // 2, "--workers", "2"),
            env,
        )
    single = max((r for r in runs if r.name == "single process"), key=throughput)
    dask = max((r for r in runs if r.name == "2 dask workers"), key=throughput)
    return {
        "setup": {
            "files": args.files,
            "size_mib": args.size_mib,
            "latency_s": args.latency,
            "bandwidth_bytes_per_s_per_connection": args.bandwidth,
            "connections_total": total,
            "best_of": args.repeat,
        },
        "cluster_startup_s": cluster.startup_seconds,
        "runs": [asdict(r) for r in [*runs, local]],
        "single_mib_s": round(throughput(single) / MIB, 2),
        "dask_2_workers_mib_s": round(throughput(dask) / MIB, 2),
        "ratio": round(throughput(dask) / throughput(single), 3),
        "all_ok": all(r.returncode == 0 for r in [*runs, local]),
    }


def dask_scaling(args: argparse.Namespace) -> dict[str, object]:
    """N workers each held to --bwlimit B: the total against N x B.

    Each export also pays fixed costs (connecting, listing, writing the index, a worker's
    first imports) that no limit governs, so for each N the warmed cluster copies k and
    then 2k files per worker; the difference in bytes over the difference in time is the
    rate the limits allow, free of those fixed costs. The plain rate of the larger run is
    reported beside it.
    """
    rate = int(args.bwlimit_mib * MIB)
    points: list[dict[str, object]] = []
    ok = True
    for workers in args.dask_workers:
        with tempfile.TemporaryDirectory() as tmp, Cluster(workers, Path(tmp)) as cluster:
            extra = ("--scheduler", cluster.address, "--bwlimit", f"{args.bwlimit_mib}M")
            runs: list[Run] = []
            warm_up(cluster, Path(tmp))
            for label, files in (("k", 1), ("2k", 2)):
                count = files * workers * args.files_per_worker
                with TwilioEmulator(faults=FaultConfig(latency=0.005)) as emu:
                    seed(emu, count, args.scaling_size_mib * MIB)
                    argv = export_argv(Path(tmp) / label, args.scaling_concurrency, *extra)
                    runs.append(run_child(f"{workers} workers, {label}", argv, child_env(emu)))
        ok = ok and all(r.returncode == 0 for r in runs)
        small, large = runs
        extra_bytes = (large.bytes_copied or 0) - (small.bytes_copied or 0)
        extra_seconds = (large.work_seconds or large.seconds) - (
            small.work_seconds or small.seconds
        )
        marginal = extra_bytes / extra_seconds if extra_seconds > 0 else 0.0
        points.append(
            {
                "workers": workers,
                "mib": [round((r.bytes_copied or 0) / MIB) for r in (small, large)],
                "seconds": [r.work_seconds for r in (small, large)],
                "mib_s": round(marginal / MIB, 2),
                "plain_mib_s": round(throughput(large) / MIB, 2),
                "target_mib_s": round(workers * rate / MIB, 2),
                "ratio_to_n_x_b": round(marginal / (workers * rate), 3),
                "plain_ratio_to_n_x_b": round(throughput(large) / (workers * rate), 3),
            }
        )
    return {"bwlimit_mib_s": args.bwlimit_mib, "points": points, "all_ok": ok}


def dask(args: argparse.Namespace) -> dict[str, object]:
    """Both Dask measurements."""
    result: dict[str, object] = {}
    if args.dask_part in ("both", "cost"):
        result["cost"] = dask_cost(args)
    if args.dask_part in ("both", "scaling"):
        result["scaling"] = dask_scaling(args)
    result["all_ok"] = all(isinstance(part, dict) and part["all_ok"] for part in result.values())
    return result


def memory(args: argparse.Namespace) -> dict[str, object]:
    """Peak RSS of exporting one 1 GiB file, and of a dry run over 100,000 recordings."""
    results: dict[str, object] = {}
    with TwilioEmulator() as emu, tempfile.TemporaryDirectory() as tmp:
        room = emu.state.add_room("big", status="completed")
        person = emu.state.add_participant(room.sid, "p")
        emu.state.add_recording(room.sid, person.sid, size=args.big_mib * MIB)
        run = run_child("export 1 file", export_argv(Path(tmp) / "big", 16), child_env(emu))
        results[f"export_{args.big_mib}_mib"] = asdict(run)
    with TwilioEmulator() as emu, tempfile.TemporaryDirectory() as tmp:
        seed(emu, args.dry_run_items, 1024)
        run = run_child(
            "dry run",
            export_argv(Path(tmp) / "dry", 16, "--dry-run", "--what", "recordings"),
            child_env(emu),
        )
        results[f"dry_run_{args.dry_run_items}_items"] = asdict(run)
    results["all_ok"] = all(
        isinstance(run, dict) and run["returncode"] == 0 for run in results.values()
    )
    return results


def print_table(result: dict[str, object]) -> None:
    """Human-readable figures, side by side."""
    speed_result = result.get("speed")
    if isinstance(speed_result, dict):
        setup = speed_result["setup"]
        print(f"setup: {setup}")
        print(f"{'contender':32} {'wall s':>8} {'work s':>8} {'peak RSS MiB':>13}")
        for run in speed_result["runs"]:
            work = run["work_seconds"] if run["work_seconds"] is not None else "-"
            print(f"{run['name']:32} {run['seconds']:>8} {work:>8} {run['peak_rss_mib']:>13}")
        print(f"speed-up vs naive: {speed_result['speedup_vs_naive']}")
        print(f"time vs curl:      {speed_result['time_vs_curl']}")
        print(f"work time vs curl: {speed_result['work_time_vs_curl']}")
        print(f"chosen default concurrency: {speed_result['chosen_concurrency']}")
    dask_result = result.get("dask")
    if isinstance(dask_result, dict):
        cost = dask_result.get("cost")
        if isinstance(cost, dict):
            print(f"setup: {cost['setup']}; cluster start-up {cost['cluster_startup_s']} s")
            print(
                f"single process {cost['single_mib_s']} MiB/s, 2 Dask workers "
                f"{cost['dask_2_workers_mib_s']} MiB/s: ratio {cost['ratio']}"
            )
        scaling = dask_result.get("scaling")
        if isinstance(scaling, dict):
            print(f"--bwlimit {scaling['bwlimit_mib_s']} MiB/s per worker:")
        for point in scaling["points"] if isinstance(scaling, dict) else []:
            print(
                f"  N={point['workers']}: {point['mib_s']} MiB/s of {point['target_mib_s']} "
                f"(N x B) = {point['ratio_to_n_x_b']} (plain {point['plain_mib_s']} MiB/s = "
                f"{point['plain_ratio_to_n_x_b']}); {point['mib']} MiB in {point['seconds']} s"
            )
    mem = result.get("memory")
    if isinstance(mem, dict):
        for name, run in mem.items():
            if isinstance(run, dict):
                print(f"{name:32} {run['seconds']:>8}s peak RSS {run['peak_rss_mib']} MiB")
    print(
        "reproduce: python "
        + " ".join([Path(__file__).relative_to(REPO).as_posix(), *sys.argv[1:]])
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Options; ``--short`` shrinks everything for CI."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="a few small files (CI)")
    parser.add_argument("--memory", action="store_true", help="measure peak RSS instead")
    parser.add_argument("--dask", action="store_true", help="cluster cost and --bwlimit scaling")
    parser.add_argument("--dask-part", choices=("both", "cost", "scaling"), default="both")
    parser.add_argument("--dask-connections", type=int, default=32)
    parser.add_argument(
        "--dask-workers", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2, 4]
    )
    # B well under what one worker can do on a busy 2-core machine, so that the limit
    # (not the CPU shared by emulator, scheduler, client and workers) binds at N = 4.
    parser.add_argument("--bwlimit-mib", type=float, default=1.0)
    parser.add_argument("--files-per-worker", type=int, default=8)
    parser.add_argument("--scaling-size-mib", type=int, default=1)
    parser.add_argument("--scaling-concurrency", type=int, default=4)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--files", type=int, default=64)
    parser.add_argument("--size-mib", type=int, default=8)
    parser.add_argument("--latency", type=float, default=0.06)
    parser.add_argument("--bandwidth", type=float, default=8e6)
    parser.add_argument("--curl-parallel", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3, help="best of N for curl and export")
    parser.add_argument(
        "--concurrency", type=lambda s: [int(x) for x in s.split(",")], default=[4, 8, 16, 32]
    )
    parser.add_argument("--big-mib", type=int, default=1024)
    parser.add_argument("--dry-run-items", type=int, default=100_000)
    args = parser.parse_args(argv)
    if args.short:
        args.files, args.size_mib, args.latency, args.concurrency = 8, 1, 0.03, [8]
        args.bandwidth, args.repeat = 1e6, 1
        args.dask_connections, args.dask_workers, args.files_per_worker = 8, [1, 2], 3
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures; exit 1 if a contender failed."""
    args = parse_args(argv)
    kind = "memory" if args.memory else "dask" if args.dask else "speed"
    figures = {"memory": memory, "dask": dask, "speed": speed}[kind](args)
    result = {kind: figures}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)
    return 0 if figures["all_ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
