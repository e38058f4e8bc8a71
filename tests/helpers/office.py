"""Run LibreOffice Calc headless, as a colleague without Excel would open and save a file."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


def libreoffice_convert(soffice: str, source: Path, out_dir: Path, target: str = "xlsx") -> Path:
    """Re-save ``source`` through LibreOffice as ``target`` (xlsx, pdf) in ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    # A fresh profile per run keeps parallel or leftover LibreOffice processes from blocking us.
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
             target, "--outdir", str(out_dir), str(source)],
            check=True, capture_output=True, timeout=180)
    result = out_dir / f"{source.stem}.{target.split(':', maxsplit=1)[0]}"
    assert result.exists(), f"LibreOffice schreef {result} niet"
    return result


def libreoffice_resave(soffice: str, sources: list[Path], out_dir: Path,
                       target: str = "xlsx") -> list[Path]:
    """Re-save several files through one LibreOffice run (one start-up of ~1.5 s for all)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
             target, "--outdir", str(out_dir), *map(str, sources)],
            check=True, capture_output=True, timeout=300)
    results = [out_dir / f"{source.stem}.{target.split(':', maxsplit=1)[0]}" for source in sources]
    missing = [str(result) for result in results if not result.exists()]
    assert not missing, f"LibreOffice schreef {', '.join(missing)} niet"
    return results
