"""Evidence files on disk: stored once by SHA-256 under the media directory, written atomically; and read back
ready to print (turned upright, downscaled, JPEG) for a document's annex."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePath

# A photo printed in a document: 1600 px on its long side prints sharp at 16 cm wide (about 250 dpi), and a
# phone's 4000 px photo shrinks to a tenth of its bytes (docs/decisions/0062).
PRINT_LONG_SIDE = 1600
PRINT_QUALITY = 80

_SIGNATURES = ((b"\xff\xd8\xff", ".jpg"), (b"\x89PNG\r\n\x1a\n", ".png"), (b"RIFF", ".webp"))


# Files a person may send (a bank statement exported from internet banking), by their name's ending: Excel,
# also in the old format several banks still export (docs/decisions/0089), or CSV.
FILE_SUFFIXES = (".xlsx", ".xls", ".csv")


def file_suffix(name: str) -> str:
    """The ending of a sent file's name, lower case (".xlsx"); "" when it has none."""
    return PurePath(name).suffix.lower()


def file_refusal(name: str, size: int | None, limit: int) -> str | None:
    """Why a file a person sent is not kept: "kind" (not a file the bot reads), "too_large" (over `limit`
    bytes); None when it is kept."""
    if file_suffix(name) not in FILE_SUFFIXES:
        return "kind"
    if size is not None and size > limit:
        return "too_large"
    return None


# Pictures a person may send as a file (“send as file” keeps a screenshot sharp): kept as photos.
PICTURE_TYPES = ("image/jpeg", "image/png", "image/webp")


def is_picture(content: bytes) -> bool:
    """Whether `content` starts as a JPEG, PNG or WebP picture does (what a messenger shows as a photo)."""
    return _suffix(content) != ".bin"


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    path: str  # relative to the media directory
    size: int


def _suffix(content: bytes) -> str:
    return next((suffix for magic, suffix in _SIGNATURES if content.startswith(magic)), ".bin")


def store(media_dir: Path, content: bytes, suffix: str | None = None) -> StoredFile:
    """Keep `content` (idempotent: the same bytes map to the same file), named by its checksum and ending in
    `suffix` (a sent file's own ending, ".xlsx"), else in what its first bytes say it is."""
    digest = hashlib.sha256(content).hexdigest()
    relative = f"{digest[:2]}/{digest}{suffix or _suffix(content)}"
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


@dataclass(frozen=True)
class Printable:
    """A stored photo made ready to print: JPEG bytes and their size in pixels."""

    jpeg: bytes
    width: int
    height: int


def printable(media_dir: Path, relative: str) -> Printable | None:
    """The stored photo `relative` as a JPEG to print: turned as the phone held it (EXIF), at most
    PRINT_LONG_SIDE pixels on its long side, transparency on white (a PNG screenshot, a WebP receipt). None
    when the file is missing, outside the media directory, or not a picture Pillow can read."""
    from PIL import Image, ImageOps

    root = media_dir.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        return None
    try:
        with Image.open(target) as opened:
            image = ImageOps.exif_transpose(opened)
            image.thumbnail((PRINT_LONG_SIDE, PRINT_LONG_SIDE))
            if image.mode != "RGB":
                flat = Image.new("RGB", image.size, "white")
                flat.paste(image, mask=image.convert("RGBA").getchannel("A"))
                image = flat
            out = io.BytesIO()
            image.save(out, "JPEG", quality=PRINT_QUALITY, optimize=True)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None  # truncated, not an image, or a "picture" of absurd size
    return Printable(out.getvalue(), *image.size)
