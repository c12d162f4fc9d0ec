"""`episurv parse ...`: read bulletin files, or score the reader on a corpus folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from episurv.cli.support import as_iso_day, failing_cleanly
from episurv.errors import InvalidInput

app = typer.Typer(help="Read published COVID-19 bulletins into structured data.",
                  no_args_is_help=True)
# The project's own corpus, found from the package wherever the command runs.
DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "tests" / "bulletins" / "corpus"

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
    files: Annotated[list[Path], typer.Argument(help="Bulletins, UTF-8 text (NFC or NFD).")],
    date: Annotated[str | None, typer.Option(
        callback=as_iso_day,
        help="Publication date (YYYY-MM-DD or D/M/YYYY), for a text that does not state its own."
    )] = None,
    year: Annotated[int, typer.Option(help="Year of the d/m dates in the text.")] = 2021,
    fmt: Annotated[str, typer.Option("--format", help="json, jsonl or text.")] = "json",
) -> None:
    """Print what each bulletin says, its checks and any sentence with an unread figure."""
    if fmt not in ("json", "jsonl", "text"):
        raise typer.BadParameter("--format must be json, jsonl or text")
    with failing_cleanly():
        from episurv.bulletins.parse import parse_bulletin

        texts = [(f, _read(f)) for f in files]  # every file readable before any output
        for path, text in texts:
            result = parse_bulletin(text, year=year, date=date)
            if fmt == "jsonl":
                typer.echo(json.dumps({"file": str(path), **result}, ensure_ascii=False))
            elif fmt == "json":
                typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
            else:
                typer.echo(as_text(result) if len(texts) == 1 else f"== {path}\n{as_text(result)}")


@app.command("score")
def score(
    directory: Annotated[Path, typer.Argument(
        help="Folder of NN-name.txt + NN-name.json (the corpus) or NAME.txt + NAME.gold.json.")]
    = DEFAULT_CORPUS,
) -> None:
    """Print per-field precision, recall and F1 of the reader over a folder of texts."""
    with failing_cleanly():
        if not directory.is_dir():
            raise InvalidInput(f"{directory} is not a folder")
        if not any(directory.glob("*.txt")):
            raise InvalidInput(f"{directory} holds no .txt bulletins")
        from episurv.bulletins.gold import format_gold_table, is_gold_dir, score_gold
        from episurv.bulletins.score import format_table, score_corpus

        if is_gold_dir(directory):
            table = format_gold_table(score_gold(directory))
        else:
            table = format_table(score_corpus(directory))
    typer.echo(table)
