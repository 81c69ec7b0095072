"""``sppmon check``: check a draft or published eForms notice against the guide and the declaration rules."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..errors import CatalogedError
from ..guide import texts
from ..guide.fiche import LANGUAGES
from ..sources.regular import read_regular
from .common import EXIT_OK, EXIT_REJECTED, handle_errors

_MARKS = {"inconsistent": "✗", "missing": "!", "advice": "·"}


def render_text(report: dict[str, Any], lang: str = "en") -> str:
    """The checker's report as text in ``lang``: the findings shared by several lots once, with their lots, then
    each lot with what is its own; the guide's advice once per product group."""

    def t(key: str, **values: object) -> str:
        return texts.text(key, lang, **values)

    colon = texts.colon(lang)
    notice = report["notice"]
    lines = [
        t(
            "check.cli.notice",
            notice=notice["notice_id"],
            version=notice["version"],
            subtype=notice["subtype"],
            sdk=notice["sdk_version"],
        ),
        f"  {notice['title'] or ''}".rstrip(),
    ]
    if not report["fields_allowed"]:
        lines.append(f"  {t('check.no_fields')}")
    counts = {key: texts.number(value, lang) for key, value in report["counts"].items()}
    severities = " · ".join(f"{counts[key]} {t('check.sev.' + key)}" for key in ("inconsistent", "missing", "advice"))
    lines.append(f"  {t('check.findings')}{colon} {severities}")
    from ..guide.checker import EVIDENCE_NOT_RUN

    if report["evidence_status"] == EVIDENCE_NOT_RUN:
        lines.append(f"  {t('check.evidence')}{colon} {t('check.evidence.not-run')}")
    shared = {(entry["rule"], entry["message"]) for entry in report.get("summary", [])}
    if shared:
        lines += ["", t("check.summary", count=texts.number(len(shared), lang))]
        for entry in report["summary"]:
            lines.append(_finding_line(entry, t, colon))
            count = texts.number(len(entry["lots"]), lang)
            lines.append(f"      {t('check.cli.lots', count=count, lots=_lot_list(entry['lots']))}")
    advised: set[str] = set()
    for lot in report["lots"]:
        groups = ", ".join(f"{g['name']} [{g['id']}]" for g in lot["product_groups"]) or t("check.no_group")
        lines += ["", f"{lot['lot_id']} · CPV {lot['cpv_main']} · {lot['title'] or ''}".rstrip()]
        lines.append(f"  {t('col.product_group')}{colon} {groups}")
        status = lot["status"]
        facts = (("green", "green"), ("gpp", "gpp-criteria"), ("social", "social"))
        declared = " · ".join(f"{t('fact.' + fact)} {t('status.' + status[key])}" for key, fact in facts)
        lines.append(f"  {t('check.cli.declared')}{colon} {declared}")
        own = [found for found in lot["findings"] if (found["rule"], found["message"]) not in shared]
        lines += [_finding_line(found, t, colon) for found in own]
        if len(own) < len(lot["findings"]):
            lines.append(f"  {t('check.cli.shared', count=texts.number(len(lot['findings']) - len(own), lang))}")
        for advice in lot["recommendations"][:1]:
            lines += _advice_lines(advice, advised, t, colon)
        if lot["evidence"] is not None:
            found = sorted(
                {f"{t('check.category.' + e['category'])}: {e['matched']}" for e in lot["evidence"]["items"]}
            )
            evidence = "; ".join(found) if found else t("check.no_evidence")
            lines.append(f"  {t('check.evidence')}{colon} {evidence}")
    return "\n".join(lines)


def _advice_lines(advice: dict[str, Any], advised: set[str], t: Callable[..., str], colon: str) -> list[str]:
    """What the guide says for a lot's product group; once per group, later lots point back to it."""
    if advice["id"] in advised:
        return [f"  {t('check.cli.guide_above', group=advice['name'])}"]
    advised.add(advice["id"])
    guide = t("check.cli.guide", group=advice["name"], criteria=advice["eu_gpp"]["title"], fiche=advice["id"])
    lines = [f"  {guide}"]
    for level, criteria in advice["criteria"].items():
        lines += [
            f"    {t('guide.level.' + level)} · {t('guide.stage.' + c['stage'])}{colon} {c['text']}" for c in criteria
        ]
    if advice["labels"]:
        lines.append(f"    {t('guide.labels')}{colon} " + ", ".join(label["name"] for label in advice["labels"]))
    todo = [f"{d['field']} {'/'.join(d['not_declared'])}" for d in advice["declare"] if d["not_declared"]]
    if todo:
        lines.append(f"    {t('check.not_declared')} " + "; ".join(todo))
    return lines


def _finding_line(found: dict[str, Any], t: Callable[..., str], colon: str) -> str:
    severity = found["severity"]
    return f"  {_MARKS[severity]} {t('check.sev.' + severity)}{colon} {found['message']} [{found['rule']}]"


def _lot_list(lots: list[str], shown: int = 12) -> str:
    if len(lots) <= shown:
        return ", ".join(lots)
    return ", ".join(lots[:shown]) + f", … ({len(lots) - shown})"


@click.command("check")
@click.argument("notice", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="en",
    show_default=True,
    help="Language of the guide and of the findings.",
)
@click.option("--strict", is_flag=True, help="Exit with code 1 when a finding is inconsistent or missing.")
@click.option(
    "--guide-dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Check against the fiches in this folder instead of the packaged guide.",
)
@click.option("--detect/--no-detect", default=True, show_default=True, help="Search the texts for evidence.")
@handle_errors
def check_command(
    notice: Path, output_format: str, lang: str, strict: bool, guide_dir: Path | None, detect: bool
) -> None:
    """Check one eForms notice (draft or published; '-' reads standard input): the product groups it touches,
    missing or inconsistent sustainability fields, and the criteria, labels and codes the guide recommends."""
    from ..detect import detect_notice
    from ..guide.checker import check_bytes
    from ..guide.knowledge import load_knowledge_base

    knowledge = load_knowledge_base(guide_dir)
    try:
        data = sys.stdin.buffer.read() if str(notice) == "-" else read_regular(notice)  # a FIFO: refused
    except OSError as exc:  # no such file, a folder, no permission: one line with its code
        raise CatalogedError("SOURCE_NOT_FOUND", f"{notice}: {exc.strerror or exc}") from None
    try:
        report = check_bytes(data, knowledge, evidence=detect_notice if detect else None)
    except CatalogedError as exc:
        click.echo(f"rejected: {notice}: {exc.code}: {exc.message}", err=True)
        sys.exit(EXIT_REJECTED)
    result = report.as_dict(lang)
    if output_format == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(result, lang))
    sys.exit(EXIT_REJECTED if strict and report.has_problems else EXIT_OK)
