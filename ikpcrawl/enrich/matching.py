"""Whole-word term matching for the enrichment families: one trie-shaped regex per family.

A term is normalised (runs of whitespace become one space); a space matches any run of
whitespace in the text. A term ignores case unless it is case-sensitive (an acronym, written
entirely in capitals, or a region's ``case_sensitive_terms``): then it matches only as written
or in all capitals. At one position the longest term wins. See ``ikpcrawl.enrich.labels`` for
how the families use the hits.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

logger = logging.getLogger(__name__)

Position = tuple[int, int]  # (0 title / 1 body, offset)


def norm_term(term: str) -> str:
    """``term`` with each run of whitespace made one space, and no outer whitespace."""
    return " ".join(term.split())


def is_acronym(term: str) -> bool:
    """Written entirely in capitals (``DPT``, ``NTT``): such a term is case-sensitive."""
    return any(c.isalpha() for c in term) and not any(c.islower() for c in term)


@dataclass(frozen=True)
class Entry:
    """One term of a family: its spelling in the data file and the labels it points to."""

    spelling: str
    case_sensitive: bool
    context: bool
    targets: tuple[int, ...]  # label (or region target) indices; () for an ignore phrase

    def accepts(self, norm_text: str) -> bool:
        return not self.case_sensitive or norm_text in (self.spelling, self.spelling.upper())


@dataclass
class Matcher:
    """A family's compiled terms: ``scan`` yields its hits in text order."""

    pattern: re.Pattern[str]  # lowercase keys, matched against lowercased text (fast)
    entries: dict[str, tuple[Entry, ...]]

    @cached_property
    def folding(self) -> re.Pattern[str]:
        """The same pattern with IGNORECASE, for text whose lowercase form changes length."""
        return re.compile(self.pattern.pattern, re.IGNORECASE)

    def scan(self, texts: Iterable[tuple[str, str]]) -> Iterator[tuple[Position, Entry]]:
        """Hits in ``(text, text.lower())`` pairs (title, body), in text order."""
        for part, (text, low) in enumerate(texts):
            if len(low) == len(text):
                search, haystack = self.pattern.search, low
            else:  # rare (e.g. "İ"): offsets of the lowercased text would not match
                search, haystack = self.folding.search, text
            pos = 0
            while (hit := search(haystack, pos)) is not None:
                norm = norm_term(text[hit.start() : hit.end()])
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


def compile_matcher(entries: Iterable[Entry]) -> Matcher:
    """A matcher for ``entries``; entries with the same word, case rule and kind are merged."""
    merged: dict[tuple[str, bool, bool], list[int]] = {}
    spellings: dict[tuple[str, bool, bool], str] = {}
    for e in entries:
        key = (norm_term(e.spelling).lower(), e.case_sensitive, e.context)
        # the same word under several labels: one entry with all targets (first spelling wins)
        spellings.setdefault(key, norm_term(e.spelling))
        targets = merged.setdefault(key, [])
        targets.extend(t for t in e.targets if t not in targets)
    by_key: dict[str, list[Entry]] = {}
    for key, targets in merged.items():
        by_key.setdefault(key[0], []).append(Entry(spellings[key], key[1], key[2], tuple(targets)))
    pattern = r"(?<!\w)(?:" + trie_pattern(sorted(by_key)) + r")(?!\w)"
    logger.debug("compiled %d terms into a %d-character pattern", len(by_key), len(pattern))
    return Matcher(re.compile(pattern), {k: tuple(v) for k, v in by_key.items()})


def term_entries(
    terms: Iterable[str], target: int | None, *, context: bool = False
) -> Iterator[Entry]:
    """Entries for ``terms`` pointing to ``target`` (``None``: an ignore phrase, no target)."""
    for term in terms:
        yield Entry(norm_term(term), is_acronym(term), context, () if target is None else (target,))
