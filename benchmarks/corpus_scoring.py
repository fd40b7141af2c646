"""Hand labels of the development corpus and how the audit is scored against them.

One label format for every language (``benchmarks/corpus_labels/*.json``)::

    {"files": [{"repo": "owner/name", "path": "a/b.py", "lang": "python",
                "video": [3, 10], "non_video": [12]}]}

``video`` lines are Twilio Video touchpoints, ``non_video`` lines use Twilio for something
else; a statement over several lines is labelled at its first line. The labels hold no
source text: each repository is checked out at ``<corpus>/<owner>+<name>``.

A labelled line is covered by a finding either when it lies within the finding's line span
(``span``, the Python benchmark) or when the finding starts on it (``start``, the JS/TS
benchmark).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

LABELS = Path(__file__).with_name("corpus_labels")
Match = Literal["span", "start"]


@dataclass(frozen=True)
class FileLabel:
    """The labelled lines of one file of one repository."""

    repo: str
    path: str
    lang: str
    video: tuple[int, ...]
    non_video: tuple[int, ...]


@dataclass
class AuditScore:
    """Audit counts over the labelled lines."""

    video: int = 0
    found: int = 0
    non_video: int = 0
    flagged: int = 0
    misses: list[str] = field(default_factory=list)
    false_flags: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.video if self.video else 1.0

    @property
    def flagged_rate(self) -> float:
        return self.flagged / self.non_video if self.non_video else 0.0

    def add(
        self,
        labels: Iterable[FileLabel],
        spans: dict[str, list[tuple[int, int]]],
        match: Match = "span",
    ) -> None:
        """Score ``labels`` against the Video findings' ``(start, end)`` lines per path."""
        for label in labels:
            own = spans.get(label.path, [])
            for line in label.video:
                self.video += 1
                if _covers(own, line, match):
                    self.found += 1
                else:
                    self.misses.append(f"{label.repo}:{label.path}:{line}")
            for line in label.non_video:
                self.non_video += 1
                if _covers(own, line, match):
                    self.flagged += 1
                    self.false_flags.append(f"{label.repo}:{label.path}:{line}")


def _covers(spans: list[tuple[int, int]], line: int, match: Match) -> bool:
    if match == "start":
        return any(start == line for start, _ in spans)
    return any(start <= line <= end for start, end in spans)


def load_labels(lang: str, folder: Path = LABELS) -> dict[str, list[FileLabel]]:
    """The labels of ``lang`` (``python`` or ``js``) per repository, from every file."""
    by_repo: dict[str, list[FileLabel]] = defaultdict(list)
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for entry in data["files"]:
            if entry.get("lang", "python") == lang:
                by_repo[entry["repo"]].append(
                    FileLabel(
                        entry["repo"],
                        entry["path"],
                        lang,
                        tuple(int(n) for n in entry["video"]),
                        tuple(int(n) for n in entry["non_video"]),
                    )
                )
    return dict(by_repo)


def checkout(corpus: Path, repo: str) -> Path:
    """Where the checkout of ``repo`` (``owner/name``) is in the corpus folder."""
    return corpus / repo.replace("/", "+", 1)
