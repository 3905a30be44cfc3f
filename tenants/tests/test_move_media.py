"""`manage.py move_media`: every media file copied between the local disk and an S3-compatible
bucket (moto's server over HTTP), checked by SHA-256, and finished by running it again after a kill."""

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command

from tenants.media_move import move_all, walk
from tests.services import ROOT

FILES = 120


@pytest.fixture
def local_media(tmp_path, settings):
    """A media folder as two shops would leave it: photos, an import waiting, an export."""
    settings.MEDIA_ROOT = tmp_path
    for shop in ("t_aaaaaaaaaa", "t_bbbbbbbbbb"):
        for n in range(FILES // 2 - 1):
            path = tmp_path / shop / "products" / f"p{n % 7}" / f"photo{n}.jpg"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(os.urandom(2000 + n))
    (tmp_path / "t_aaaaaaaaaa" / "imports").mkdir()
    (tmp_path / "t_aaaaaaaaaa" / "imports" / "waiting.csv").write_text("sku,title,price\nA,Dress,10\n")
    (tmp_path / "exports" / "t_bbbbbbbbbb").mkdir(parents=True)
    (tmp_path / "exports" / "t_bbbbbbbbbb" / "archive.zip").write_bytes(os.urandom(300_000))
    return tmp_path


def _local_checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def _bucket_checksums(s3_media) -> dict[str, str]:
    return {key: hashlib.sha256(s3_media.read(key)).hexdigest() for key in s3_media.keys()}


def test_move_media_to_s3_copies_every_file_with_identical_checksums(local_media, s3_media):
    call_command("move_media", "--to", "s3", stdout=open(os.devnull, "w"))
    assert _bucket_checksums(s3_media) == _local_checksums(local_media)
    assert len(s3_media.keys()) == FILES


def test_move_media_run_again_skips_what_is_already_there(local_media, s3_media):
    from django.core.files.storage import storages

    first = move_all(storages["local_media"], storages["s3_media"])
    second = move_all(storages["local_media"], storages["s3_media"])
    assert (first.copied, first.already_there) == (FILES, 0)
    assert (second.copied, second.already_there) == (0, FILES)


def test_move_media_replaces_a_copy_that_differs_at_the_target(local_media, s3_media):
    from django.core.files.storage import storages

    name = "exports/t_bbbbbbbbbb/archive.zip"
    s3_media.client.put_object(Bucket=s3_media.bucket, Key=name, Body=b"cut off")
    report = move_all(storages["local_media"], storages["s3_media"])
    assert report.replaced == [name]
    assert _bucket_checksums(s3_media) == _local_checksums(local_media)


def test_move_media_back_to_local_disk_restores_every_file(local_media, s3_media, tmp_path_factory, settings):
    from django.core.files.storage import storages

    move_all(storages["local_media"], storages["s3_media"])
    elsewhere = tmp_path_factory.mktemp("restored")
    move_all(storages["s3_media"], FileSystemStorage(location=elsewhere))
    assert _local_checksums(elsewhere) == _local_checksums(local_media)


def test_move_media_killed_midway_then_run_again_completes_with_identical_checksums(local_media, s3_media):
    env = {**os.environ, **s3_media.env, "MEDIA_ROOT": str(local_media), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "manage.py", "move_media", "--to", "s3", "--every", "1"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    for line in process.stdout:
        if line.startswith("30/"):
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert 30 <= len(s3_media.keys()) < FILES
    finished = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert "already there" in finished.stdout
    assert _bucket_checksums(s3_media) == _local_checksums(local_media)


def test_move_media_without_a_bucket_says_what_to_set(settings, local_media):
    from django.core.management.base import CommandError

    settings.STORAGES = {name: value for name, value in settings.STORAGES.items() if name != "s3_media"}
    with pytest.raises(CommandError, match="S3_BUCKET"):
        call_command("move_media", "--to", "s3")


def test_walk_lists_nested_files_in_a_stable_order(local_media):
    names = list(walk(FileSystemStorage(location=local_media)))
    assert len(names) == FILES and names == list(walk(FileSystemStorage(location=local_media)))
