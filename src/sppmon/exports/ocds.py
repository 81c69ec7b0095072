"""OCDS release packages from the store: one release per notice version (``id`` = notice id + version, ``ocid``
= prefix + procedure id BT-04), lots with the sustainability extension, awards from lot results and contracts
from settled contracts (:mod:`.ocds_awards`).

Notices are read from the store in chunks (bounded memory) and the package is streamed to a file that appears
complete or not at all.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import SppmonError
from ..outputs.atomic import atomic_text_file
from ..store import Store
from .ocds_awards import ResultRows, awards_and_contracts
from .ocds_mapping import (
    CATEGORIES,
    LANGUAGES,
    PROCUREMENT_METHODS,
    STATUS_FLAGS,
    compact,
    date_time,
    money,
    release_tags,
    sustainability,
    tender_flag,
)

EXTENSIONS = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_sustainability_extension/master/extension.json",
    # contracts[].identifiers (BT-150), as OCDS for eForms maps it
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_1_2_draft_extension/master/extension.json",
)
SUSTAINABILITY_FIELDS = (
    "strategic_procurement",
    "environmental_impact",
    "social_objective",
    "innovative_acquisition",
    "gpp_criteria",
    "reserved_procurement",
)
CHUNK = 500

_NOTICE_COLUMNS = (
    "notice_key, notice_id, procedure_id, stage, issue_date, publication_date, language, title, cpv_main, "
    "nature, procedure_type, estimated_value, estimated_currency, buyer_org_id, buyer_name, changed_notice"
)


@dataclass(frozen=True, slots=True)
class OcdsOptions:
    prefix: str  # the publisher's registered ocid prefix (ocds-xxxxxx)
    uri: str
    publisher: str
    latest_only: bool = False


class NothingToExport(SppmonError):
    """The store holds no notice to export."""


def _by_notice(rows: list[tuple[Any, ...]]) -> dict[str, list[tuple[Any, ...]]]:
    grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row[1:])
    return grouped


def _chunk_rows(store: Store, keys: list[str]) -> dict[str, dict[str, list[tuple[Any, ...]]]]:
    """Every row the releases of ``keys`` need, per table, grouped by notice key."""
    store.load_keys("ocds_keys", keys)
    join = "JOIN ocds_keys k ON k.value = t.notice_key"
    fields = ", ".join(f"'{name}'" for name in SUSTAINABILITY_FIELDS)
    queries = {
        "notices": f"SELECT {_NOTICE_COLUMNS} FROM notices t {join} ORDER BY t.notice_key",
        "lots": "SELECT t.notice_key, t.lot_id, t.title, t.cpv_main, t.estimated_value, t.estimated_currency, "
        f"t.strategic_status FROM lots t {join} WHERE t.kind = 'Lot' ORDER BY t.notice_key, t.lot_id",
        "codes": f"SELECT t.notice_key, t.lot_id, t.field, t.code FROM lot_codes t {join} "
        f"WHERE t.field IN ({fields}) ORDER BY t.notice_key, t.lot_id, t.field, t.code",
        "texts": f"SELECT t.notice_key, t.lot_id, t.text FROM texts t {join} "
        "WHERE t.field = 'strategic_descriptions' ORDER BY t.notice_key, t.lot_id, t.seq",
        "organisations": f"SELECT t.notice_key, t.org_id, t.name, t.company_id, t.country, t.city "
        f"FROM organisations t {join} ORDER BY t.notice_key, t.org_id",
        "results": f"SELECT t.notice_key, t.result_id, t.lot_id, t.winner_status, t.awarded_value, "
        f"t.awarded_currency FROM lot_results t {join} ORDER BY t.notice_key, t.result_id",
        "winners": f"SELECT t.notice_key, t.result_id, t.lot_id, t.org_id, t.name, t.tender_id FROM winners t "
        f"{join} ORDER BY t.notice_key, t.lot_id, t.org_id",
        "tenders": "SELECT t.notice_key, t.tender_id, t.lot_id, t.party_id, t.contract_id, t.value, t.currency "
        f"FROM tenders t {join} ORDER BY t.notice_key, t.tender_id",
        "contracts": "SELECT t.notice_key, t.contract_id, t.reference, t.conclusion_date, t.award_date, t.title "
        f"FROM contracts t {join} ORDER BY t.notice_key, t.contract_id",
        "links": f"SELECT t.notice_key, t.result_id, t.contract_id FROM result_contracts t {join} "
        "ORDER BY t.notice_key, t.result_id, t.contract_id",
        "tenderers": f"SELECT t.notice_key, t.party_id, t.org_id FROM tendering_parties t {join} "
        "WHERE t.role = 'tenderer' ORDER BY t.notice_key, t.party_id, t.is_lead DESC NULLS LAST, t.org_id",
    }
    return {name: _by_notice(store.query(sql)) for name, sql in queries.items()}


def _release(row: tuple[Any, ...], data: dict[str, dict[str, list[tuple[Any, ...]]]], prefix: str) -> dict[str, Any]:
    (key, notice_id, procedure_id, stage, issue, published, language, title, cpv, nature, method, value,
     currency, buyer_id, buyer_name, changed) = row  # fmt: skip
    lots, items, flags = _lots(key, data)
    organisations = data["organisations"].get(key, [])
    results = ResultRows(
        results=data["results"].get(key, []),
        winners=data["winners"].get(key, []),
        tenders=data["tenders"].get(key, []),
        contracts=data["contracts"].get(key, []),
        tenderers=data["tenderers"].get(key, []),
        links=data["links"].get(key, []),
        names={org[0]: org[1] for org in organisations},
        lot_ids=frozenset(lot["id"] for lot in lots),
    )
    section = awards_and_contracts(results, stage)
    tender = compact(
        {
            "id": procedure_id or notice_id,
            "title": title,
            "procurementMethod": PROCUREMENT_METHODS.get(method or ""),
            "procurementMethodDetails": method,
            "mainProcurementCategory": CATEGORIES.get(nature or ""),
            "value": money(value, currency),
            "items": items or ([{"id": "1", "classification": {"scheme": "CPV", "id": cpv}}] if cpv else []),
            "lots": lots,
            "hasSustainability": tender_flag(flags),
        }
    )
    return compact(
        {
            "ocid": f"{prefix}-{procedure_id or notice_id}",
            "id": key,
            "date": date_time(published or issue),
            "tag": release_tags(stage, bool(changed), bool(section.contracts)),
            "initiationType": "tender",
            "language": LANGUAGES.get((language or "").upper()),
            "parties": _parties(organisations, buyer_id, section.supplier_ids),
            "buyer": compact({"id": buyer_id, "name": buyer_name}) if buyer_id else None,
            "tender": tender,
            "awards": section.awards,
            "contracts": section.contracts,
        }
    )


def _lots(
    key: str, data: dict[str, dict[str, list[tuple[Any, ...]]]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[bool | None]]:
    """``tender.lots`` with their sustainability, ``tender.items`` (one per lot CPV) and the lot flags."""
    codes: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for lot_id, name, code in data["codes"].get(key, []):
        codes[lot_id][name].append(code)
    descriptions: dict[str, str] = {}
    for lot_id, text in data["texts"].get(key, []):
        descriptions.setdefault(lot_id, text)
    lots, items, flags = [], [], []
    for lot_id, lot_title, lot_cpv, lot_value, lot_currency, status in data["lots"].get(key, []):
        flag = STATUS_FLAGS.get(status)
        flags.append(flag)
        lots.append(
            compact(
                {
                    "id": lot_id,
                    "title": lot_title,
                    "value": money(lot_value, lot_currency),
                    "hasSustainability": flag,
                    "sustainability": sustainability(codes[lot_id], descriptions.get(lot_id)),
                }
            )
        )
        if lot_cpv:
            items.append({"id": lot_id, "relatedLot": lot_id, "classification": {"scheme": "CPV", "id": lot_cpv}})
    return lots, items, flags


def _parties(
    organisations: list[tuple[Any, ...]], buyer_id: str | None, supplier_ids: set[str]
) -> list[dict[str, Any]]:
    return [
        compact(
            {
                "id": org_id,
                "name": name,
                "identifier": {"id": company} if company else None,
                "address": compact({"locality": city, "countryName": country}),
                "roles": [r for r, on in (("buyer", org_id == buyer_id), ("supplier", org_id in supplier_ids)) if on],
            }
        )
        for org_id, name, company, country, city in organisations
    ]


def iter_releases(store: Store, options: OcdsOptions) -> Iterator[dict[str, Any]]:
    where = " WHERE is_latest" if options.latest_only else ""
    for chunk in store.iter_rows(f"SELECT notice_key FROM notices{where} ORDER BY notice_key", size=CHUNK):
        data = _chunk_rows(store, [row[0] for row in chunk])
        for key, rows in data["notices"].items():
            yield _release((key, *rows[0]), data, options.prefix)


def write_package(store: Store, path: Path, options: OcdsOptions) -> int:
    """Write one release package to ``path``; returns the number of releases."""
    header = {
        "uri": options.uri,
        "version": "1.1",
        "extensions": list(EXTENSIONS),
        "publishedDate": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "publisher": {"name": options.publisher},
    }
    count = 0
    with atomic_text_file(path) as handle:
        handle.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "releases": [\n')
        for release in iter_releases(store, options):
            handle.write((",\n" if count else "") + json.dumps(release, ensure_ascii=False))
            count += 1
        if not count:
            raise NothingToExport("the store holds no notice to export; run 'sppmon ingest' or 'sppmon sync' first")
        handle.write("\n]}\n")
    return count
