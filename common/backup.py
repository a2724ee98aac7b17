"""Backup and restore (数据备份) of the database and the uploaded files, as one .tar.gz archive.

The archive holds ``manifest.json`` (engine, time, Django version, applied migrations), the database
(``database.dump`` made by ``pg_dump --format=custom`` for PostgreSQL, which reads one consistent
snapshot; ``database.sqlite3`` made with SQLite's online backup API for the embedded default) and the
files under ``MEDIA_ROOT`` as ``media/``. ``manage.py backup`` writes one, ``manage.py restore`` reads
it back.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import DomainError

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


def _engine(alias="default") -> str:
    engine = connections[alias].settings_dict["ENGINE"]
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite3" in engine:
        return "sqlite"
    raise DomainError(_("Backups support PostgreSQL and SQLite, not %(engine)s.") % {"engine": engine})


def _pg_command(program: str, settings_dict: dict) -> tuple[list[str], dict]:
    """The connection arguments of pg_dump/pg_restore, and an environment carrying the password."""
    args = [program, "--no-owner", "--no-privileges"]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    environment = {**os.environ}
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, environment


def _run(args: list[str], environment: dict) -> None:
    try:
        result = subprocess.run(args, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise DomainError(
            _("%(program)s was not found: install the PostgreSQL client programs.") % {"program": args[0]}
        ) from error
    if result.returncode != 0:
        raise DomainError(
            _("%(program)s failed: %(error)s") % {"program": args[0], "error": result.stderr.strip()[-2000:]}
        )


def migration_state(alias="default") -> list[str]:
    recorder = MigrationRecorder(connections[alias])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def backup_create(*, directory: Path, alias: str = "default") -> Path:
    """Write a backup archive into ``directory`` and return its path."""
    engine = _engine(alias)
    settings_dict = connections[alias].settings_dict
    now = timezone.now()
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    archive = directory / f"backup-{now.strftime('%Y%m%d-%H%M%S')}-{engine}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        if engine == "postgresql":
            database_file = work / "database.dump"
            args, environment = _pg_command("pg_dump", settings_dict)
            _run(
                [*args, "--format=custom", "--file", str(database_file), str(settings_dict["NAME"])],
                environment,
            )
        else:
            database_file = work / "database.sqlite3"
            connections[alias].ensure_connection()
            target = sqlite3.connect(database_file)
            try:
                connections[alias].connection.backup(target)
            finally:
                target.close()
        manifest = {
            "format": FORMAT_VERSION,
            "engine": engine,
            "created_at": now.isoformat(),
            "django_version": django.get_version(),
            "database_name": str(settings_dict["NAME"]),
            "database_file": database_file.name,
            "migrations": migration_state(alias),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / MANIFEST, arcname=MANIFEST)
            tar.add(database_file, arcname=database_file.name)
            media_root = Path(settings.MEDIA_ROOT)
            if media_root.is_dir():
                tar.add(media_root, arcname="media")
        partial.replace(archive)  # a half-written archive never carries the final name
    return archive


def backup_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            return json.loads(member.read())
    except (OSError, KeyError, tarfile.TarError, ValueError) as error:
        raise DomainError(
            _("%(archive)s is not a backup archive of this application.") % {"archive": archive}
        ) from error


def backup_restore(*, archive: Path, alias: str = "default") -> dict:
    """Replace the database and copy back the uploaded files from ``archive``; return its manifest.

    Refuses an archive of another database engine. Files under ``MEDIA_ROOT`` that the archive also
    holds are overwritten; others are left where they are.
    """
    archive = Path(archive)
    manifest = backup_manifest(archive)
    engine = _engine(alias)
    if manifest.get("engine") != engine:
        raise DomainError(
            _(
                "This archive holds a %(archive_engine)s database, but this installation uses %(engine)s: "
                "restore it into a %(archive_engine)s installation."
            )
            % {"archive_engine": manifest.get("engine"), "engine": engine}
        )
    connection = connections[alias]
    settings_dict = connection.settings_dict
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")  # refuses absolute paths, "..", devices and links out
        database_file = work / manifest["database_file"]
        connection.close()
        if engine == "postgresql":
            args, environment = _pg_command("pg_restore", settings_dict)
            _run(
                [
                    *args,
                    "--clean",
                    "--if-exists",
                    "--single-transaction",
                    "--dbname",
                    str(settings_dict["NAME"]),
                    str(database_file),
                ],
                environment,
            )
        else:
            source = sqlite3.connect(database_file)
            target = sqlite3.connect(settings_dict["NAME"])
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
        media = work / "media"
        if media.is_dir():
            shutil.copytree(media, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
    return manifest


def default_backup_dir() -> Path:
    return Path(getattr(settings, "BACKUP_DIR", settings.BASE_DIR / "backups"))


def age(manifest: dict) -> str:
    created = datetime.datetime.fromisoformat(manifest["created_at"])
    return timezone.localtime(created).strftime("%Y-%m-%d %H:%M:%S")
