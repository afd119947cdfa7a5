"""Election enrichment: IKP 2024 dimensions, issues, regions and contests named in an article.

Everything the matcher knows is data the team maintains, one JSON file per family in
``ikpcrawl/enrich/data/``:

- ``ikp_dimensions.json``: Bawaslu's IKP 2024, 4 dimensions and 12 sub-dimensions;
- ``election_issues.json``: politik uang, netralitas ASN/TNI/Polri, SARA, hoaks, ...;
- ``election_contests.json``: pemilu, pilpres, pileg (DPR, DPD, DPRD), pilkada (pilgub,
  pilbup, pilwalkot), pilkades, PSU;
- ``regions.json``: the 38 provinces and 514 kabupaten/kota with Kemendagri codes.

Each file has a JSON Schema in ``ikpcrawl/schema/``; ``validate_data`` (in
``ikpcrawl.enrich.datafiles``, with the loaders) checks them. The term matcher is
``ikpcrawl.enrich.matching``; this module turns its hits into labels.

Matching rules (the same for every family):

- whole words over the title and the body separately; a space in a term matches any run of
  whitespace (``"Kota\\xa0Bandung"`` is ``"Kota Bandung"``);
- a term ignores case, except a term written entirely in capitals (an acronym: ``DPT``, ``PSU``,
  ``SARA``, ``NTT``) and the regions' ``case_sensitive_terms`` (``Medan``, ``Palu``): those match
  only as written or in all capitals (``"PALU, KOMPAS.com"``), so "ketok palu", "medan sulit",
  "Sara" (a name) and "psu" do not count;
- at one position the longest term wins ("Papua Barat Daya" over "Papua", "politik uang" over
  "politik"); the family's ``ignore`` phrases are consumed and produce nothing
  ("Komisi Pemilihan Umum" does not say which contest; "nasi Padang" names no region);
- label families (dimensions, issues, contests) have ``terms`` (election-specific) and
  ``context_terms`` (generic words: kekerasan, banjir, hoaks, kampanye, TPS). An article is
  election-related when any ``terms`` entry of the three families matches; context terms count
  only then. Regions are not gated: a region is a region in any article.

Output order is deterministic: labels by first appearance (title before body), ties in data
order; matched words in first-seen order, in the spelling of the data file. Regions are grouped:
each province (ordered by its first evidence, direct or through a kab/kota), followed by its
kab/kota in order of first appearance. A kab/kota implies its province (``implied_by``).

Ambiguous bare names ("Bandung": Kota Bandung 3273 or Kabupaten Bandung 3204) are listed in
``regions.json`` ``ambiguous``: a bare mention goes to the candidate the text names explicitly
("Kabupaten Bandung ... Bandung" -> 3204); when the text names neither (or both) it goes to the
``default`` (the kota), and the kab/kota is flagged ``"ambiguous": true`` with its
``alternatives`` unless the text also names it explicitly.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

# loading and validating the data files, and the matcher, live in their own modules; their
# public names stay importable from here
from ikpcrawl.enrich.datafiles import (
    CONTESTS_FILE,
    DIMENSIONS_FILE,
    ISSUES_FILE,
    REGIONS_FILE,
    load_contests,
    load_ikp_dimensions,
    load_issues,
    load_regions,
    validate_data,
)
from ikpcrawl.enrich.matching import (
    Entry,
    Matcher,
    Position,
    compile_matcher,
    is_acronym,
    norm_term,
    term_entries,
    trie_pattern,
)

__all__ = [
    "CONTESTS_FILE",
    "DIMENSIONS_FILE",
    "ISSUES_FILE",
    "REGIONS_FILE",
    "enrich",
    "load_contests",
    "load_ikp_dimensions",
    "load_issues",
    "load_regions",
    "trie_pattern",
    "validate_data",
]

logger = logging.getLogger(__name__)


@dataclass
class _LabelFamily:
    matcher: Matcher
    labels: list[dict[str, Any]]  # the output fields of each label, without "matched"
    parents: list[int | None] = field(default_factory=list)


def _label_family(
    labels: list[dict[str, Any]], specs: list[Mapping[str, Any]], ignore: Iterable[str]
) -> _LabelFamily:
    entries: list[Entry] = []
    for i, spec in enumerate(specs):
        entries += term_entries(spec.get("terms", []), i)
        entries += term_entries(spec.get("context_terms", []), i, context=True)
    entries += term_entries(ignore, None)
    return _LabelFamily(compile_matcher(entries), labels)


@dataclass
class _Regions:
    matcher: Matcher
    provinces: list[dict[str, Any]]
    kabkota: list[dict[str, Any]]
    ambiguous: list[dict[str, Any]]

    @cached_property
    def kabkota_index(self) -> dict[str, int]:
        """Kemendagri code -> position in ``kabkota``."""
        return {kk["code"]: i for i, kk in enumerate(self.kabkota)}

    @cached_property
    def province_index(self) -> dict[str, int]:
        return {p["code"]: i for i, p in enumerate(self.provinces)}

    # target index layout: provinces, then kab/kota, then ambiguous terms
    def kind(self, target: int) -> tuple[str, int]:
        if target < len(self.provinces):
            return "province", target
        target -= len(self.provinces)
        if target < len(self.kabkota):
            return "kabupaten_kota", target
        return "ambiguous", target - len(self.kabkota)


@dataclass
class _Matchers:
    dimensions: _LabelFamily
    issues: _LabelFamily
    contests: _LabelFamily
    regions: _Regions


def _build_dimensions(data: Mapping[str, Any]) -> _LabelFamily:
    labels: list[dict[str, Any]] = []
    specs: list[Mapping[str, Any]] = []
    for dim in data["dimensions"]:
        for sub in dim["sub_dimensions"]:
            labels.append({"dimension": dim["dimension"], "sub_dimension": sub["sub_dimension"]})
            specs.append(sub)
    return _label_family(labels, specs, data.get("ignore", []))


def _build_issues(data: Mapping[str, Any]) -> _LabelFamily:
    specs = list(data["issues"])
    return _label_family([{"issue": s["issue"]} for s in specs], specs, data.get("ignore", []))


def _build_contests(data: Mapping[str, Any]) -> _LabelFamily:
    specs = list(data["contests"])
    names = [s["contest"] for s in specs]
    family = _label_family(
        [{"contest": s["contest"], "parent": s.get("parent")} for s in specs],
        specs,
        data.get("ignore", []),
    )
    family.parents = [names.index(s["parent"]) if s.get("parent") else None for s in specs]
    return family


def _build_regions(data: Mapping[str, Any]) -> _Regions:
    provinces = list(data["provinces"])
    kabkota = list(data["kabupaten_kota"])
    ambiguous = list(data.get("ambiguous", []))
    entries: list[Entry] = []
    for i, prov in enumerate(provinces):
        entries += term_entries(prov["terms"], i)
    base = len(provinces)
    for i, kk in enumerate(kabkota):
        entries += term_entries(kk["terms"], base + i)
        for term in kk.get("case_sensitive_terms", []):
            entries.append(Entry(norm_term(term), True, False, (base + i,)))
    base += len(kabkota)
    for i, amb in enumerate(ambiguous):
        cs = bool(amb.get("case_sensitive")) or is_acronym(amb["term"])
        entries.append(Entry(norm_term(amb["term"]), cs, False, (base + i,)))
    entries += term_entries(data.get("ignore", []), None)
    return _Regions(compile_matcher(entries), provinces, kabkota, ambiguous)


@cache
def _matchers() -> _Matchers:
    return _Matchers(
        _build_dimensions(load_ikp_dimensions()),
        _build_issues(load_issues()),
        _build_contests(load_contests()),
        _build_regions(load_regions()),
    )


# ------------------------------------------------------------------------------------------
# Enrichment
# ------------------------------------------------------------------------------------------

_Found = dict[int, dict[str, Position]]  # label -> matched spelling -> first position


def _collect(hits: list[tuple[Position, Entry]], election: bool) -> _Found:
    found: _Found = {}
    for pos, entry in hits:
        if entry.context and not election:
            continue
        for target in entry.targets:
            found.setdefault(target, {}).setdefault(entry.spelling, pos)
    return found


def _first(words: Mapping[str, Position]) -> Position:
    return min(words.values())


def _labels(family: _LabelFamily, found: _Found) -> list[dict[str, Any]]:
    if family.parents:  # a child label also yields its parent, with the child's words
        for child, parent in enumerate(family.parents):
            if parent is not None and child in found:
                words = found.setdefault(parent, {})
                for word, pos in found[child].items():
                    if word not in words or pos < words[word]:
                        words[word] = pos
    out = []
    for label in sorted(found, key=lambda i: (_first(found[i]), i)):
        words = found[label]
        matched = sorted(words, key=lambda w: words[w])  # stable: first-seen order
        out.append({**family.labels[label], "matched": matched})
    return out


def _regions(reg: _Regions, hits: list[tuple[Position, Entry]]) -> list[dict[str, Any]]:
    prov_words: _Found = {}
    kk_words: _Found = {}
    amb_words: _Found = {}
    for pos, entry in hits:
        for target in entry.targets:
            kind, idx = reg.kind(target)
            bucket = {"province": prov_words, "kabupaten_kota": kk_words}.get(kind, amb_words)
            bucket.setdefault(idx, {}).setdefault(entry.spelling, pos)

    code_index = reg.kabkota_index
    explicit = set(kk_words)
    flagged: dict[int, list[str]] = {}  # kab/kota -> alternatives, when only a bare name named it
    for a_idx, words in amb_words.items():
        amb = reg.ambiguous[a_idx]
        candidates = [code_index[c] for c in amb["candidates"]]
        named = [c for c in candidates if c in explicit]
        target = named[0] if len(named) == 1 else code_index[amb["default"]]
        for word, pos in words.items():
            kk_words.setdefault(target, {}).setdefault(word, pos)
        if not named:
            flagged[target] = [reg.kabkota[c]["code"] for c in candidates if c != target]

    prov_index = reg.province_index
    children: dict[int, list[int]] = {}
    for kk_idx in kk_words:
        children.setdefault(prov_index[reg.kabkota[kk_idx]["province_code"]], []).append(kk_idx)

    def prov_first(p: int) -> Position:
        firsts = [_first(kk_words[k]) for k in children.get(p, [])]
        if p in prov_words:
            firsts.append(_first(prov_words[p]))
        return min(firsts)

    out: list[dict[str, Any]] = []
    for p in sorted(set(prov_words) | set(children), key=lambda p: (prov_first(p), p)):
        prov = reg.provinces[p]
        kids = sorted(children.get(p, []), key=lambda k: (_first(kk_words[k]), k))
        words = prov_words.get(p, {})
        out.append(
            {
                "name": prov["name"],
                "level": "province",
                "code": prov["code"],
                "matched": sorted(words, key=lambda w: words[w]),
                "implied_by": [reg.kabkota[k]["code"] for k in kids],
            }
        )
        for k in kids:
            kk = reg.kabkota[k]
            kwords = kk_words[k]
            out.append(
                {
                    "name": kk["name"],
                    "level": "kabupaten_kota",
                    "code": kk["code"],
                    "province_code": kk["province_code"],
                    "matched": sorted(kwords, key=lambda w: kwords[w]),
                    "ambiguous": k in flagged,
                    "alternatives": flagged.get(k, []),
                }
            )
    return out


def enrich(title: str | None, body: str | None) -> dict[str, Any]:
    """IKP dimensions, issues, regions and contests named in an article's title and body.

    ``{"ikp_dimensions": [{"dimension", "sub_dimension", "matched"}], "issues": [{"issue",
    "matched"}], "regions": [{"name", "level": "province", "code", "matched", "implied_by"} |
    {"name", "level": "kabupaten_kota", "code", "province_code", "matched", "ambiguous",
    "alternatives"}], "contest": [{"contest", "parent", "matched"}]}``; see the module docstring
    for the rules.
    """
    m = _matchers()
    texts = [(text, text.lower()) for text in (title or "", body or "")]
    dim_hits = list(m.dimensions.matcher.scan(texts))
    issue_hits = list(m.issues.matcher.scan(texts))
    contest_hits = list(m.contests.matcher.scan(texts))
    election = any(e.targets and not e.context for _, e in (*dim_hits, *issue_hits, *contest_hits))
    return {
        "ikp_dimensions": _labels(m.dimensions, _collect(dim_hits, election)),
        "issues": _labels(m.issues, _collect(issue_hits, election)),
        "regions": _regions(m.regions, list(m.regions.matcher.scan(texts))),
        "contest": _labels(m.contests, _collect(contest_hits, election)),
    }
