"""`make eval`: extraction quality on the real-page corpus, per outlet and overall.

Runs ``ikpcrawl extract --batch`` (the spiders' own extraction and cleaning) over every corpus
article and compares with the ground truth: body token precision/recall/F1, title and date
exact-match rates, authors match rate (on rows whose truth names authors). Prints a table and
writes the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def corpus_path() -> Path:
    return Path(os.environ.get("IKPCRAWL_CORPUS") or REPO.parent / "shared" / "corpus")


def token_prf(got: str, want: str) -> tuple[float, float, float]:
    a = Counter(re.findall(r"\w+", got.lower()))
    b = Counter(re.findall(r"\w+", want.lower()))
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def evaluate(corpus: Path) -> dict[str, Any]:
    rows = [
        json.loads(x)
        for x in (corpus / "articles.jsonl").read_text("utf-8").splitlines()
        if x.strip()
    ]
    batch = "".join(
        json.dumps({"file": str(corpus / r["file"]), "url": r["url"]}) + "\n" for r in rows
    )
    proc = subprocess.run(
        [sys.executable, "-m", "ikpcrawl", "extract", "--batch"],
        input=batch,
        capture_output=True,
        text=True,
        check=True,
    )
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    per_outlet: dict[str, list[dict[str, float]]] = defaultdict(list)
    for row, got in zip(rows, results, strict=True):
        scores: dict[str, float] = {}
        if "error" in got:
            scores.update(precision=0, recall=0, f1=0, title=0, date=0)
        else:
            body = got["body"]
            if got.get("dateline") and row.get("body_style", "").startswith("legacy"):
                body = f"{got['dateline']} - {body}"  # legacy truth keeps the dateline
            p, r, f = token_prf(body, row["body"])
            scores.update(
                precision=p,
                recall=r,
                f1=f,
                title=float(got["title"] == row["title"]),
                date=float(got["published_at"] == row["published_at"]),
            )
            if row.get("authors"):
                scores["authors"] = float(got["authors"] == row["authors"])
        per_outlet[row["outlet"]].append(scores)

    def summary(items: list[dict[str, float]]) -> dict[str, Any]:
        out: dict[str, Any] = {"articles": len(items)}
        for key in ("precision", "recall", "f1", "title", "date", "authors"):
            values = [i[key] for i in items if key in i]
            out[key] = round(sum(values) / len(values), 4) if values else None
        return out

    everything = [s for items in per_outlet.values() for s in items]
    return {
        "corpus": str(corpus),
        "outlets": {name: summary(items) for name, items in sorted(per_outlet.items())},
        "overall": summary(everything),
    }


def _fmt(value: float | None) -> str:
    return "   -" if value is None else f"{value:.2f}"


def print_table(report: dict[str, Any]) -> None:
    print(
        f"{'outlet':<20} {'n':>3} {'P':>5} {'R':>5} {'F1':>5} {'title':>6} {'date':>5} "
        f"{'authors':>7}"
    )
    for name, s in [*report["outlets"].items(), ("OVERALL", report["overall"])]:
        print(
            f"{name:<20} {s['articles']:>3} {_fmt(s['precision']):>5} {_fmt(s['recall']):>5} "
            f"{_fmt(s['f1']):>5} {_fmt(s['title']):>6} {_fmt(s['date']):>5} "
            f"{_fmt(s['authors']):>7}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ikpcrawl-eval", description=__doc__)
    parser.add_argument("--output", default=str(REPO / "eval" / "results.json"))
    args = parser.parse_args(argv)
    corpus = corpus_path()
    if not (corpus / "articles.jsonl").is_file():
        print(f"eval: corpus not found at {corpus}; set IKPCRAWL_CORPUS", file=sys.stderr)
        return 2
    report = evaluate(corpus)
    print_table(report)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
