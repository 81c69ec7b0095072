"""API route of the outcome estimates: the same JSON as ``sppmon outcomes --format json`` (packaged factors), with
the method and note texts in the request's language."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from ...outcomes.estimate import DIMENSIONS
from ...outcomes.factors import load_outcome_factors
from ...outcomes.report import DEFAULT_BY, outcomes
from ...outcomes.rows import Filters
from ..context import env_of
from ..params import described

router = APIRouter(prefix="/api", tags=["outcomes"])
_LIST = "^{one}(,{one})*$"
Years = Annotated[
    str | None, Query(pattern=_LIST.format(one="[0-9]{4}"), max_length=200, description=described("param.year"))
]
Countries = Annotated[
    str | None, Query(pattern=_LIST.format(one="[A-Za-z]{3}"), max_length=200, description=described("param.country"))
]
Buyers = Annotated[str | None, Query(max_length=200, description=described("param.buyer"))]
By = Annotated[
    str,
    Query(
        pattern="^(({one})(,({one}))*)?$".format(one="|".join(DIMENSIONS)),
        max_length=100,
        description=described("param.outcomes_by"),
    ),
]


DEFAULT = ",".join(DEFAULT_BY)


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


@router.get("/outcomes")
def api_outcomes(
    request: Request,
    year: Years = None,
    country: Countries = None,
    buyer: Buyers = None,
    by: By = DEFAULT,
) -> Any:
    env = env_of(request)
    filters = Filters(
        tuple(int(value) for value in _split(year)),
        tuple(value.upper() for value in _split(country)),
        _split(buyer),
    )
    result = outcomes(env.store, load_outcome_factors(), filters, tuple(dict.fromkeys(_split(by))))
    return result.as_dict(env.lang)
