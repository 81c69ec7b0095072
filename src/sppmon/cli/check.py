"""``sppmon check``: check a draft or published eForms notice against the guide and the declaration rules."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..detect import detect_notice
from ..errors import CatalogedError
from ..guide.checker import EVIDENCE_NOT_RUN, check_bytes
from ..guide.fiche import LANGUAGES
from ..guide.knowledge import load_knowledge_base
from .common import EXIT_OK, EXIT_REJECTED, handle_errors

_MARKS = {"inconsistent": "✗", "missing": "!", "advice": "·"}


def render_text(report: dict[str, Any]) -> str:
    notice = report["notice"]
    lines = [
        f"notice {notice['notice_id']} version {notice['version']} · subtype {notice['subtype']} · "
        f"{notice['sdk_version']}",
        f"  {notice['title'] or ''}".rstrip(),
    ]
    if not report["fields_allowed"]:
        lines.append("  this notice subtype carries no lot-level sustainability fields; nothing to check")
    counts = report["counts"]
    lines.append(
        f"  findings: {counts['inconsistent']} inconsistent · {counts['missing']} missing · {counts['advice']} advice"
    )
    if report["evidence_status"] == EVIDENCE_NOT_RUN:
        lines.append("  text evidence: not run (no detector given)")
    for lot in report["lots"]:
        groups = ", ".join(f"{g['name']} [{g['id']}]" for g in lot["product_groups"]) or "no guide product group"
        lines += ["", f"{lot['lot_id']} · CPV {lot['cpv_main']} · {lot['title'] or ''}".rstrip(), f"  groups: {groups}"]
        status = lot["status"]
        lines.append("  declared: " + " · ".join(f"{key} {status[key]}" for key in ("green", "gpp", "social")))
        lines += [f"  {_MARKS[f['severity']]} {f['severity']}: {f['message']} [{f['rule']}]" for f in lot["findings"]]
        for advice in lot["recommendations"][:1]:
            lines.append(
                f"  guide — {advice['name']} ({advice['eu_gpp']['title']}); see 'sppmon guide show {advice['id']}'"
            )
            for level, criteria in advice["criteria"].items():
                lines += [f"    {level} · {c['stage']}: {c['text']}" for c in criteria]
            if advice["labels"]:
                lines.append("    labels: " + ", ".join(label["name"] for label in advice["labels"]))
            todo = [f"{d['field']} {'/'.join(d['not_declared'])}" for d in advice["declare"] if d["not_declared"]]
            if todo:
                lines.append("    suggested codes not declared: " + "; ".join(todo))
        if lot["evidence"] is not None:
            found = sorted({f"{e['category']}: {e['matched']}" for e in lot["evidence"]["items"]})
            lines.append("  evidence: " + ("; ".join(found) if found else "none found"))
    return "\n".join(lines)


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
    knowledge = load_knowledge_base(guide_dir)
    data = sys.stdin.buffer.read() if str(notice) == "-" else notice.read_bytes()
    try:
        report = check_bytes(data, knowledge, evidence=detect_notice if detect else None)
    except CatalogedError as exc:
        click.echo(f"rejected: {notice}: {exc.code}: {exc.message}", err=True)
        sys.exit(EXIT_REJECTED)
    result = report.as_dict(lang)
    if output_format == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(result))
    sys.exit(EXIT_REJECTED if strict and report.has_problems else EXIT_OK)
