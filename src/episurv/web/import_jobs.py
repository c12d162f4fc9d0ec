"""Line-list uploads being imported, as every worker process of the server sees them.

`episurv serve` runs several worker processes (one per core by default): the upload is taken by
one of them, the page that follows its progress every half second by any of them. A job held
in one process's memory was "no such import" to the others, half the polls with two workers.
Each job is a folder of its own under one folder of this machine's temporary files: the
uploaded file, the rejected rows and `job.json`, its state, written whole and renamed into
place so that a reader never sees half of it. (Workers on several machines share that folder,
or send an upload's polls to the machine that took it.)

A job's rejected rows are personal data (names, phones, addresses of the rows refused): its
folder is kept a day after its last change, long enough for the clerk to download them the next
morning, and removed when a later upload starts (`sweep`). A job still "running" a day after its
last progress was lost with its server.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from episurv.cases.import_process import ImportFailed

STATE = "job.json"
KEEP_SECONDS = 24 * 3600  # a job's folder after its last change (the page says so)


def _root() -> Path:
    # The user's own folder: on a shared machine another account cannot read or plant jobs.
    root = Path(tempfile.gettempdir()) / f"episurv-imports-{os.getuid()}"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def _folder(job_id: str) -> Path | None:
    """The job's folder; None for an id that is not one of ours (a job id is 32 hex digits)."""
    if len(job_id) != 32 or any(c not in "0123456789abcdef" for c in job_id):
        return None
    return _root() / job_id


def start(owner: str, file: str) -> tuple[str, Path]:
    """A new running job of `owner` for the upload named `file`: its id and its folder."""
    sweep()
    job_id = uuid.uuid4().hex
    folder = _root() / job_id
    folder.mkdir(mode=0o700)
    _write(folder, {"state": "running", "done": 0, "total": None, "owner": owner,
                    "file": file})
    return job_id, folder


def sweep(now: float | None = None) -> list[str]:
    """Remove the folders of jobs whose state last changed more than KEEP_SECONDS ago; the ids
    removed. Only folders named as jobs are touched."""
    now = time.time() if now is None else now
    removed = []
    for folder in _root().iterdir():
        if _folder(folder.name) is None:
            continue
        try:
            changed = _changed(folder)
        except FileNotFoundError:  # removed meanwhile by another worker's sweep
            continue
        if now - changed > KEEP_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


def _changed(folder: Path) -> float:
    """When the job last changed: its state's time, or its folder's before a state is written."""
    try:
        return (folder / STATE).stat().st_mtime
    except FileNotFoundError:
        return folder.stat().st_mtime


def update(job_id: str, **changes: Any) -> None:
    """Record what the job's thread learnt: progress, its result, or the error that ended it
    (an ImportFailed, kept as its template and values so each page says it in its language)."""
    folder = _folder(job_id)
    state = _read(folder)
    if "error" in changes:
        error: ImportFailed = changes.pop("error")
        changes["error"] = {"template": error.template or str(error), "code": error.code,
                            "params": error.params}
    state.update(changes)
    _write(folder, state)


def read(job_id: str) -> dict | None:
    """The job as its page shows it (its rejected rows' file as `rejects`, an error as the
    ImportFailed it was), or None when there is no such job."""
    folder = _folder(job_id)
    if folder is None or not (folder / STATE).is_file():
        return None
    job = _read(folder)
    job["rejects"] = folder / "rejected-rows.csv"
    if (error := job.get("error")) is not None:
        job["error"] = (ImportFailed(error["template"], code=error["code"], **error["params"])
                        if error["code"] else ImportFailed(error["template"]))
    return job


def _read(folder: Path) -> dict:
    return json.loads((folder / STATE).read_text(encoding="utf-8"))


def _write(folder: Path, state: dict) -> None:
    part = folder / f".{STATE}.{uuid.uuid4().hex}"
    part.write_text(json.dumps(state, default=str), encoding="utf-8")
    os.replace(part, folder / STATE)
