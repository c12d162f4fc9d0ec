"""Line-list uploads being imported, as every worker process of the server sees them.

`episurv serve` runs several worker processes (one per core by default): the upload is taken by
one of them, the page that follows its progress every half second by any of them. A job held
in one process's memory was "no such import" to the others, half the polls with two workers.
Each job is a folder of its own under one folder of this machine's temporary files: the
uploaded file, the rejected rows and `job.json`, its state, written whole and renamed into
place so that a reader never sees half of it. (Workers on several machines share that folder,
or send an upload's polls to the machine that took it.)
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from pathlib import Path
from typing import Any

from episurv.cases.import_process import ImportFailed

STATE = "job.json"


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
    job_id = uuid.uuid4().hex
    folder = _root() / job_id
    folder.mkdir(mode=0o700)
    _write(folder, {"state": "running", "done": 0, "total": None, "owner": owner,
                    "file": file})
    return job_id, folder


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
