"""The records of the guide's knowledge base (one fiche per product group) and their schema check.

A fiche is a YAML file written and reviewed by people. :func:`parse_fiche` checks the whole structure and
reports *every* problem with its place in the file (``criteria[3].text.fr: missing``), so that an editor can
fix a file in one go; only a file without problems becomes a :class:`Fiche`. The format is documented in
``docs/guide-knowledge-base.md``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .. import labels
from . import texts

LANGUAGES = ("en", "nl", "fr")
Localized = dict[str, str]  # language → text, always en / nl / fr

STAGES = ("selection", "technical-specification", "award", "contract-clause")
AMBITION_SCHEMES: dict[str, tuple[str, ...]] = {
    "core-comprehensive": ("core", "comprehensive"),
    "basic-advanced-top": ("basic", "advanced", "top"),
}
IMPACT_LEVELS = ("high", "medium", "low")
DIMENSIONS = ("environmental", "social", "circular", "innovation")
GPP_STATUSES = ("current", "outdated", "none")
REVIEW_STATUSES = ("draft", "reviewed")

# eForms fields a fiche may ask buyers to declare, with the code list their codes come from.
DECLARABLE_FIELDS: dict[str, str] = {
    "BT-06": "strategic-procurement",
    "BT-774": "environmental-impact",
    "BT-775": "social-objective",
    "BT-776": "innovative-acquisition",
    "BT-805": "gpp-criteria",
    "BT-754": "accessibility",
    "BT-71": "reserved-procurement",
    "BT-736": "reserved-execution",
    "BT-539": "award-criterion-type",
    "BT-717": "cvd-scope",
    "BT-735": "cvd-contract-type",
    "BT-810": "eed-scope",
    "BT-811(a)": "energy-efficiency-basis",
    "BT-811(b)": "energy-efficiency-item",
}

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CPV = re.compile(r"^\d{8}$")


@dataclass(frozen=True, slots=True)
class Label:
    id: str
    name: str
    owner: str
    kind: str  # "type-I" (ISO 14024 ecolabel), "type-I-like", "social", "management" or "energy"
    certifies: Localized
    url: str


@dataclass(frozen=True, slots=True)
class CriterionSource:
    """Where a criterion comes from: a document of the fiche's ``sources`` and its number there."""

    document: str  # id of a source of the fiche
    criterion: str | None  # the criterion's number in the document (e.g. "TS2"); None: not yet checked
    verify: bool  # the reference has not yet been checked against the document
    checked: str = ""  # what was checked, and where, when the citation is no longer marked verify


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    stage: str  # one of STAGES
    level: str  # an ambition level of the fiche's scheme
    dimension: str  # one of DIMENSIONS
    text: Localized
    proof: tuple[str, ...]  # ids of labels accepted as proof
    source: CriterionSource | None = None


@dataclass(frozen=True, slots=True)
class Declaration:
    field: str  # eForms business term, e.g. "BT-774"
    codes: tuple[str, ...]
    when: Localized


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    publisher: str
    year: int | None
    url: str  # the document itself
    verify: bool  # the year, the reference or the link has not yet been checked against the document
    id: str = ""  # what criteria cite it by
    reference: str = ""  # e.g. "SWD(2021) 57 final", a version or an ISBN
    checked: str = ""  # what was checked about the document, and where


@dataclass(frozen=True, slots=True)
class Obligation:
    """A legal obligation shared by several fiches (file ``_obligations.yaml``), e.g. the CVD or the EED."""

    id: str
    title: Localized
    summary: Localized
    fields: tuple[str, ...]
    sources: tuple[Source, ...]
    cpv_scope: tuple[str, ...] = ()  # CPV prefixes of the legal scope; empty: applies wherever a fiche names it

    def in_scope(self, cpv: str | None) -> bool:
        return not self.cpv_scope or bool(cpv and cpv.startswith(self.cpv_scope))


@dataclass(frozen=True, slots=True)
class GppSet:
    title: Localized
    year: int | None
    status: str  # one of GPP_STATUSES
    verify: bool


@dataclass(frozen=True, slots=True)
class Review:
    status: str  # one of REVIEW_STATUSES
    reviewed_by: str | None
    reviewed_on: date | None
    notes: str | None


@dataclass(frozen=True, slots=True)
class Fiche:
    id: str
    names: Localized
    summary: Localized
    gpp_group: str | None  # id in the CPV → EU GPP crosswalk whose CPV codes this fiche inherits
    cpv: tuple[str, ...]  # CPV codes the fiche claims itself (prefix rule; they win over inherited codes)
    keywords: dict[str, tuple[str, ...]]
    gpp: GppSet
    impact_environmental: str
    impact_social: str
    energy_related: bool  # products or services that fall under the EED's Annex IV
    ambition_scheme: str
    labels: tuple[Label, ...]
    criteria: tuple[Criterion, ...]
    declare: tuple[Declaration, ...]
    obligations: tuple[Obligation, ...]
    sources: tuple[Source, ...]
    review: Review

    @property
    def levels(self) -> tuple[str, ...]:
        return AMBITION_SCHEMES[self.ambition_scheme]

    def criteria_at(self, level: str) -> tuple[Criterion, ...]:
        return tuple(criterion for criterion in self.criteria if criterion.level == level)

    def label(self, label_id: str) -> Label | None:
        return next((found for found in self.labels if found.id == label_id), None)

    def name(self, lang: str = "en") -> str:
        return self.names.get(lang) or self.names["en"]


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem of a fiche file: its place and its message, the catalogue's ``guide.problem.KEY`` with its
    values, so that ``sppmon guide validate --lang`` says it in the editor's language."""

    where: str  # file name and place in the file
    key: str
    values: tuple[tuple[str, str], ...] = ()

    @property
    def message(self) -> str:
        return self.message_in("en")

    def message_in(self, lang: str) -> str:
        return texts.text(f"guide.problem.{self.key}", lang, **dict(self.values))

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class FicheInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


class _Checker:
    """Reads a nested YAML mapping while collecting every problem with its path."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.problems: list[Problem] = []

    def fail(self, path: str, key: str, **values: object) -> None:
        """A problem at ``path``: its message is ``guide.problem.KEY`` of the catalogue with ``values``."""
        where = f"{self.origin}:{path}" if path else self.origin
        self.problems.append(Problem(where, key, tuple((name, str(value)) for name, value in values.items())))

    def mapping(self, value: Any, path: str) -> Mapping[str, Any]:
        if isinstance(value, Mapping):
            return value
        self.fail(path, "not_mapping", found=type(value).__name__)
        return {}

    def items(self, data: Mapping[str, Any], key: str, path: str, required: bool = True) -> list[Any]:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(_join(path, key), "missing")
            return []
        if not isinstance(value, list):
            self.fail(_join(path, key), "not_list", found=type(value).__name__)
            return []
        return value

    def text(self, data: Mapping[str, Any], key: str, path: str, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.fail(_join(path, key), "missing")
            return None
        if not isinstance(value, str | int) or isinstance(value, bool):
            self.fail(_join(path, key), "not_text", found=type(value).__name__)
            return None
        return str(value).strip()

    def choice(self, data: Mapping[str, Any], key: str, path: str, allowed: tuple[str, ...]) -> str:
        value = self.text(data, key, path)
        if value is not None and value not in allowed:
            self.fail(_join(path, key), "not_allowed", value=repr(value), allowed=", ".join(allowed))
        return value or allowed[0]

    def identifier(self, data: Mapping[str, Any], key: str, path: str) -> str:
        value = self.text(data, key, path) or ""
        if value and not _ID.match(value):
            self.fail(_join(path, key), "not_id", value=repr(value))
        return value

    def localized(self, data: Mapping[str, Any], key: str, path: str) -> Localized:
        value = data.get(key)
        where = _join(path, key)
        if value is None:
            self.fail(where, "missing")
            return dict.fromkeys(LANGUAGES, "")
        texts = self.mapping(value, where)
        result: Localized = {}
        for lang in LANGUAGES:
            text = texts.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.fail(f"{where}.{lang}", "missing")
            result[lang] = " ".join(str(text or "").split())
        for extra in set(texts) - set(LANGUAGES):
            self.fail(f"{where}.{extra}", "unknown_language", languages=", ".join(LANGUAGES))
        return result

    def flag(self, data: Mapping[str, Any], key: str, path: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.fail(_join(path, key), "not_flag")
            return False
        return value

    def year(self, data: Mapping[str, Any], key: str, path: str, required: bool) -> int | None:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(_join(path, key), "missing")
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not 1990 <= value <= 2100:
            self.fail(_join(path, key), "not_year", value=repr(value))
            return None
        return value

    def url(self, data: Mapping[str, Any], key: str, path: str) -> str:
        value = self.text(data, key, path) or ""
        if value and not value.startswith("https://"):
            self.fail(_join(path, key), "not_https", value=repr(value))
        return value


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def parse_obligations(data: Any, origin: str) -> dict[str, Obligation]:
    """The shared legal obligations (id → obligation); raises :class:`FicheInvalid` with every problem."""
    check = _Checker(origin)
    root = check.mapping(data, "")
    found: dict[str, Obligation] = {}
    for key, value in root.items():
        entry = check.mapping(value, str(key))
        if not _ID.match(str(key)):
            check.fail(str(key), "not_id", value=repr(key))
        fields = tuple(str(item) for item in check.items(entry, "fields", str(key)))
        for index, field in enumerate(fields):
            if field not in DECLARABLE_FIELDS:
                check.fail(f"{key}.fields[{index}]", "not_field", value=repr(field))
        sources = tuple(
            _source(check, item, f"{key}.sources[{i}]")
            for i, item in enumerate(check.items(entry, "sources", str(key)))
        )
        scope = tuple(str(item) for item in check.items(entry, "cpv_scope", str(key), required=False))
        for index, prefix in enumerate(scope):
            if not re.fullmatch(r"\d{2,8}", prefix):
                check.fail(f"{key}.cpv_scope[{index}]", "not_cpv_prefix", value=repr(prefix))
        found[str(key)] = Obligation(
            str(key),
            check.localized(entry, "title", str(key)),
            check.localized(entry, "summary", str(key)),
            fields,
            sources,
            scope,
        )
    if check.problems:
        raise FicheInvalid(check.problems)
    return found


def parse_fiche(
    data: Any,
    origin: str,
    known_groups: Mapping[str, int] | None = None,
    obligations: Mapping[str, Obligation] | None = None,
) -> Fiche:
    """A checked :class:`Fiche` from the loaded YAML ``data``; raises :class:`FicheInvalid` with every problem.

    ``known_groups`` maps the crosswalk's EU GPP group ids to their criteria year; a fiche's ``gpp_group``
    must be one of them and its criteria year must agree with the crosswalk. ``obligations`` are the shared
    legal obligations a fiche may name by id.
    """
    check = _Checker(origin)
    root = check.mapping(data, "")
    fiche_id = check.identifier(root, "id", "")
    stem = origin.rsplit("/", 1)[-1].removesuffix(".yaml")
    if fiche_id and origin.endswith(".yaml") and stem != fiche_id:
        check.fail("id", "id_differs", value=repr(fiche_id), stem=repr(stem))
    gpp_group = check.text(root, "gpp_group", "", required=False)
    if gpp_group and known_groups is not None and gpp_group not in known_groups:
        check.fail("gpp_group", "not_group", value=repr(gpp_group))
    cpv = tuple(str(code) for code in check.items(root, "cpv", "", required=False))
    for index, code in enumerate(cpv):
        if not _CPV.match(code):
            check.fail(f"cpv[{index}]", "not_cpv", value=repr(code))
    if not gpp_group and not cpv:
        check.fail("cpv", "no_cpv")
    scheme = check.choice(root, "ambition_scheme", "", tuple(AMBITION_SCHEMES))
    label_list = tuple(_label(check, entry, f"labels[{i}]") for i, entry in enumerate(check.items(root, "labels", "")))
    label_ids = {label.id for label in label_list}
    criteria = tuple(
        _criterion(check, entry, f"criteria[{i}]", AMBITION_SCHEMES[scheme], label_ids)
        for i, entry in enumerate(check.items(root, "criteria", ""))
    )
    impact = check.mapping(root.get("impact", {}), "impact")
    gpp = _gpp(check, root.get("eu_gpp"), gpp_group, known_groups)
    fiche = Fiche(
        id=fiche_id,
        names=check.localized(root, "names", ""),
        summary=check.localized(root, "summary", ""),
        gpp_group=gpp_group,
        cpv=cpv,
        keywords=_keywords(check, root),
        gpp=gpp,
        impact_environmental=check.choice(impact, "environmental", "impact", IMPACT_LEVELS),
        impact_social=check.choice(impact, "social", "impact", IMPACT_LEVELS),
        energy_related=check.flag(root, "energy_related", ""),
        ambition_scheme=scheme,
        labels=label_list,
        criteria=criteria,
        declare=tuple(_declaration(check, e, f"declare[{i}]") for i, e in enumerate(check.items(root, "declare", ""))),
        obligations=_obligations(check, root, obligations or {}),
        sources=tuple(_source(check, e, f"sources[{i}]") for i, e in enumerate(check.items(root, "sources", ""))),
        review=_review(check, root.get("review")),
    )
    _check_whole(check, fiche)
    if check.problems:
        raise FicheInvalid(check.problems)
    return fiche


def _check_citations(check: _Checker, fiche: Fiche) -> None:
    """Every criterion cites a source of the fiche; a reviewed fiche has nothing left marked verify."""
    source_ids = {source.id for source in fiche.sources if source.id}
    known = ", ".join(sorted(source_ids))
    for index, criterion in enumerate(fiche.criteria):
        if criterion.source is not None and criterion.source.document not in source_ids:
            where = f"criteria[{index}].source.document"
            check.fail(where, "unknown_source", value=repr(criterion.source.document), known=known)
    if fiche.review.status == "reviewed":
        unchecked = [s.id or s.title for s in fiche.sources if s.verify]
        unchecked += [c.id for c in fiche.criteria if c.source is not None and c.source.verify]
        if fiche.gpp.verify:
            unchecked.append("eu_gpp")
        if unchecked:
            check.fail("review", "still_verify", marked=", ".join(unchecked))


def _check_whole(check: _Checker, fiche: Fiche) -> None:
    for kind, ids in (
        ("label", [label.id for label in fiche.labels]),
        ("criterion", [criterion.id for criterion in fiche.criteria]),
    ):
        duplicates = sorted({value for value in ids if ids.count(value) > 1})
        if duplicates:
            check.fail("", f"duplicate_{kind}", ids=", ".join(duplicates))
    for level in fiche.levels:
        if not fiche.criteria_at(level):
            check.fail("criteria", "no_level", level=repr(level))
    if fiche.criteria and fiche.levels[0] not in {
        c.level for c in fiche.criteria if c.stage == "technical-specification"
    }:
        check.fail("criteria", "no_entry_spec", level=repr(fiche.levels[0]))
    if not fiche.sources:
        check.fail("sources", "no_sources")
    _check_citations(check, fiche)
    declared = {declaration.field for declaration in fiche.declare}
    if "BT-06" not in declared:
        check.fail("declare", "declare_bt06")
    obligation_ids = {obligation.id for obligation in fiche.obligations}
    if fiche.energy_related and "eed" not in obligation_ids:
        check.fail("obligations", "needs_eed")
    if "cvd" in obligation_ids and "BT-717" not in declared:
        check.fail("declare", "cvd_bt717")
    if "eed" in obligation_ids and "BT-810" not in declared:
        check.fail("declare", "eed_bt810")


def _label(check: _Checker, value: Any, path: str) -> Label:
    data = check.mapping(value, path)
    return Label(
        id=check.identifier(data, "id", path),
        name=check.text(data, "name", path) or "",
        owner=check.text(data, "owner", path) or "",
        kind=check.choice(data, "kind", path, ("type-I", "type-I-like", "social", "management", "energy")),
        certifies=check.localized(data, "certifies", path),
        url=check.url(data, "url", path),
    )


def _criterion(check: _Checker, value: Any, path: str, levels: tuple[str, ...], label_ids: set[str]) -> Criterion:
    data = check.mapping(value, path)
    proof = tuple(str(item) for item in check.items(data, "proof", path, required=False))
    for index, label_id in enumerate(proof):
        if label_id not in label_ids:
            check.fail(f"{path}.proof[{index}]", "not_label", value=repr(label_id))
    return Criterion(
        id=check.identifier(data, "id", path),
        stage=check.choice(data, "stage", path, STAGES),
        level=check.choice(data, "level", path, levels),
        dimension=check.choice(data, "dimension", path, DIMENSIONS),
        text=check.localized(data, "text", path),
        proof=proof,
        source=_criterion_source(check, data.get("source"), f"{path}.source"),
    )


def _criterion_source(check: _Checker, value: Any, path: str) -> CriterionSource | None:
    if value is None:
        check.fail(path, "criterion_source_missing")
        return None
    data = check.mapping(value, path)
    document = check.text(data, "document", path) or ""
    number = data.get("criterion")
    return CriterionSource(
        document,
        None if number in (None, "") else str(number),
        check.flag(data, "verify", path),
        check.text(data, "checked", path, required=False) or "",
    )


def _declaration(check: _Checker, value: Any, path: str) -> Declaration:
    data = check.mapping(value, path)
    field = check.choice(data, "field", path, tuple(DECLARABLE_FIELDS))
    codes = tuple(str(code) for code in check.items(data, "codes", path))
    valid = set(labels.codes_of(DECLARABLE_FIELDS.get(field, "")))
    for index, code in enumerate(codes):
        if valid and code not in valid:
            check.fail(f"{path}.codes[{index}]", "not_code", value=repr(code), codes=DECLARABLE_FIELDS[field])
    return Declaration(field, codes, check.localized(data, "when", path))


def _obligations(check: _Checker, root: Mapping[str, Any], known: Mapping[str, Obligation]) -> tuple[Obligation, ...]:
    found: list[Obligation] = []
    for index, value in enumerate(check.items(root, "obligations", "", required=False)):
        obligation = known.get(str(value))
        if obligation is None:
            check.fail(f"obligations[{index}]", "not_obligation", value=repr(value))
        else:
            found.append(obligation)
    return tuple(found)


def _source(check: _Checker, value: Any, path: str) -> Source:
    data = check.mapping(value, path)
    return Source(
        title=check.text(data, "title", path) or "",
        publisher=check.text(data, "publisher", path) or "",
        year=check.year(data, "year", path, required=False),
        url=check.url(data, "url", path),
        verify=check.flag(data, "verify", path),
        id=check.text(data, "id", path, required=False) or "",
        reference=check.text(data, "reference", path, required=False) or "",
        checked=check.text(data, "checked", path, required=False) or "",
    )


def _gpp(check: _Checker, value: Any, gpp_group: str | None, known: Mapping[str, int] | None) -> GppSet:
    data = check.mapping(value, "eu_gpp") if value is not None else {}
    if value is None:
        check.fail("eu_gpp", "gpp_missing")
    status = check.choice(data, "status", "eu_gpp", GPP_STATUSES)
    year = check.year(data, "year", "eu_gpp", required=status != "none")
    if status == "none" and year is not None:
        check.fail("eu_gpp.year", "gpp_no_year")
    if gpp_group and known is not None and gpp_group in known and year is not None and known[gpp_group] != year:
        check.fail("eu_gpp.year", "gpp_year_differs", year=year, crosswalk=known[gpp_group], group=repr(gpp_group))
    return GppSet(check.localized(data, "title", "eu_gpp"), year, status, check.flag(data, "verify", "eu_gpp"))


KEYWORD_LANGUAGES = (*LANGUAGES, "de")  # German keywords are optional: Belgium's third language, and compounds


def _keywords(check: _Checker, root: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    data = check.mapping(root.get("keywords", {}), "keywords")
    result: dict[str, tuple[str, ...]] = {}
    for lang in KEYWORD_LANGUAGES:
        if lang not in LANGUAGES and lang not in data:
            continue
        words = check.items(data, lang, "keywords")
        if not all(isinstance(word, str) and word.strip() for word in words):
            check.fail(f"keywords.{lang}", "keywords_text")
        result[lang] = tuple(str(word).strip() for word in words)
    return result


def _review(check: _Checker, value: Any) -> Review:
    if value is None:
        check.fail("review", "missing")
        return Review("draft", None, None, None)
    data = check.mapping(value, "review")
    status = check.choice(data, "status", "review", REVIEW_STATUSES)
    reviewed_on = data.get("reviewed_on")
    if reviewed_on is not None and not isinstance(reviewed_on, date):
        check.fail("review.reviewed_on", "not_date")
        reviewed_on = None
    reviewed_by = check.text(data, "reviewed_by", "review", required=status == "reviewed")
    if status == "reviewed" and reviewed_on is None:
        check.fail("review.reviewed_on", "review_date")
    return Review(status, reviewed_by, reviewed_on, check.text(data, "notes", "review", required=False))
