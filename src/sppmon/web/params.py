"""The query parameters of the API and the pages, declared once: each with the form its value must take, its
bounds and its description. FastAPI validates requests with these declarations and the OpenAPI document is
generated from them, so that what the document advertises is what the endpoints accept.

Filters take one value or several separated by commas (``year=2024,2025``), as on the command line and in
the indicator engine. A value that does not have its filter's form is refused before any query runs: 422 with
the problem named per field in the API, 400 with the same message on a page.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Query, Request

from ..browse import FILTERS
from ..browse.filters import MAX_VALUE_LENGTH
from ..indicators import BREAKDOWNS
from .errors import FieldProblem
from .i18n import translate

MAX_OFFSET = 1_000_000_000  # far beyond any store; keeps the database's integer types from overflowing
NOTICE_FORMATS = ("eforms", "ted-r2.0.9", "ted-r2.0.8")
OUTPUTS = ("json", "csv", "xlsx")


def listed(single: str) -> str:
    """The pattern of one value or several separated by commas."""
    return f"^{single}(,{single})*$"


def _choice(values: Sequence[str]) -> str:
    return "(" + "|".join(value.replace(".", r"\.") for value in values) + ")"


@dataclass(frozen=True, slots=True)
class Param:
    """One filter parameter: its name, the pattern its value matches, its longest value, and the catalogue
    keys of its description and of the form it expects (both shown in errors and on the API page)."""

    name: str
    pattern: str
    max_length: int = MAX_VALUE_LENGTH
    example: str = ""

    @property
    def description_key(self) -> str:
        return f"param.{self.name}"

    @property
    def expected_key(self) -> str:
        return f"param.{self.name}.expected"

    def query(self) -> Any:
        description = described(self.description_key, then=self.expected_key)
        return Query(
            pattern=self.pattern,
            max_length=self.max_length,
            description=description,
            examples=[self.example] if self.example else None,
        )


CODE = "[A-Za-z0-9][A-Za-z0-9._-]*"
_FORMS: dict[str, tuple[str, str]] = {
    # name: (pattern of one value, example)
    "year": ("[0-9]{4}", "2024,2025"),
    "quarter": ("[0-9]{4}-Q[1-4]", "2025-Q1"),
    "country": ("[A-Za-z]{2,3}", "BEL"),
    "buyer": ("[^,]+", "BEL:id:0308357753"),
    "buyer_legal_type": (CODE, "cga"),
    "eu_institution": ("(yes|no|true|false)", "no"),
    "cpv_division": ("[0-9]{2}", "30"),
    "product_group": ("[a-z0-9][a-z0-9-]*", "computers"),
    "procedure_type": (CODE, "open"),
    "nature": (CODE, "supplies"),
    "form_type": (CODE, "competition"),
    "format": (_choice(NOTICE_FORMATS), "eforms"),
    "notice_format": (_choice(NOTICE_FORMATS), "eforms"),
}


def _param(name: str) -> Param:
    single, example = _FORMS[name]
    return Param(name, listed(single), example=example)


# The filters of lot and notice lists (sppmon.browse.FILTERS) and of indicators (every breakdown).
LOT_FILTERS: tuple[Param, ...] = tuple(_param(name) for name in FILTERS)
INDICATOR_FILTERS: tuple[Param, ...] = tuple(_param(name) for name in BREAKDOWNS)
PARAMS: dict[str, Param] = {param.name: param for param in (*LOT_FILTERS, *INDICATOR_FILTERS)}


def filter_dependency(params: Sequence[Param]) -> Callable[..., dict[str, str]]:
    """A FastAPI dependency taking ``params`` as optional query parameters and giving the filters used
    (name → value, empty values left out). Its signature is built from the declarations, so that FastAPI
    validates each value and lists each parameter in the OpenAPI document."""

    def dependency(**given: str | None) -> dict[str, str]:
        return {name: value.strip() for name, value in given.items() if value and value.strip()}

    dependency.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(
                param.name,
                inspect.Parameter.KEYWORD_ONLY,
                default=None,
                annotation=Annotated[str | None, param.query()],
            )
            for param in params
        ]
    )
    return dependency


# The English descriptions given to the OpenAPI document, each with the catalogue texts it was made of, so that
# the /api page can show it in the visitor's language.
DESCRIPTIONS: dict[str, tuple[tuple[str, dict[str, object]], ...]] = {}


def described(key: str, *, then: str = "", **values: object) -> str:
    """A description for the OpenAPI document: the catalogue text ``key`` in English (followed by ``then``)."""
    parts = ((key, values), (then, {})) if then else ((key, values),)
    english = " ".join(translate(part, "en", **part_values) for part, part_values in parts)
    DESCRIPTIONS[english] = parts
    return english


def description_in(english: str, lang: str) -> str:
    """A description of the OpenAPI document in ``lang`` (as it is when it does not come from the catalogue)."""
    parts = DESCRIPTIONS.get(english)
    if not parts:
        return english
    return " ".join(translate(key, lang, **values) for key, values in parts)


def problems_of(params: Mapping[str, str], declared: Sequence[Param]) -> list[tuple[str, str]]:
    """(parameter, catalogue key of its expected form) for each value of ``params`` that does not have the form
    of its declaration — the check FastAPI makes on the API, for pages that read their parameters themselves."""
    found = []
    for param in declared:
        value = (params.get(param.name) or "").strip()
        if value and (len(value) > param.max_length or not re.fullmatch(param.pattern.strip("^$"), value)):
            found.append((param.name, param.expected_key))
    return found


# Parameters that pages read themselves (env.params): checked against the same declarations before a page is
# built, so that a bad value is a 400 page that says what is expected, never a database error.
PAGE_NUMBERS = {"offset": MAX_OFFSET, "limit": 100_000}


def page_problems(params: Mapping[str, str]) -> list[FieldProblem]:
    from ..browse import FACTS
    from ..browse.filters import FACTS as LOT_FACTS
    from ..browse.filters import STATUSES

    problems = [FieldProblem(name, key) for name, key in problems_of(params, LOT_FILTERS)]
    for name, most in PAGE_NUMBERS.items():
        value = params.get(name, "")
        if value and not (value.isascii() and value.isdigit() and int(value) <= most):
            problems.append(FieldProblem(name, "error.param.whole_number", (("most", most),)))
    fact, status, variant = (params.get(name) or "" for name in ("fact", "status", "variant"))
    if fact and fact not in FACTS:
        problems.append(FieldProblem("fact", "error.param.literal_error", (("expected", ", ".join(FACTS)),)))
    if status and status not in STATUSES:
        problems.append(FieldProblem("status", "error.param.literal_error", (("expected", ", ".join(STATUSES)),)))
    elif status and not fact:
        problems.append(FieldProblem("status", "error.status_needs_fact"))
    if variant and variant not in ("declared", "detected", "either"):
        problems.append(FieldProblem("variant", "error.param.literal_error", (("expected", "declared, detected"),)))
    elif variant == "detected" and fact in LOT_FACTS and LOT_FACTS[fact][1] is None:
        problems.append(FieldProblem("variant", "error.no_detected_variant"))
    return problems


def check_page_params(request: Request) -> None:
    """A dependency of every page: 400 with the problems named when a parameter has not its declared form."""
    from .errors import invalid_parameters

    params = dict(request.query_params.items())
    problems = page_problems(params)
    if problems:
        raise invalid_parameters(problems, 400)


GLOBAL_PARAMS = frozenset({"lang"})  # the interface language, taken by the middleware on every route


def refuse_unknown_params(request: Request) -> None:
    """A dependency of the API routes: a parameter the route does not declare is refused (422), never ignored,
    so that a filter another route knows (``/api/notices?product_group=…``) does not silently change nothing."""
    from .errors import invalid_parameters

    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None:
        return
    known = _query_names(dependant) | GLOBAL_PARAMS
    unknown = sorted({key for key in request.query_params if key not in known})
    if unknown:
        choices = ", ".join(sorted(known - GLOBAL_PARAMS)) or "–"
        raise invalid_parameters([FieldProblem(name, "error.param.unknown", (("known", choices),)) for name in unknown])


def check_lot_query(fact: str | None, status: str | None, variant: str | None, status_code: int = 422) -> None:
    """The combination of fact, status and variant of a lot list (a status needs a fact; detected needs a fact
    with text detection), refused with the parameter named."""
    from .errors import invalid_parameters

    given = {"fact": fact or "", "status": status or "", "variant": variant or ""}
    problems = page_problems(given)
    if problems:
        raise invalid_parameters(problems, status_code)


def _query_names(dependant: Any) -> set[str]:
    """The query parameter names a route declares, its dependencies' included."""
    names = {str(param.alias) for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names
