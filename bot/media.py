"""Evidence files on disk: stored once by SHA-256 under the media directory, written atomically."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

_SIGNATURES = ((b"\xff\xd8\xff", ".jpg"), (b"\x89PNG\r\n\x1a\n", ".png"), (b"RIFF", ".webp"))


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    path: str  # relative to the media directory
    size: int


def _suffix(content: bytes) -> str:
    return next((suffix for magic, suffix in _SIGNATURES if content.startswith(magic)), ".bin")


def store(media_dir: Path, content: bytes) -> StoredFile:
    """Keep `content` (idempotent: the same bytes map to the same file)."""
    digest = hashlib.sha256(content).hexdigest()
    relative = f"{digest[:2]}/{digest}{_suffix(content)}"
    target = media_dir / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    return StoredFile(digest, relative, len(content))
