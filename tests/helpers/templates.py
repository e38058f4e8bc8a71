"""Run a test with a changed copy of ``templates/``, as an organisation that configures its own."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from uvp_excel import contract, templates
from uvp_excel.resources import templates_dir
from uvp_excel.returns import reader
from uvp_excel.workbook import instructions

# Everything computed once from the templates: cleared when the templates change.
CACHED = (templates.message_templates, templates.workbook_layout, contract.columns,
          contract.default_statuses, instructions.instruction_texts, reader._needing_explanation)


def clear_template_caches() -> None:
    """Forget what was read from the templates, so the next call reads them again."""
    for function in CACHED:
        function.cache_clear()


@contextmanager
def copied_templates(tmp_path: Path, monkeypatch) -> Iterator[Path]:
    """Yield a writable copy of ``templates/`` that the tool reads until the block ends.

    Edit the files in the copy first; the caches are cleared on entry and on exit, so the change
    is seen inside the block and forgotten after it.
    """
    folder = tmp_path / "templates"
    shutil.copytree(templates_dir(), folder)
    clear_template_caches()
    with monkeypatch.context() as patch:
        patch.setattr(templates, "templates_dir", lambda: folder)
        try:
            yield folder
        finally:
            clear_template_caches()
    clear_template_caches()
