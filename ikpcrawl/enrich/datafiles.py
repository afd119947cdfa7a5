"""The enrichment data files (``ikpcrawl/enrich/data/*.json``): loading and validation.

Each file has a JSON Schema in ``ikpcrawl/schema/`` (``regions.json`` ->
``regions.schema.json``) checked with the validator the exported articles use; that schema
says the structure (required keys, types, non-empty term lists, code patterns, exact
duplicates). This module adds only the rules across records that a schema cannot say: unique
label names and region codes, terms repeated with another case or spacing, a contest's parent,
a kab/kota's province, a term naming two regions, an ambiguous name's candidates.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from ikpcrawl.enrich.matching import norm_term
from ikpcrawl.schema import SchemaValidator, load_schema, validator

logger = logging.getLogger(__name__)

DIMENSIONS_FILE = "ikp_dimensions.json"
ISSUES_FILE = "election_issues.json"
CONTESTS_FILE = "election_contests.json"
REGIONS_FILE = "regions.json"

# in a message, a record is named by this field of it (kabupaten_kota[3] -> code '1104')
_RECORD_NAME = {
    "dimensions": "dimension",
    "sub_dimensions": "sub_dimension",
    "issues": "issue",
    "contests": "contest",
    "provinces": "code",
    "kabupaten_kota": "code",
    "ambiguous": "term",
}
# fastjsonschema's message does not show the offending value; for these rules we add it
_VALUE_RULES = frozenset({"pattern", "type", "enum", "const"})

_TERM_LISTS = frozenset({"terms", "context_terms", "case_sensitive_terms", "ignore"})

_Path = Sequence[str | int]


def _read(name: str, text: str | None) -> dict[str, Any]:
    raw = (
        text if text is not None else (files("ikpcrawl.enrich") / "data" / name).read_text("utf-8")
    )
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
# Messages: one line naming the file, the path and what is wrong
# ------------------------------------------------------------------------------------------


def _render(path: _Path) -> str:
    """``["kabupaten_kota", 3, "terms"]`` -> ``kabupaten_kota[3].terms``."""
    out = ""
    for part in path:
        text = str(part)
        out += f"[{text}]" if text.isdigit() else (f".{text}" if out else text)
    return out


def _walk(data: Any, path: _Path) -> tuple[Any, str]:
    """The value at ``path`` (``None`` when absent) and the innermost record on the way, named
    by its name field (``code '1104'``), unless the path ends at that very field."""
    node, record, key = data, "", ""
    for part in path:
        if isinstance(node, list) and str(part).isdigit() and int(part) < len(node):
            node = node[int(part)]
            name_field = _RECORD_NAME.get(key)
            if name_field and isinstance(node, dict) and isinstance(node.get(name_field), str):
                record = f"{name_field} {node[name_field]!r}"
                if path[-1] == name_field:
                    record = ""
        elif isinstance(node, dict):
            node = node.get(str(part))
        else:
            return None, record
        key = str(part)
    return node, record


@dataclass
class _Report:
    """The problems of one data file."""

    file: str
    data: Any
    problems: list[str] = field(default_factory=list)

    def add(self, path: _Path, what: str) -> None:
        _, record = _walk(self.data, path)
        where = f"{self.file} at {_render(path)}" if path else self.file
        self.problems.append(f"{where}{f' ({record})' if record else ''}: {what}")


@cache
def _schema_validator(file: str) -> SchemaValidator:
    return validator(load_schema(file.removesuffix(".json")))


def _check_schema(report: _Report) -> None:
    for error in _schema_validator(report.file).iter_errors(report.data):
        # fastjsonschema starts its message with the path as "data.a[0].b"; ours says it
        prefix = "data" + "".join(f"[{p}]" if str(p).isdigit() else f".{p}" for p in error.path)
        what = error.message.removeprefix(prefix + " ")
        value, _ = _walk(report.data, error.path)
        if error.validator in _VALUE_RULES and not isinstance(value, (dict, list)):
            what += f" (got {value!r:.80})"
        report.add(error.path, what)


# ------------------------------------------------------------------------------------------
# Rules across records (defensive: the data may also break its schema)
# ------------------------------------------------------------------------------------------


def _records(container: Any, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    items = container.get(key) if isinstance(container, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            yield i, item


def _strings(value: Any) -> Iterator[tuple[int, str]]:
    for i, item in enumerate(value if isinstance(value, list) else []):
        if isinstance(item, str):
            yield i, item


def _term_lists(node: Any, path: _Path = ()) -> Iterator[tuple[_Path, list[Any]]]:
    """Every term list in a data file (``terms``, ``context_terms``, ``ignore``, ...)."""
    children = node.items() if isinstance(node, dict) else enumerate(node)
    for key, child in children:
        if key in _TERM_LISTS and isinstance(child, list):
            yield [*path, key], child
        elif isinstance(child, (dict, list)):
            yield from _term_lists(child, [*path, key])


def _check_spelling_variants(report: _Report) -> None:
    """Exact repeats are the schema's (``uniqueItems``); a repeat in another case or spacing
    matches the same text too, and only Python can compare them normalised."""
    for path, terms in _term_lists(report.data):
        first: dict[str, str] = {}
        for i, term in _strings(terms):
            key = norm_term(term).lower()
            if key in first and first[key] != term:
                report.add([*path, i], f"term {term!r} repeats {first[key]!r}")
            first.setdefault(key, term)


def _check_unique(report: _Report, named: list[tuple[_Path, Any]], what: str) -> None:
    seen: dict[Any, _Path] = {}
    for path, name in named:
        if not isinstance(name, str):
            continue
        if name in seen:
            report.add(path, f"duplicate {what} {name} (also at {_render(seen[name])})")
        seen.setdefault(name, path)


def _check_dimensions(report: _Report) -> None:
    subs: list[tuple[_Path, dict[str, Any]]] = [
        (["dimensions", d, "sub_dimensions", s], sub)
        for d, dim in _records(report.data, "dimensions")
        for s, sub in _records(dim, "sub_dimensions")
    ]
    _check_unique(
        report,
        [([*p, "sub_dimension"], sub.get("sub_dimension")) for p, sub in subs],
        "sub-dimension",
    )


def _check_issues(report: _Report) -> None:
    issues: list[tuple[_Path, dict[str, Any]]] = [
        (["issues", i], spec) for i, spec in _records(report.data, "issues")
    ]
    _check_unique(report, [([*p, "issue"], spec.get("issue")) for p, spec in issues], "issue")


def _check_contests(report: _Report) -> None:
    contests: list[tuple[_Path, dict[str, Any]]] = [
        (["contests", i], spec) for i, spec in _records(report.data, "contests")
    ]
    _check_unique(
        report, [([*p, "contest"], spec.get("contest")) for p, spec in contests], "contest"
    )
    names = {spec.get("contest") for _, spec in contests}
    for path, spec in contests:
        parent = spec.get("parent")
        if parent is None:
            continue
        if parent == spec.get("contest"):
            report.add([*path, "parent"], f"parent {parent!r} is the contest itself")
        elif parent not in names:
            report.add([*path, "parent"], f"unknown parent {parent!r}")


def _check_regions(report: _Report) -> None:
    data = report.data
    owner: dict[str, str] = {}  # normalised term -> the region it names

    def claim(path: _Path, term: str, who: str) -> None:
        key = norm_term(term).lower()
        if key in owner and owner[key] != who:
            report.add(path, f"term {term!r} names both {owner[key]} and {who}")
        owner.setdefault(key, who)

    provinces = list(_records(data, "provinces"))
    _check_unique(
        report, [(["provinces", i, "code"], p.get("code")) for i, p in provinces], "province code"
    )
    for i, prov in provinces:
        for t, term in _strings(prov.get("terms")):
            claim(["provinces", i, "terms", t], term, f"province {prov.get('code')}")
    province_codes = {p.get("code") for _, p in provinces}

    kabkota = list(_records(data, "kabupaten_kota"))
    _check_unique(
        report,
        [(["kabupaten_kota", i, "code"], k.get("code")) for i, k in kabkota],
        "kab/kota code",
    )
    province_of: dict[str, Any] = {}
    for i, kk in kabkota:
        code, province_code = kk.get("code"), kk.get("province_code")
        if isinstance(code, str):
            province_of.setdefault(code, province_code)
        if province_code not in province_codes:
            report.add(
                ["kabupaten_kota", i, "province_code"], f"unknown province {province_code!r}"
            )
        if isinstance(code, str) and not code.startswith(str(province_code)):
            report.add(
                ["kabupaten_kota", i, "code"],
                f"code does not start with its province code {province_code!r}",
            )
        for key in ("terms", "case_sensitive_terms"):
            for t, term in _strings(kk.get(key)):
                claim(["kabupaten_kota", i, key, t], term, f"kab/kota {code}")

    for i, amb in _records(data, "ambiguous"):
        bare_name, default = amb.get("term"), amb.get("default")
        candidates = [c for _, c in _strings(amb.get("candidates"))]
        if isinstance(bare_name, str):
            claim(["ambiguous", i, "term"], bare_name, f"ambiguous {bare_name!r}")
        unknown = [c for c in candidates if c not in province_of]
        if unknown:
            report.add(["ambiguous", i, "candidates"], f"no kab/kota has code {unknown[0]!r}")
        elif len({province_of[c] for c in candidates}) > 1:
            report.add(["ambiguous", i, "candidates"], "candidates must share one province")
        if default not in candidates:
            report.add(["ambiguous", i, "default"], f"default {default!r} is not a candidate")

    for t, term in _strings(data.get("ignore")):
        claim(["ignore", t], term, "ignore")


def validate_data(
    dimensions: Mapping[str, Any] | None = None,
    issues: Mapping[str, Any] | None = None,
    contests: Mapping[str, Any] | None = None,
    regions: Mapping[str, Any] | None = None,
) -> list[str]:
    """Problems in the data files, one line each (an empty list when they are sound).

    A file left ``None`` is read from the package. Each file is checked against its schema
    (the validator stops at a file's first structural problem) and by the rules across
    records, which run even on a file that breaks its schema.
    """
    checks = [
        (DIMENSIONS_FILE, dimensions, load_ikp_dimensions, _check_dimensions),
        (ISSUES_FILE, issues, load_issues, _check_issues),
        (CONTESTS_FILE, contests, load_contests, _check_contests),
        (REGIONS_FILE, regions, load_regions, _check_regions),
    ]
    problems: list[str] = []
    for file, given, load, check_records in checks:
        report = _Report(file, dict(given) if given is not None else load())
        _check_schema(report)
        check_records(report)
        _check_spelling_variants(report)
        problems += report.problems
    logger.debug("enrichment data: %d problems", len(problems))
    return problems
