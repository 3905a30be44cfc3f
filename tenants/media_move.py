"""Copy every media file from one storage backend to the other (`manage.py move_media`).

For an operator switching MEDIA_STORAGE between the local disk and an S3-compatible bucket. A file
already at the target with the same SHA-256 is skipped, so a run that was stopped is simply run
again; a target file that differs (a copy cut off midway) is replaced. Every copy is read back and
compared before it counts. The source is never changed.
"""

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.core.files import File
from django.core.files.storage import Storage

CHUNK = 1024 * 1024


class MoveFailed(Exception):
    pass


@dataclass
class MoveReport:
    copied: int = 0
    already_there: int = 0
    total: int = 0
    bytes_copied: int = 0
    replaced: list[str] = field(default_factory=list)


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name under `folder`, depth first, in a stable order."""
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from walk(storage, f"{folder}/{sub}" if folder else sub)


def checksum(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def move_all(source: Storage, target: Storage, progress: Callable[[MoveReport], None] | None = None) -> MoveReport:
    names = list(walk(source))
    report = MoveReport(total=len(names))
    for name in names:
        wanted = checksum(source, name)
        if target.exists(name):
            if checksum(target, name) == wanted:
                report.already_there += 1
                _tell(progress, report)
                continue
            target.delete(name)
            report.replaced.append(name)
        with source.open(name, "rb") as handle:
            saved = target.save(name, File(handle, name=name))
        if saved != name:
            raise MoveFailed(f"{name} was stored as {saved} at the target.")
        if checksum(target, name) != wanted:
            raise MoveFailed(f"{name} differs at the target after the copy.")
        report.copied += 1
        report.bytes_copied += source.size(name)
        _tell(progress, report)
    return report


def _tell(progress, report: MoveReport) -> None:
    if progress is not None:
        progress(report)
