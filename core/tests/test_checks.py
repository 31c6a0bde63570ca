"""`manage.py check` says plainly what is missing: the external programs (warnings) and
the data folder (an error) (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.checks import Error, Warning

from core import checks


def _ids(messages) -> list[str]:
    return [m.id for m in messages]


def test_nothing_is_reported_when_everything_is_there(settings, tmp_path, monkeypatch):
    monkeypatch.setattr(checks.shutil, "which", lambda name: f"/usr/bin/{name}")
    settings.DATA_DIR = tmp_path
    assert checks.external_programs() == []
    assert checks.data_folder() == []


@pytest.mark.parametrize(
    ("missing", "check_id", "name"),
    [
        ({"tesseract"}, "fidu.W001", "Tesseract"),
        ({"soffice", "libreoffice"}, "fidu.W002", "LibreOffice"),
        ({"chromium", "chromium-browser"}, "fidu.W003", "Chromium"),
    ],
)
def test_a_missing_program_is_a_clear_warning(monkeypatch, missing, check_id, name):
    monkeypatch.setattr(checks.shutil, "which", lambda b: None if b in missing else f"/usr/bin/{b}")
    found = checks.external_programs()
    assert _ids(found) == [check_id]
    assert isinstance(found[0], Warning)
    assert found[0].msg.startswith(f"{name} is not installed")
    assert "make system-packages" in found[0].hint


def test_libreoffice_under_its_other_name_is_enough(monkeypatch):
    monkeypatch.setattr(checks.shutil, "which", lambda b: None if b == "soffice" else "/x/" + b)
    assert checks.external_programs() == []


def test_a_missing_data_folder_is_an_error(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "gone"
    found = checks.data_folder()
    assert _ids(found) == ["fidu.E001"]
    assert isinstance(found[0], Error)
    assert "does not exist" in found[0].msg and "FIDU_DATA_DIR" in found[0].hint


def test_a_data_folder_that_is_a_file_is_an_error(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "file"
    settings.DATA_DIR.write_text("x")
    assert "is not a folder" in checks.data_folder()[0].msg


def test_a_read_only_data_folder_is_an_error(settings, tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    settings.DATA_DIR = folder
    real_probe = checks._probe_write

    def probe(path: Path) -> None:
        real_probe(path)
        if path == folder:  # root writes anywhere: answer as the read-only mount would
            raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(checks, "_probe_write", probe)
    try:
        found = checks.data_folder()
    finally:
        folder.chmod(0o700)
    assert _ids(found) == ["fidu.E002"]
    assert "is not writable (Permission denied)" in found[0].msg
    assert list(folder.iterdir()) == []  # the probe leaves nothing behind


def test_the_checks_run_with_manage_py_check(monkeypatch, settings, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.DATA_DIR = tmp_path / "gone"
    with pytest.raises(SystemCheckError, match=r"fidu\.E001"):
        call_command("check")
