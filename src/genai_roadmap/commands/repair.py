"""`genai state repair [--reset]`: make a damaged progress file usable again, keeping every copy."""

from __future__ import annotations

import os
from pathlib import Path

from genai_roadmap import clock, files, paths, state
from genai_roadmap.errors import StateError


def repair(reset: bool = False) -> str:
    """Make the state usable again, keeping every file it replaces. Returns what it did."""
    path, backup = paths.state_file(), paths.state_backup_file()
    with state.locked():
        try:
            state.read_state(path)
            return f"the progress file {path} is fine; nothing to repair"
        except state.StateTooNewError:
            if not reset:
                raise
            damage = "written by a newer genai-roadmap"
        except StateError as problem:
            damage = problem.message
        backup_ok = state.usable(backup)
        if not backup_ok and not reset:
            raise StateError(
                f"{damage.split(';')[0]}, and there is no usable backup",
                hint="move it aside and start fresh with: genai state repair --reset",
            )
        kept = _keep_aside(path)
        if backup_ok:
            files.write_atomic(path, backup.read_bytes())
            return f"restored {path} from the backup {backup}; the damaged file was kept as {kept}"
        files.write_atomic(path, state.serialise(state.empty_state()))
        return f"started a fresh progress file {path}; the damaged file was kept as {kept}"


def _keep_aside(path: Path) -> Path:
    """Keep the damaged file under a name no other repair can take, readable by its owner only."""
    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    for attempt in range(1000):
        kept = path.with_name(f"{path.name}.broken-{stamp}" + (f"-{attempt}" if attempt else ""))
        if path.is_dir():  # a directory where the file should be: move it aside whole
            if kept.exists():
                continue
            os.rename(path, kept)
            return kept
        try:
            fd = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as handle:
            handle.write(path.read_bytes())
        return kept
    raise StateError(f"cannot find a free name to keep {path} aside")
