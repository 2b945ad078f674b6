"""Write N varied, fictional spread plans (answers files with check-in history) into a folder.

    python benchmarks/make_plans.py FOLDER [--count 500] [--seed 20] [--broken 1]

Each plan starts from the Northfield example and varies: its title and lead, how many sites
(1 to 12) and their phases, statuses, go-live dates and actuals, its phases' dates, its actions'
due dates and statuses, its risks' likelihood and impact, its aim, and 0 to 8 quarterly
check-ins. About ``--broken`` in a hundred files are broken on purpose: half with a YAML error,
half with a value that is not allowed. The same seed always writes the same files.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import random
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "northfield-fcp.answers.yml"

INNOVATIONS = [
    "first-contact physiotherapy",
    "assistant psychological practitioners",
    "clinical pharmacists in care homes",
    "paramedics in general practice",
    "nursing associates on wards",
    "physician associates in urgent care",
    "advanced clinical practitioners in frailty",
    "digital pathway coordinators",
]
PLACES = [
    "Northfield", "Aldbrook", "Brightwater", "Coldharbour", "Dunmere", "Eastleigh Vale",
    "Fernside", "Glenmoor", "Highcross", "Ivybridge Marsh", "Juniper Bay", "Kestrel Downs",
]  # fmt: skip
SITE_STATUSES = ["not-started", "preparing", "live", "live", "paused", "withdrawn"]
ACTION_STATUSES = ["not-started", "in-progress", "at-risk", "blocked", "done", "done"]
PHASE_NAMES = [
    ["Pilot", "Wave 1", "Wave 2"],
    ["Cohort 1", "Cohort 2"],
    ["Stage 1", "Stage 2", "Stage 3", "Stage 4"],
]


def _date(start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=days)


def make_plan(rng: random.Random, number: int, base: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(base)
    place = rng.choice(PLACES)
    innovation = rng.choice(INNOVATIONS)
    data["plan"]["title"] = f"{innovation.capitalize()} across {place} (plan {number})"
    data["plan"]["lead"] = f"Programme lead {number}, {place} workforce team"
    created = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(0, 365))
    data["plan"]["created"] = created
    answers = data["answers"]
    phases = rng.choice(PHASE_NAMES)
    length = rng.choice([90, 120, 180])
    answers["ready"]["phases"] = [
        {
            "name": name,
            "dates": {
                "start": _date(created, i * length),
                "end": _date(created, (i + 1) * length - 1),
            },
            "goal": f"{name} sites live",
        }
        for i, name in enumerate(phases)
    ]
    checkin_count = rng.randrange(0, 9)
    today = _date(created, 91 * checkin_count + rng.randrange(0, 60))
    data["plan"]["updated"] = today
    sites = []
    for s in range(rng.randrange(1, 13)):
        phase = rng.randrange(len(phases))
        planned = _date(created, phase * length + rng.randrange(0, length))
        if planned < today:  # most sites due to be live by now are
            status = "live" if rng.random() < 0.85 else rng.choice(SITE_STATUSES)
        else:
            status = rng.choice(["not-started", "preparing", "preparing"])
        live = status == "live"
        target = rng.randrange(1, 4)
        sites.append(
            {
                "name": f"{rng.choice(PLACES)} site {s + 1}",
                "kind": "pcn",
                "phase": phases[phase],
                "readiness_people": rng.choice(["red", "amber", "green"]),
                "readiness_context": rng.choice(["red", "amber", "green"]),
                "readiness_innovation": rng.choice(["red", "amber", "green"]),
                "golive_planned": planned,
                **({"golive_actual": _date(planned, rng.randrange(-10, 60))} if live else {}),
                "target": target,
                "actual": rng.randrange(0, target + 1) if live else 0,
                "status": status,
            }
        )
    answers["ready"]["sites"] = sites
    assumptions = data.get("assumptions") or {}
    for path in [p for p in assumptions if p.startswith("ready.sites[")]:  # the example's sites
        kept = path.replace(path[len("ready.sites[") : path.index("]")], sites[0]["name"], 1)
        assumptions[kept] = assumptions.pop(path)
    answers["analyse"]["aim_target"] = {"value": sum(s["target"] for s in sites), "unit": "posts"}
    actions = []
    for a in range(rng.randrange(0, 9)):
        due = _date(created, rng.randrange(0, 700))
        action: dict[str, Any] = {
            "task": f"Action {a + 1} of plan {number}",
            "owner": f"Owner {rng.randrange(1, 20)}",
            "phase": rng.choice(phases),
            "due": due,
            "status": "done"
            if due < today and rng.random() < 0.85
            else rng.choice(ACTION_STATUSES),
        }
        if rng.random() < 0.2:
            action["revised_due"] = _date(due, rng.randrange(30, 120))
        actions.append(action)
    answers["implement"]["actions"] = actions
    for risk in answers["implement"].get("risks") or []:
        risk["likelihood"] = rng.randrange(1, 6)
        risk["impact"] = rng.randrange(1, 6)
        risk["status"] = rng.choice(["open", "open", "closed"])
    checkins = []
    for c in range(checkin_count):
        on = _date(created, 91 * (c + 1))
        changes: dict[str, Any] = {}
        for site in rng.sample(sites, k=min(len(sites), rng.randrange(0, 3))):
            path = f"ready.sites[{site['name']}].actual"
            changes[path] = {"was": max(0, site["actual"] - 1), "now": site["actual"]}
        entry: dict[str, Any] = {"date": on, "note": f"Quarter {c + 1} review"}
        if changes:
            entry["changes"] = changes
        entry["readings"] = {"Wait for a first physiotherapy appointment": rng.randrange(7, 60)}
        checkins.append(entry)
    if checkins:
        data["checkins"] = checkins
    return data


def write_plans(folder: Path, count: int, seed: int = 20, broken_percent: int = 1) -> list[Path]:
    rng = random.Random(seed)
    base = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(1, count + 1):
        data = make_plan(rng, number, base)
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        broken = rng.random() < broken_percent / 100
        if broken and number % 2:
            text = text.replace("\n  title:", "\n title:", 1)  # a YAML error: a bad indent
        elif broken:
            text = text.replace("evidence_strength: local-data", "evidence_strength: anecdotl", 1)
        region = folder / f"region-{number % 5 + 1}"
        region.mkdir(exist_ok=True)
        path = region / f"plan-{number:04d}.answers.yml"
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--broken", type=int, default=1, help="broken files per hundred")
    args = parser.parse_args()
    paths = write_plans(args.folder, args.count, args.seed, args.broken)
    print(f"Wrote {len(paths)} plans to {args.folder}")


if __name__ == "__main__":
    main()
