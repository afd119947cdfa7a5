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

REPO = Path(__file__).resolve().parents[2]


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
    bodies = [
        json.loads(x)["body"]
        for x in (corpus / "articles.jsonl").read_text("utf-8").splitlines()
        if x.strip()
    ]
    report["near_duplicates"] = near = evaluate_neardup(bodies, same_topic=same_topic_bodies())
    print(
        f"near duplicates (threshold {near['threshold']}): precision {near['precision']}, "
        f"recall {near['recall']} on {near['positives']} labelled copies and "
        f"{near['negatives']} different-article pairs; recall by kind {near['recall_by_kind']}"
    )
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {out}")
    return 0


# ----------------------------------------------------------------------------- near duplicates
_LEADS = (
    "Dalam perkembangan terbaru yang dihimpun redaksi, sejumlah pihak memberikan tanggapan "
    "beragam atas peristiwa tersebut.",
    "Kabar ini pertama kali disampaikan kepada wartawan pada hari yang sama dan segera menarik "
    "perhatian publik.",
)
_BOILERPLATE_HEAD = "Baca juga: Berita pilihan redaksi hari ini"
_BOILERPLATE_TAIL = (
    "Artikel ini telah tayang di media mitra kami dengan judul yang sama. "
    "Ikuti berita terkini lainnya di kanal kami dan unduh aplikasinya sekarang juga."
)
_UPDATE = (
    "Pembaruan: keterangan tambahan dari pihak terkait diterima redaksi beberapa jam setelah "
    "berita ini pertama kali diterbitkan, dan isinya telah dimasukkan ke dalam laporan ini."
)


def neardup_variants(body: str) -> dict[str, str]:
    """Labelled positives built from one real body: the copies a syndication chain produces."""
    sentences = re.split(r"(?<=[.!?])\s+", body.strip())
    words = body.split()
    edited_lead = " ".join([_LEADS[len(body) % 2], *sentences[1:]]) if len(sentences) > 1 else body
    return {
        "edited_lead": edited_lead,
        "added_boilerplate": f"{_BOILERPLATE_HEAD}\n\n{body}\n\n{_BOILERPLATE_TAIL}",
        "truncated": " ".join(words[: max(1, int(len(words) * 0.6))]),
        "updated": f"{body}\n\n{_UPDATE}",
    }


def same_topic_bodies() -> list[str]:
    """Election articles of the project's own fixture sites: different texts, same topics."""
    bodies = []
    manifest = REPO / "samples" / "sites" / "optika.id" / "MANIFEST.json"
    if manifest.is_file():
        for article in json.loads(manifest.read_text("utf-8"))["articles"]:
            if article.get("paragraphs"):
                bodies.append("\n\n".join(article["paragraphs"]))
    for spec in sorted((REPO / "tests" / "outlets").glob("*.json")):
        for article in json.loads(spec.read_text("utf-8"))["articles"]:
            if article.get("election_relevant", True) and article.get("paragraphs"):
                bodies.append("\n\n".join(article["paragraphs"]))
    return bodies


def evaluate_neardup(
    bodies: list[str], threshold: float | None = None, same_topic: list[str] | None = None
) -> dict[str, Any]:
    """Precision and recall of the near-duplicate index on a labelled set built from ``bodies``.

    Positives: each body against four edited copies of itself. Negatives: every pair of
    different bodies, plus every pair of ``same_topic`` bodies (different election stories:
    KPU, Bawaslu, DPT, kampanye ...).
    """
    from ikpcrawl.store.neardup import DEFAULT_THRESHOLD, NearDuplicateIndex

    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    tp = fn = fp = tn = 0
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for i, body in enumerate(bodies):
        for kind, copy in neardup_variants(body).items():
            index = NearDuplicateIndex(threshold=threshold)
            index.check_and_add(f"orig{i}", None, body)
            found = index.check_and_add(f"copy{i}", None, copy) is not None
            index.close()
            tp, fn = tp + found, fn + (not found)
            per_kind[kind][0 if found else 1] += 1
    for group in (bodies, same_topic or []):
        for i, first in enumerate(group):
            for j in range(i + 1, len(group)):
                index = NearDuplicateIndex(threshold=threshold)
                index.check_and_add("a", None, first)
                found = index.check_and_add("b", None, group[j]) is not None
                index.close()
                fp, tn = fp + found, tn + (not found)
    return {
        "threshold": threshold,
        "positives": tp + fn,
        "negatives": fp + tn,
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "false_positives": fp,
        "recall_by_kind": {k: round(v[0] / sum(v), 4) for k, v in per_kind.items()},
    }


if __name__ == "__main__":
    raise SystemExit(main())
