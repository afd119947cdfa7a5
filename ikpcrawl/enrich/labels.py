"""Election enrichment: IKP 2024 dimensions, issues, regions and contests named in an article.

Everything the matcher knows is data the team maintains, one JSON file per family in
``ikpcrawl/enrich/data/``:

- ``ikp_dimensions.json``: Bawaslu's IKP 2024, 4 dimensions and 12 sub-dimensions;
- ``election_issues.json``: politik uang, netralitas ASN/TNI/Polri, SARA, hoaks, ...;
- ``election_contests.json``: pemilu, pilpres, pileg (DPR, DPD, DPRD), pilkada (pilgub,
  pilbup, pilwalkot), pilkades, PSU;
- ``regions.json``: the 38 provinces and 514 kabupaten/kota with Kemendagri codes.

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

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.resources import files
from typing import Any

DIMENSIONS_FILE = "ikp_dimensions.json"
ISSUES_FILE = "election_issues.json"
CONTESTS_FILE = "election_contests.json"
REGIONS_FILE = "regions.json"

_Pos = tuple[int, int]  # (0 title / 1 body, offset)
_WORD = re.compile(r"\w")


def _read(name: str, text: str | None) -> dict[str, Any]:
    raw = text if text is not None else (files("ikpcrawl.enrich") / "data" / name).read_text("utf-8")
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise TypeError(f"{name}: expected a JSON object at the top level")
    return data


def load_ikp_dimensions(text: str | None = None) -> dict[str, Any]:
    """``ikp_dimensions.json`` (or ``text``): ``{"dimensions": [{"dimension", "sub_dimensions":
    [{"sub_dimension", "terms", "context_terms"}]}], "ignore": [...]}``."""
    return _read(DIMENSIONS_FILE, text)


def load_issues(text: str | None = None) -> dict[str, Any]:
    """``election_issues.json``: ``{"issues": [{"issue", "terms", "context_terms"}], ...}``."""
    return _read(ISSUES_FILE, text)


def load_contests(text: str | None = None) -> dict[str, Any]:
    """``election_contests.json``: ``{"contests": [{"contest", "parent", "description", "terms",
    "context_terms"}], "ignore": [...]}``."""
    return _read(CONTESTS_FILE, text)


def load_regions(text: str | None = None) -> dict[str, Any]:
    """``regions.json``: ``{"provinces": [{"code", "name", "terms"}], "kabupaten_kota": [{"code",
    "province_code", "type", "name", "terms", "case_sensitive_terms"?}], "ambiguous": [{"term",
    "default", "candidates", "case_sensitive"}], "ignore": [...]}``."""
    return _read(REGIONS_FILE, text)


# ------------------------------------------------------------------------------------------
# Matching machinery
# ------------------------------------------------------------------------------------------


def _norm(term: str) -> str:
    return " ".join(term.split())


def _is_acronym(term: str) -> bool:
    return any(c.isalpha() for c in term) and not any(c.islower() for c in term)


@dataclass(frozen=True)
class _Entry:
    spelling: str
    case_sensitive: bool
    context: bool
    targets: tuple[int, ...]  # label (or region target) indices; () for an ignore phrase

    def accepts(self, norm_text: str) -> bool:
        return not self.case_sensitive or norm_text in (self.spelling, self.spelling.upper())


@dataclass
class _Matcher:
    pattern: re.Pattern[str]  # lowercase keys, matched against lowercased text (fast)
    entries: dict[str, tuple[_Entry, ...]]

    @cached_property
    def folding(self) -> re.Pattern[str]:
        """The same pattern with IGNORECASE, for text whose lowercase form changes length."""
        return re.compile(self.pattern.pattern, re.IGNORECASE)

    def scan(self, texts: Iterable[tuple[str, str]]) -> Iterator[tuple[_Pos, _Entry]]:
        """Hits in ``(text, text.lower())`` pairs (title, body), in text order."""
        for part, (text, low) in enumerate(texts):
            if len(low) == len(text):
                search, haystack = self.pattern.search, low
            else:  # rare (e.g. "İ"): offsets of the lowercased text would not match
                search, haystack = self.folding.search, text
            pos = 0
            while (hit := search(haystack, pos)) is not None:
                norm = _norm(text[hit.start() : hit.end()])
                accepted = [e for e in self.entries.get(norm.lower(), ()) if e.accepts(norm)]
                if not accepted:  # a case-sensitive term in the wrong case: look again inside
                    pos = hit.start() + 1
                    continue
                for entry in accepted:
                    yield (part, hit.start()), entry
                pos = hit.end()


def _atom(ch: str) -> str:
    return r"\s+" if ch == " " else re.escape(ch)


def trie_pattern(keys: Iterable[str], atom: Callable[[str], str] = _atom) -> str:
    """One alternation for all keys, shaped as a trie (fast), longest alternative first.

    ``atom`` turns a character into a pattern (default: a space matches any run of spaces)."""
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [atom(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _compile(entries: Iterable[_Entry]) -> _Matcher:
    merged: dict[tuple[str, bool, bool], list[int]] = {}
    spellings: dict[tuple[str, bool, bool], str] = {}
    for e in entries:
        key = (_norm(e.spelling).lower(), e.case_sensitive, e.context)
        # the same word under several labels: one entry with all targets (first spelling wins)
        spellings.setdefault(key, _norm(e.spelling))
        targets = merged.setdefault(key, [])
        targets.extend(t for t in e.targets if t not in targets)
    by_key: dict[str, list[_Entry]] = {}
    for key, targets in merged.items():
        by_key.setdefault(key[0], []).append(_Entry(spellings[key], key[1], key[2], tuple(targets)))
    pattern = r"(?<!\w)(?:" + trie_pattern(sorted(by_key)) + r")(?!\w)"
    return _Matcher(re.compile(pattern), {k: tuple(v) for k, v in by_key.items()})


def _term_entries(
    terms: Iterable[str], target: int | None, *, context: bool = False
) -> Iterator[_Entry]:
    for term in terms:
        yield _Entry(_norm(term), _is_acronym(term), context, () if target is None else (target,))


@dataclass
class _LabelFamily:
    matcher: _Matcher
    labels: list[dict[str, Any]]  # the output fields of each label, without "matched"
    parents: list[int | None] = field(default_factory=list)


def _label_family(
    labels: list[dict[str, Any]], specs: list[Mapping[str, Any]], ignore: Iterable[str]
) -> _LabelFamily:
    entries: list[_Entry] = []
    for i, spec in enumerate(specs):
        entries += _term_entries(spec.get("terms", []), i)
        entries += _term_entries(spec.get("context_terms", []), i, context=True)
    entries += _term_entries(ignore, None)
    return _LabelFamily(_compile(entries), labels)


@dataclass
class _Regions:
    matcher: _Matcher
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
    entries: list[_Entry] = []
    for i, prov in enumerate(provinces):
        entries += _term_entries(prov["terms"], i)
    base = len(provinces)
    for i, kk in enumerate(kabkota):
        entries += _term_entries(kk["terms"], base + i)
        for term in kk.get("case_sensitive_terms", []):
            entries.append(_Entry(_norm(term), True, False, (base + i,)))
    base += len(kabkota)
    for i, amb in enumerate(ambiguous):
        cs = bool(amb.get("case_sensitive")) or _is_acronym(amb["term"])
        entries.append(_Entry(_norm(amb["term"]), cs, False, (base + i,)))
    entries += _term_entries(data.get("ignore", []), None)
    return _Regions(_compile(entries), provinces, kabkota, ambiguous)


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

_Found = dict[int, dict[str, _Pos]]  # label -> matched spelling -> first position


def _collect(hits: list[tuple[_Pos, _Entry]], election: bool) -> _Found:
    found: _Found = {}
    for pos, entry in hits:
        if entry.context and not election:
            continue
        for target in entry.targets:
            found.setdefault(target, {}).setdefault(entry.spelling, pos)
    return found


def _first(words: Mapping[str, _Pos]) -> _Pos:
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


def _regions(reg: _Regions, hits: list[tuple[_Pos, _Entry]]) -> list[dict[str, Any]]:
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

    def prov_first(p: int) -> _Pos:
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


# ------------------------------------------------------------------------------------------
# Validation
# ------------------------------------------------------------------------------------------


def _check_terms(where: str, terms: Any, problems: list[str], *, required: bool) -> None:
    if not isinstance(terms, list) or (required and not terms):
        problems.append(f"{where}: needs a non-empty list of terms")
        return
    seen: set[str] = set()
    for term in terms:
        if not isinstance(term, str) or not term.strip():
            problems.append(f"{where}: empty or non-string term {term!r}")
            continue
        if not (_WORD.match(term[0]) and _WORD.match(term[-1])):
            problems.append(f"{where}: term {term!r} must start and end with a letter or digit")
        key = _norm(term).lower()
        if key in seen:
            problems.append(f"{where}: duplicate term {term!r}")
        seen.add(key)


def _check_labels(
    family: str, specs: Any, name_key: str, problems: list[str]
) -> list[Mapping[str, Any]]:
    if not isinstance(specs, list) or not specs:
        problems.append(f"{family}: no labels")
        return []
    names: set[str] = set()
    for spec in specs:
        name = spec.get(name_key) if isinstance(spec, dict) else None
        if not isinstance(name, str) or not name:
            problems.append(f"{family}: a label without {name_key!r}")
            continue
        if name in names:
            problems.append(f"{family}: duplicate label {name!r}")
        names.add(name)
        _check_terms(f"{family} {name!r} terms", spec.get("terms"), problems, required=True)
        _check_terms(
            f"{family} {name!r} context_terms",
            spec.get("context_terms", []),
            problems,
            required=False,
        )
    return [s for s in specs if isinstance(s, dict)]


def validate_data(
    dimensions: Mapping[str, Any] | None = None,
    issues: Mapping[str, Any] | None = None,
    contests: Mapping[str, Any] | None = None,
    regions: Mapping[str, Any] | None = None,
) -> list[str]:
    """Problems in the data files (an empty list when they are sound).

    Checks: every label has a name and a non-empty list of terms, no empty or duplicate terms,
    unique label names; contest parents exist; region codes are unique and well-formed
    (2-digit provinces, 4-digit kab/kota that start with an existing province code, kabupaten
    01-69 and kota 71-99), every kab/kota has terms, no region term names two regions, and every
    ambiguous name lists existing candidates of one province, its default among them.
    """
    problems: list[str] = []
    dims = dimensions if dimensions is not None else load_ikp_dimensions()
    subs: list[Any] = []
    for dim in dims.get("dimensions", []):
        if not isinstance(dim, dict) or not dim.get("dimension"):
            problems.append("ikp_dimensions: a dimension without a name")
            continue
        if not dim.get("sub_dimensions"):
            problems.append(f"ikp_dimensions {dim['dimension']!r}: no sub-dimensions")
        subs.extend(dim.get("sub_dimensions", []))
    _check_labels("ikp_dimensions", subs, "sub_dimension", problems)
    _check_terms("ikp_dimensions ignore", dims.get("ignore", []), problems, required=False)

    iss = issues if issues is not None else load_issues()
    _check_labels("issues", iss.get("issues"), "issue", problems)
    _check_terms("issues ignore", iss.get("ignore", []), problems, required=False)

    con = contests if contests is not None else load_contests()
    specs = _check_labels("contests", con.get("contests"), "contest", problems)
    names = {s.get("contest") for s in specs}
    for spec in specs:
        parent = spec.get("parent")
        if parent is not None and (parent not in names or parent == spec.get("contest")):
            problems.append(f"contests {spec.get('contest')!r}: unknown parent {parent!r}")
    _check_terms("contests ignore", con.get("ignore", []), problems, required=False)

    reg = regions if regions is not None else load_regions()
    _validate_regions(reg, problems)
    return problems


def _validate_regions(reg: Mapping[str, Any], problems: list[str]) -> None:
    owner: dict[str, str] = {}

    def claim(term: str, who: str) -> None:
        key = _norm(term).lower()
        if key in owner and owner[key] != who:
            problems.append(f"regions: term {term!r} names both {owner[key]} and {who}")
        owner.setdefault(key, who)

    prov_codes: set[str] = set()
    for prov in reg.get("provinces", []):
        code = prov.get("code")
        if not (isinstance(code, str) and re.fullmatch(r"[1-9]\d", code)):
            problems.append(f"regions: bad province code {code!r}")
        elif code in prov_codes:
            problems.append(f"regions: duplicate province code {code}")
        prov_codes.add(code)
        if not prov.get("name"):
            problems.append(f"regions: province {code} has no name")
        _check_terms(f"regions province {code}", prov.get("terms"), problems, required=True)
        for term in prov.get("terms", []):
            claim(term, f"province {code}")

    kk_codes: dict[str, str] = {}
    for kk in reg.get("kabupaten_kota", []):
        code, pcode, kind = kk.get("code"), kk.get("province_code"), kk.get("type")
        where = f"regions kab/kota {code}"
        if not (isinstance(code, str) and re.fullmatch(r"\d{4}", code)):
            problems.append(f"{where}: bad code")
            continue
        if code in kk_codes:
            problems.append(f"{where}: duplicate code")
        kk_codes[code] = pcode
        if pcode not in prov_codes:
            problems.append(f"{where}: unknown province {pcode!r}")
        if not code.startswith(str(pcode)):
            problems.append(f"{where}: code does not start with its province code {pcode!r}")
        suffix = int(code[2:])
        if kind == "kabupaten" and not 1 <= suffix <= 69:
            problems.append(f"{where}: a kabupaten code ends in 01-69")
        elif kind == "kota" and not 71 <= suffix <= 99:
            problems.append(f"{where}: a kota code ends in 71-99")
        elif kind not in ("kabupaten", "kota"):
            problems.append(f"{where}: type must be 'kabupaten' or 'kota'")
        if not kk.get("name"):
            problems.append(f"{where}: no name")
        _check_terms(f"{where} terms", kk.get("terms"), problems, required=True)
        _check_terms(
            f"{where} case_sensitive_terms",
            kk.get("case_sensitive_terms", []),
            problems,
            required=False,
        )
        for term in [*kk.get("terms", []), *kk.get("case_sensitive_terms", [])]:
            claim(term, f"kab/kota {code}")

    for amb in reg.get("ambiguous", []):
        term, default, cands = amb.get("term"), amb.get("default"), amb.get("candidates", [])
        where = f"regions ambiguous {term!r}"
        _check_terms(where, [term], problems, required=True)
        if isinstance(term, str):
            claim(term, f"ambiguous {term!r}")
        if len(cands) < 2 or any(c not in kk_codes for c in cands):
            problems.append(f"{where}: needs two or more existing kab/kota candidates")
        elif len({kk_codes[c] for c in cands}) != 1:
            problems.append(f"{where}: candidates must share one province")
        if default not in cands:
            problems.append(f"{where}: default {default!r} is not a candidate")
    _check_terms("regions ignore", reg.get("ignore", []), problems, required=False)
    for term in reg.get("ignore", []):
        claim(term, "ignore")
