"""Synthetic programmes and returns for benchmarks, deterministic given a seed.

    python bench/synth.py programme OUT_DIR --activities 1500 [--seed 1]
    python bench/synth.py returns SOURCE_DIR OUT_DIR --count 50 [--seed 1]

A programme has the sections of the real one (P1–P4, S1, A–F) and activities with realistic text
lengths, regies and planning texts drawn from the bundled Heiloo programme. Returns are workbooks
of that programme with random edits (statuses, quarters, explanations, names, dates), written by
the real writer, plus ``basis.xlsx``: the workbook as handed out, for ``merge --base``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from uvp_excel import contract  # noqa: E402
from uvp_excel.inputs import RowInput  # noqa: E402
from uvp_excel.resources import default_source_dir  # noqa: E402
from uvp_excel.source.loader import load_programme  # noqa: E402
from uvp_excel.source.planning import Quarter  # noqa: E402
from uvp_excel.workbook.writer import BuildSpec, write_workbook  # noqa: E402

WORDS = [
    "veiligheid", "gemeente", "aanpak", "overleg", "partners", "politie", "handhaving",
    "jongeren", "preventie", "signalering", "uitvoering", "organisatie", "samenwerking",
    "bewustwording", "toezicht", "wijken", "beleid", "evaluatie", "informatie", "crisis",
    "risico", "ondermijning", "zorg", "verkeer", "inwoners",
]


def _text(rng: random.Random, length: int) -> str:
    words = []
    while sum(len(word) + 1 for word in words) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words).capitalize() + "."


def synth_programme(target: Path, activities: int, seed: int = 1) -> Path:
    """Write a programme folder with ``activities`` activity rows; return its path."""
    rng = random.Random(seed)
    real = load_programme(default_source_dir())
    real_rows = [a for a in real.activities() if not a.is_reference]
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(default_source_dir(), target)
    sections = list(real.sections)
    per_section = [activities // len(sections)] * len(sections)
    for index in range(activities % len(sections)):
        per_section[index] += 1
    for section, count in zip(sections, per_section, strict=True):
        data = yaml.safe_load((default_source_dir() / section.file).read_text(encoding="utf-8"))
        rows = []
        for number in range(1, count + 1):
            model = rng.choice(real_rows)
            rows.append({
                "id": f"{section.key}-{number:05d}", "thema": model.thema, "item": model.item,
                "maatregel": _text(rng, len(model.maatregel)), "regie": list(model.regie),
                "stakeholders": list(model.stakeholders), "planning": model.planning_text,
            })
        data["activiteiten"] = rows
        (target / section.file).write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
            encoding="utf-8")
    return target


def random_input(rng: random.Random, quarters: list[Quarter]) -> RowInput:
    """One row as a colleague might fill it in."""
    status = rng.choice(contract.status_names())
    return RowInput(
        status=status, kwartaal=str(rng.choice(quarters)),
        toelichting=_text(rng, rng.randint(20, 200))
        if status in ("Vertraagd", "Vervallen") or rng.random() < 0.5 else "",
        ingevuld_door=rng.choice(["Anne", "Bram", "Chantal", "Dirk", "Els"]),
        bijgewerkt_op=date(2024, 7, 1) + timedelta(days=rng.randint(0, 80)))


def synth_returns(source: Path, target: Path, count: int, *, seed: int = 1,
                  share: float = 0.1, conflict_share: float = 0.01) -> Path:
    """Write ``count`` returns with random edits to about ``share`` of the rows, and basis.xlsx.

    About ``conflict_share`` of the edited rows get values that differ from other returns.
    """
    rng = random.Random(seed)
    programme = load_programme(source)
    quarters = contract.quarter_list(programme)
    target.mkdir(parents=True, exist_ok=True)
    ids = [a.id for a in programme.activities() if not a.is_reference]
    write_workbook(str(target / "basis.xlsx"), BuildSpec(programme, quarter=Quarter(2024, 3)))
    returns = target / "retouren"
    returns.mkdir(exist_ok=True)
    for number in range(count):
        edited = rng.sample(ids, max(1, int(len(ids) * share)))
        # Colleagues who report on the same row mostly agree (the row's own random values);
        # now and then one disagrees, which makes a conflict.
        inputs = {activity_id: random_input(
            rng if rng.random() < conflict_share else random.Random(f"{seed}:{activity_id}"),
            quarters) for activity_id in edited}
        # Typed into a workbook handed out empty, like basis.xlsx.
        write_workbook(str(returns / f"retour-{number:04d}.xlsx"),
                       BuildSpec(programme, quarter=Quarter(2024, 3), inputs=inputs,
                                 handed_out={}))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    programme = commands.add_parser("programme")
    programme.add_argument("out", type=Path)
    programme.add_argument("--activities", type=int, default=1500)
    programme.add_argument("--seed", type=int, default=1)
    returns = commands.add_parser("returns")
    returns.add_argument("source", type=Path)
    returns.add_argument("out", type=Path)
    returns.add_argument("--count", type=int, default=50)
    returns.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.command == "programme":
        print(synth_programme(args.out, args.activities, args.seed))
    else:
        print(synth_returns(args.source, args.out, args.count, seed=args.seed))


if __name__ == "__main__":
    main()
