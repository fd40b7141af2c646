"""Audit speed: twilio2zoom audit vs semgrep (equivalent rules) vs `grep -rl twilio`.

Full mode builds a tree of >= 1 million lines from unpacked PyPI sdists plus copies of
the audit's sample apps, then prints time ratios and checks that both tools report the
same (rule, path, line) set on the sample apps for the rules both express
(audit_semgrep_rules.yml). Semgrep is installed into its own venv, never the project's.

    python benchmarks/audit_bench.py            # full (downloads sdists once into a cache)
    python benchmarks/audit_bench.py --short    # seconds: a small generated tree

The audit/grep ratio is the median over ``--rounds`` rounds, each timing grep and then
the audit command (a subprocess: interpreter start-up included) back to back.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "audit" / "fixtures"
RULES_YML = Path(__file__).with_name("audit_semgrep_rules.yml")
CACHE = Path(
    os.environ.get("TWILIO2ZOOM_BENCH_CACHE", Path.home() / ".cache" / "twilio2zoom-bench")
)
SDISTS = (
    "django==5.1.4",
    "sqlalchemy==2.0.36",
    "sympy==1.13.3",
    "twilio==9.3.7",
    "botocore==1.35.80",
)
SEMGREP_VENV = CACHE / "semgrep-venv"
COMPARED_RULES = ("js-import", "py-video-grant", "py-raw-http")
MIN_LINES = 1_000_000
DOWNLOAD_FAILED = "cannot download the sdists of the full tree"


def build_full_tree(dest: Path) -> None:
    sdists = CACHE / "sdists"
    sdists.mkdir(parents=True, exist_ok=True)
    if not any(sdists.iterdir()):
        try:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
                 "-d", str(sdists), *SDISTS], check=True,
            )  # fmt: skip
        except subprocess.CalledProcessError:
            print(f"{DOWNLOAD_FAILED}: {', '.join(SDISTS)} into {sdists}", file=sys.stderr)
            raise SystemExit(2) from None
    for archive in sorted(sdists.iterdir()):
        target = dest / archive.name.split(".tar")[0].split(".zip")[0]
        if archive.suffix == ".zip":
            with zipfile.ZipFile(archive) as z:
                z.extractall(target)
        else:
            with tarfile.open(archive) as t:
                t.extractall(target, filter="data")
    copy_samples(dest, copies=5)


def build_short_tree(dest: Path) -> None:
    body = "".join(f"def f{i}(x):\n    return x + {i}\n\n" for i in range(60))
    for i in range(400):
        pkg = dest / f"pkg{i % 20}"
        pkg.mkdir(exist_ok=True)
        (pkg / f"mod{i}.py").write_text(body)
        (pkg / f"mod{i}.js").write_text(f"export const v{i} = () => {i};\n" * 40)
    copy_samples(dest, copies=3)


def copy_samples(dest: Path, copies: int) -> None:
    for i in range(copies):
        shutil.copytree(SAMPLES, dest / f"samples{i}")


def count_lines(tree: Path) -> int:
    total = 0
    for path in tree.rglob("*"):
        if path.is_file() and path.suffix in (
            ".py",
            ".js",
            ".ts",
            ".tsx",
            ".html",
            ".txt",
            ".json",
        ):
            with path.open("rb") as f:
                total += sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    return total


def timed(cmd: list[str], repeat: int) -> tuple[float, str]:
    best, out = float("inf"), ""
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        best = min(best, time.perf_counter() - start)
        out = proc.stdout
    return best, out


def side_by_side(ours: list[str], grep: list[str], rounds: int) -> list[tuple[float, float]]:
    """``(audit seconds, grep seconds)`` per round, each pair run back to back.

    Pairs taken close together see the same load, so their ratio is steadier on a busy
    machine than a ratio of two times measured apart; the median of the rounds is used.
    The audit's exit status is checked: a crash must not pass for a fast run.
    """
    pairs = []
    for _ in range(rounds):
        grep_s, _ = timed(grep, 1)
        start = time.perf_counter()
        proc = subprocess.run(ours, capture_output=True, text=True, check=False)
        audit_s = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            raise SystemExit(f"audit failed ({proc.returncode}): {proc.stderr[-2000:]}")
        pairs.append((audit_s, grep_s))
    return pairs


def semgrep_binary() -> Path | None:
    exe = SEMGREP_VENV / "bin" / "semgrep"
    if not exe.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(SEMGREP_VENV)], check=True)
            subprocess.run(
                [str(SEMGREP_VENV / "bin" / "pip"), "install", "-q", "semgrep"], check=True
            )
        except subprocess.CalledProcessError:
            return None
    return exe if exe.exists() else None


def audit_cmd(tree: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "migrate", "audit", str(tree), "-f", "json", "-o", str(out)]


def semgrep_cmd(exe: Path, tree: Path) -> list[str]:
    return [str(exe), "scan", "--config", str(RULES_YML), "--json", "--metrics=off",
            "--disable-version-check", "--no-git-ignore", "--quiet", str(tree)]  # fmt: skip


def compare_on_samples(exe: Path) -> tuple[set[tuple[str, str, int]], set[tuple[str, str, int]]]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        subprocess.run(audit_cmd(SAMPLES, out), check=True)
        ours = {
            (f["rule_id"], f["path"], f["line"])
            for f in json.loads(out.read_text())["findings"]
            # Semgrep does not read .vue or .html files.
            if f["rule_id"] in COMPARED_RULES and not f["path"].endswith((".vue", ".html"))
        }
        # Semgrep's default ignore list skips tests/: scan a copy outside it.
        copy = Path(tmp) / "samples"
        shutil.copytree(SAMPLES, copy)
        proc = subprocess.run(semgrep_cmd(exe, copy), capture_output=True, text=True, check=False)
        theirs = {
            (
                r["check_id"].rsplit(".", 1)[-1],
                str(Path(r["path"]).relative_to(copy)),
                r["start"]["line"],
            )
            for r in json.loads(proc.stdout)["results"]
        }
    return ours, theirs


def engine_seconds(tree: Path, repeat: int) -> float:
    """The audit engine alone, without interpreter start-up and CLI imports."""
    import datetime as dt

    sys.path.insert(0, str(ROOT))
    from migrate.audit.engine import run_audit

    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run_audit(tree, cutoff=dt.date(2026, 12, 5))
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="small generated tree (seconds)")
    parser.add_argument("--no-semgrep", action="store_true", help="skip the semgrep comparison")
    parser.add_argument(
        "--max-ratio",
        type=float,
        default=None,
        help="exit 1 when the median end-to-end audit / grep ratio exceeds this (full tree: 5)",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="side-by-side rounds of audit and grep (median)"
    )
    args = parser.parse_args(argv)
    repeat = 3 if args.short else 1
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        tree.mkdir()
        (build_short_tree if args.short else build_full_tree)(tree)
        lines = count_lines(tree)
        if not args.short and lines < MIN_LINES:
            print(f"tree has only {lines} lines; add sdists to SDISTS", file=sys.stderr)
            return 1
        out = Path(tmp) / "audit.json"
        pairs = side_by_side(
            audit_cmd(tree, out), ["grep", "-rl", "twilio", str(tree)], max(1, args.rounds)
        )
        findings = len(json.loads(out.read_text())["findings"])
        for index, (audit_s, grep_s) in enumerate(pairs, 1):
            print(
                f"round {index}: audit {audit_s:.2f}s, grep -rl {grep_s:.2f}s, "
                f"ratio {audit_s / grep_s:.1f}x"
            )
        ratio = statistics.median(a / g for a, g in pairs)
        ours = statistics.median(a for a, _ in pairs)
        grep = statistics.median(g for _, g in pairs)
        print(
            f"tree: {lines:,} lines; audit {ours:.2f}s ({findings} findings); grep -rl {grep:.2f}s"
            " (medians)"
        )
        engine = engine_seconds(tree, repeat)
        print(f"audit engine (no start-up) {engine:.2f}s")
        ratios = f"audit / grep = {ratio:.1f}x, engine / grep = {engine / grep:.1f}x"
        print(f"{ratios} (target <= 5x)")
        print(f"ratio audit_grep={ratio:.3f} engine_grep={engine / grep:.3f}")
        if args.max_ratio is not None and ratio > args.max_ratio:
            print(f"audit / grep {ratio:.1f}x exceeds {args.max_ratio:g}x", file=sys.stderr)
            return 1
        exe = None if args.no_semgrep else semgrep_binary()
        if exe is None:
            print("semgrep: not available; grep ratio only")
        else:
            theirs, _ = timed(semgrep_cmd(exe, tree), 1)
            print(
                f"semgrep {theirs:.2f}s; semgrep / audit = {theirs / ours:.1f}x, "
                f"semgrep / engine = {theirs / engine:.1f}x (target >= 3x)"
            )
            mine, sem = compare_on_samples(exe)
            same = (
                "identical"
                if mine == sem
                else f"DIFFER: only audit {mine - sem}, only semgrep {sem - mine}"
            )
            print(f"sample apps, rules {', '.join(COMPARED_RULES)}: {len(mine)} findings, {same}")
    mode = " --short" if args.short else ""
    print(f"reproduce: python benchmarks/audit_bench.py{mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
