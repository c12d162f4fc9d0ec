"""`episurv parse ...`: read bulletin files, or score the reader on a corpus folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from episurv.cli.support import failing_cleanly
from episurv.errors import InvalidInput

app = typer.Typer(help="Read published COVID-19 bulletins into structured data.",
                  no_args_is_help=True)
DEFAULT_CORPUS = Path("tests/bulletins/corpus")

@app.callback()
def _group() -> None:
    """Read published COVID-19 bulletins into structured data."""


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InvalidInput(f"cannot read {path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"cannot read {path}: not UTF-8 text ({exc.reason})") from exc


def as_text(result: dict) -> str:
    """A reading for people: the figures, then the checks and the unread sentences."""
    lines = [f"kind: {result['kind']}   date: {result['date']}   status: {result['status']}"]
    where = result.get("jurisdiction") or {}
    lines.append(f"jurisdiction: {where.get('name') or where.get('unit')}")
    skip = {"kind", "date", "status", "jurisdiction", "checks", "unparsed"}
    for key, value in result.items():
        if key in skip or value in (None, [], {}):
            continue
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{key}:")
            for item in value:
                lines.append("  - " + ", ".join(f"{k}={v}" for k, v in item.items()
                                                 if k not in ("places", "name")))
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("checks:")
    for c in result["checks"]:
        lines.append(f"  [{'ok' if c['ok'] else 'FAIL'}] {c['name']}: {c['detail']}")
    if result["unparsed"]:
        lines.append("unparsed:")
        for u in result["unparsed"]:
            lines.append(f"  {u['numbers']}: {u['sentence']}")
    return "\n".join(lines)


@app.command("bulletin")
def bulletin(
    file: Annotated[Path, typer.Argument(help="The bulletin, UTF-8 text (NFC or NFD).")],
    year: Annotated[int, typer.Option(help="Year of the d/m dates in the text.")] = 2021,
    fmt: Annotated[str, typer.Option("--format", help="json or text.")] = "json",
) -> None:
    """Print what a bulletin says, its checks and any sentence with an unread figure."""
    if fmt not in ("json", "text"):
        raise typer.BadParameter("--format must be json or text")
    with failing_cleanly():
        from episurv.bulletins.parse import parse_bulletin

        result = parse_bulletin(_read(file), year=year)
    if fmt == "json":
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        typer.echo(as_text(result))


@app.command("score")
def score(
    directory: Annotated[Path, typer.Argument(help="Folder of NN-name.txt + NN-name.json.")]
    = DEFAULT_CORPUS,
) -> None:
    """Print per-field precision, recall and F1 of the parser over a corpus."""
    with failing_cleanly():
        if not directory.is_dir():
            raise InvalidInput(f"{directory} is not a folder")
        if not any(directory.glob("*.txt")):
            raise InvalidInput(f"{directory} holds no .txt bulletins")
        from episurv.bulletins.score import format_table, score_corpus

        table = format_table(score_corpus(directory))
    typer.echo(table)
