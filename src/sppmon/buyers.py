"""One name per buyer per language, and finding a buyer by key or by (part of) a name.

A buyer (``buyer_key``: country + registration number, else country + normalised name) appears under several
names across notices: a bilingual federal body publishes "FOD Beleid en Ondersteuning" in its Dutch notices and
"SPF Stratégie et Appui" in its French ones. Every page, chart, dropdown, report, download and command names a
buyer through :func:`naming`, so that one buyer has one name in one language everywhere:

- the name used most often in the buyer's notices *in that language* (the notice's main language, BT-702a:
  each notice stores the buyer's name in it when the notice gives one);
- else the name used most often in all its notices;
- ties go to the alphabetically first name, so the choice never changes between runs.

Names are counted over the latest version of each notice. :func:`resolve_buyer` turns what a person typed (a
key, a registration number, a name or part of one, in any of the buyer's names) into one key, or fails with
``BUYER_UNKNOWN`` / ``BUYER_AMBIGUOUS`` and the candidates, never an empty result.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .enrich.identity import normalise_name
from .errors import CatalogedError
from .store import Store

# Interface language → the eForms language code of notices written in it (BT-702a).
NOTICE_LANGUAGES = {"en": "ENG", "nl": "NLD", "fr": "FRA", "de": "DEU"}
CANDIDATES_SHOWN = 10
_KEYS_PER_QUERY = 500  # keys passed as parameters per query when naming some buyers only


class BuyerNotFound(CatalogedError):
    """No buyer matches what was given (``BUYER_UNKNOWN``), or several do (``BUYER_AMBIGUOUS``)."""

    def __init__(self, code: str, message: str, candidates: tuple[BuyerChoice, ...] = ()) -> None:
        super().__init__(code, message)
        self.candidates = candidates


@dataclass(frozen=True, slots=True)
class BuyerChoice:
    key: str
    name: str
    notices: int


@dataclass(frozen=True, slots=True)
class BuyerNaming:
    """The names in the store per buyer: key → {(notice language, name): notices}."""

    counts: Mapping[str, Mapping[tuple[str | None, str], int]] = field(default_factory=dict)

    def name(self, key: str | None, lang: str) -> str | None:
        """The buyer's name in ``lang`` (``None`` for a buyer without any name in the store)."""
        counts = self.counts.get(key or "")
        if not counts:
            return None
        wanted = NOTICE_LANGUAGES.get(lang)
        in_lang: Counter[str] = Counter()
        overall: Counter[str] = Counter()
        for (language, name), notices in counts.items():
            overall[name] += notices
            if language == wanted:
                in_lang[name] += notices
        return _most_frequent(in_lang or overall)

    def label(self, key: str | None, lang: str) -> str:
        """The name, else the key itself (a buyer is never shown as nothing)."""
        return self.name(key, lang) or (key or "–")

    def names(self, lang: str) -> dict[str, str]:
        """key → name in ``lang``, for every buyer known here."""
        return {key: name for key in self.counts if (name := self.name(key, lang))}

    def all_names(self, key: str) -> tuple[str, ...]:
        """Every name the buyer appears under, most frequent first."""
        overall: Counter[str] = Counter()
        for (_language, name), notices in self.counts.get(key, {}).items():
            overall[name] += notices
        return tuple(name for name, _ in sorted(overall.items(), key=lambda item: (-item[1], item[0])))

    def notices(self, key: str) -> int:
        return sum(self.counts.get(key, {}).values())


def _most_frequent(counter: Counter[str]) -> str | None:
    if not counter:
        return None
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]


_SQL = (
    "SELECT buyer_key, language, buyer_name, COUNT(*) FROM notices "
    "WHERE buyer_key IS NOT NULL AND buyer_name IS NOT NULL AND COALESCE(is_latest, TRUE){where} "
    "GROUP BY buyer_key, language, buyer_name"
)


def naming(store: Store, keys: Iterable[str | None] | None = None) -> BuyerNaming:
    """The names of the buyers ``keys`` (all buyers of the store when ``keys`` is ``None``), from one pass
    over the notices (per 500 keys). Callers that name many rows build this once and ask it per row."""
    counts: dict[str, dict[tuple[str | None, str], int]] = defaultdict(dict)
    if keys is None:
        batches: list[list[str]] = [[]]
    else:
        wanted = sorted({key for key in keys if key})
        if not wanted:
            return BuyerNaming({})
        batches = [wanted[start : start + _KEYS_PER_QUERY] for start in range(0, len(wanted), _KEYS_PER_QUERY)]
    for batch in batches:
        where = f" AND buyer_key IN ({', '.join('?' for _ in batch)})" if batch else ""
        for key, language, name, notices in store.query(_SQL.format(where=where), batch):
            counts[str(key)][(language, str(name))] = int(notices)
    return BuyerNaming(dict(counts))


def with_names(
    store: Store, rows: list[dict[str, object]], lang: str, key: str = "buyer", name: str = "buyer_name"
) -> list[dict[str, object]]:
    """``rows`` (dicts with the buyer key in ``key``) with ``name`` set to the buyer's one name in ``lang``;
    rows without a key are returned as they are."""
    chosen = naming(store, [value for row in rows if isinstance(value := row.get(key), str)])
    renamed = []
    for row in rows:
        buyer = row.get(key)
        found = chosen.name(buyer, lang) if isinstance(buyer, str) else None
        renamed.append({**row, name: found} if found else row)
    return renamed


def buyer_name(store: Store, key: str, lang: str) -> str | None:
    """One buyer's name in ``lang``."""
    return naming(store, [key]).name(key, lang)


def resolve_buyer(store: Store, given: str, lang: str = "en") -> str:
    """The key of the buyer that ``given`` names: its key, its registration number, one of its names, or a
    part of one (case and accents ignored). Raises :class:`BuyerNotFound` with ``BUYER_UNKNOWN`` when nothing
    matches and ``BUYER_AMBIGUOUS`` (listing the candidates) when several buyers do."""
    text = given.strip()
    if not text:
        raise BuyerNotFound("BUYER_UNKNOWN", "no buyer given")
    if store.query("SELECT 1 FROM notices WHERE buyer_key = ? LIMIT 1", [text]):
        return text
    every = naming(store)
    matches = _by_number(every, text) or _by_name(every, text)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise BuyerNotFound(
            "BUYER_UNKNOWN",
            f"no buyer in the store has the key, registration number or a name containing {given!r} "
            "(the buyer keys are in: sppmon indicators coverage --by buyer --format csv)",
        )
    choices = tuple(
        sorted(
            (BuyerChoice(key, every.label(key, lang), every.notices(key)) for key in matches),
            key=lambda choice: (-choice.notices, choice.name, choice.key),
        )
    )
    shown = "; ".join(f"{choice.key} ({choice.name})" for choice in choices[:CANDIDATES_SHOWN])
    more = f" and {len(choices) - CANDIDATES_SHOWN} more" if len(choices) > CANDIDATES_SHOWN else ""
    raise BuyerNotFound(
        "BUYER_AMBIGUOUS", f"{len(choices)} buyers match {given!r}: {shown}{more}; give one key", choices
    )


def resolve_filters(store: Store, filters: Mapping[str, str], lang: str = "en") -> dict[str, str]:
    """``filters`` with each buyer of a ``buyer`` filter (comma-separated alternatives) resolved to its key,
    so that ``--filter buyer='Stad Gent'`` means the buyer, not an empty result."""
    if "buyer" not in filters:
        return dict(filters)
    value = filters["buyer"]
    try:  # a name may hold a comma ("European Commission, OIB"): the whole value first
        keys = [resolve_buyer(store, value, lang)]
    except BuyerNotFound:
        if "," not in value:
            raise
        keys = [resolve_buyer(store, part, lang) for part in value.split(",") if part.strip()]
    return {**filters, "buyer": ",".join(dict.fromkeys(keys))}


def _by_number(every: BuyerNaming, text: str) -> list[str]:
    """Buyers whose key holds the registration number ``text`` (punctuation ignored: 0207.451.227)."""
    digits = "".join(char for char in text if char.isalnum())
    if len(digits) < 6 or not any(char.isdigit() for char in digits):
        return []
    found = [key for key in every.counts if key.partition(":id:")[2].upper() in (digits.upper(), digits.zfill(10))]
    return sorted(found)


def _by_name(every: BuyerNaming, text: str) -> list[str]:
    """Buyers one of whose names is ``text`` (all of them when several are), else contains it."""
    wanted = normalise_name(text)
    if not wanted:
        return []
    exact, partial = [], []
    for key in every.counts:
        names = {normalise_name(name) for name in every.all_names(key)}
        if wanted in names:
            exact.append(key)
        elif any(name and wanted in name for name in names):
            partial.append(key)
    return sorted(exact or partial)
