"""Files kg writes (exports, pages) appear whole or not at all.

Data goes to a temporary file in the target's folder, is flushed to disk, then renamed over the
target: a reader (a browser reloading, a web server, a user's script) sees the old file or the new
one, never half of one, and a process killed mid-write leaves the old file untouched. Each writer
gets its own temporary name, so two processes exporting to one path cannot mix their bytes.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> p = write_atomic(Path(tempfile.mkdtemp()) / "out" / "graph.nq", b"<a> <b> <c> .\\n")
>>> p.read_bytes()
b'<a> <b> <c> .\\n'
>>> sorted(x.name for x in p.parent.iterdir())    # no temporary file left behind
['graph.nq']
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kg.errors import OutputError

__all__ = ["write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` (``str`` as UTF-8) to ``path`` through a temporary file renamed into place.

    The folder is created when missing. The file is made readable by all (``0644``, as exports and
    pages are meant to be shared), not left with the private ``0600`` of a temporary file.

    Raises
    ------
    OutputError
        When the file cannot be written (no such folder and none can be made, no permission, disk
        full); no temporary file is left behind and an existing ``path`` is unchanged.
    """
    target = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(f"{target}: cannot write: {target.parent} (or a folder above it) is a file") from None
    except OSError as exc:
        raise OutputError(f"{target}: cannot create its folder: {exc.strerror or exc}") from None
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())  # else a power cut after the rename can leave an empty file
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
        raise
    return target
