"""`spreadkit checkin`: a dated update of a running programme, asked in a terminal or given as
options (`--no-input`, for CI and scripts), recorded in the answers file's history."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from spreadkit.answers import history, updates
from spreadkit.answers import readings as readings_data
from spreadkit.answers.checkins import Checkin
from spreadkit.answers.describe import change_lines
from spreadkit.answers.evidence_updates import typed_evidence
from spreadkit.answers.loading import read_answers
from spreadkit.answers.readings import Reading
from spreadkit.answers.store import ANSWERS_SUFFIXES, Answers, write_answers
from spreadkit.app import future_dates
from spreadkit.app.packref import require_pack
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError
from spreadkit.core.records import dataclass
from spreadkit.core.signals import Stopped, stop_signals_as_interrupts
from spreadkit.files import guard
from spreadkit.files.locking import Lock, locked
from spreadkit.framework import packs, roles, values
from spreadkit.framework.model import Framework
from spreadkit.framework.wording import display_date
from spreadkit.interview.ports import Prompter, questionary_prompter


@dataclass(frozen=True)
class CheckinOptions:
    answers_path: Path
    no_input: bool = False
    date: str | None = None  # --date YYYY-MM-DD; asked (today offered) when interactive
    sets: tuple[str, ...] = ()
    readings: tuple[str, ...] = ()
    note: str | None = None
    future: bool = False  # --future: a date after today is meant (app.future_dates)
    cites: tuple[str, ...] = ()  # --cite PATH=S1,S2 (answers.evidence_updates)
    assumes: tuple[str, ...] = ()  # --assume PATH[=NOTE]


class _Saver:
    """Writes the answers file after every change, under the lock."""

    def __init__(self, path: Path, framework: Framework, lock: Lock) -> None:
        self.path = path
        self.framework = framework
        self.lock = lock
        self.saves = 0

    def __call__(self, answers: Answers) -> None:
        self.lock.confirm()  # the folder may have been deleted since the lock was taken
        write_answers(self.path, answers, self.framework)
        self.saves += 1


def run_checkin(
    env: Environment,
    options: CheckinOptions,
    make_prompter: Callable[[], Prompter] | None = None,
    today: dt.date | None = None,
) -> ExitStatus:
    path = options.answers_path
    if options.no_input:
        return _checkin_without_questions(env, options)
    if options.sets or options.readings or options.note is not None or _marks(options):
        raise SpreadkitError(
            Problem(
                "--set, --reading, --note, --cite and --assume go with --no-input (and --date)"
            ),
            ExitStatus.USAGE,
        )
    on = updates.parse_checkin_date(options.date) if options.date else None
    _require_file(env, path)  # a typo is said first, not "no terminal" naming the typo
    if make_prompter is None and not env.interactive:
        raise SpreadkitError(
            Problem(
                "spreadkit checkin asks questions, and needs a terminal to do it. To record a "
                f"check-in without questions, run: {env.command} checkin {path} --no-input "
                "--date YYYY-MM-DD --set KEY=VALUE"
            ),
            ExitStatus.USAGE,
        )
    framework = packs.load(env.content)
    with locked(path) as lock, stop_signals_as_interrupts():
        answers = _read(env, framework, path)  # read only once the lock is held
        prompter = make_prompter() if make_prompter else questionary_prompter()
        saver = _Saver(path, framework, lock)
        return _interview(env, framework, answers, prompter, saver, on, today, options.future)


def _interview(
    env: Environment,
    framework: Framework,
    answers: Answers,
    prompter: Prompter,
    saver: _Saver,
    on: dt.date | None,
    today: dt.date | None,
    future: bool = False,
) -> ExitStatus:
    from spreadkit.interview.checkin_questions import CheckinSession
    from spreadkit.interview.drafts import Drafts, drafts_path
    from spreadkit.terminal import display

    display.heading(env, f"Check-in: {answers.details.get('title') or saver.path.name}")
    drafts = Drafts(drafts_path(saver.path))
    session: CheckinSession | None = None
    try:
        if on is None:
            on = _ask_date(prompter, answers, today or dt.date.today())
        while not future_dates.confirm_future(prompter, on, future):
            on = _ask_date(prompter, answers, today or dt.date.today())
        session = CheckinSession(framework, answers, prompter, env, saver, on, drafts=drafts)
        after = session.run()
    except KeyboardInterrupt as stop:
        with contextlib.suppress(OSError):  # the terminal may be gone (SIGHUP)
            kept = session.checkin if session is not None else None
            if kept is not None:
                display.message(
                    env,
                    f"\nStopped. The check-in of {display_date(kept.date)} is saved in "
                    f"{saver.path} with what you answered ({_counts(kept)}). Run "
                    f"{env.command} checkin --answers {saver.path} again on the same date "
                    "to carry on.",
                )
            else:
                display.message(env, f"\nStopped. Nothing was changed in {saver.path}.")
        return ExitStatus(stop.status) if isinstance(stop, Stopped) else ExitStatus.INTERRUPTED
    latest = history.latest_checkin(after)
    assert latest is not None
    _summary(env, framework, latest, str(saver.path))
    return ExitStatus.OK


def _ask_date(prompter: Prompter, answers: Answers, today: dt.date) -> dt.date:
    latest = history.latest_checkin(answers)

    def check(text: str) -> str | None:
        try:
            day = values.parse_date(text)
        except values.BadValue as exc:
            return f"{exc} {exc.hint}".strip().rstrip(".") + "."
        if latest is not None and day < latest.date:
            return f"The latest check-in is dated {display_date(latest.date)}: give a date on or after it."
        return None

    default = today if latest is None or today >= latest.date else latest.date
    text = prompter.text(
        "Date of this check-in",
        default=default.isoformat(),
        validate=check,
        instruction="(YYYY-MM-DD or DD/MM/YYYY)",
    )
    return values.parse_date(text)


def _checkin_without_questions(env: Environment, options: CheckinOptions) -> ExitStatus:
    """`checkin FILE --no-input --date D --set ... --reading ... --note ...`: never a prompt."""
    if _marks(options) and not (options.sets or options.readings or options.note is not None):
        return _marks_only(env, options)
    on = updates.parse_checkin_date(options.date)
    path = options.answers_path
    future_dates.refuse_future(on, options.future, "--date", "add --future")
    framework = packs.load(env.content)
    _require_file(env, path)
    with locked(path) as lock:
        answers = _read(env, framework, path)
        changes, readings = _typed(framework, answers, options, on)
        after = history.record(answers, on, changes, readings, options.note or "")
        marks = typed_evidence(framework, after, options.cites, options.assumes)
        after = marks.apply(after)
        _Saver(path, framework, lock)(after)
    latest = history.latest_checkin(after)
    assert latest is not None
    _summary(env, framework, latest, str(path), stderr=True)
    _mark_lines(env, marks.lines)
    _warn_live_with_none(env, framework, after, changes)
    return ExitStatus.OK


def _marks(options: CheckinOptions) -> bool:
    return bool(options.cites or options.assumes)


def _marks_only(env: Environment, options: CheckinOptions) -> ExitStatus:
    """Only --cite and --assume: saved beside the answers, with no check-in (nothing in the
    plan changed, so there is nothing to date)."""
    path = options.answers_path
    framework = packs.load(env.content)
    _require_file(env, path)
    with locked(path) as lock:
        answers = _read(env, framework, path)
        marks = typed_evidence(framework, answers, options.cites, options.assumes)
        _Saver(path, framework, lock)(marks.apply(answers))
    from spreadkit.terminal import display

    count = len(marks.lines)
    display.message(
        env,
        f"Saved {count} edit{'' if count == 1 else 's'} to sources and assumptions in {path} "
        "(no check-in: no answer changed).",
        stderr=True,
    )
    _mark_lines(env, marks.lines)
    return ExitStatus.OK


def _mark_lines(env: Environment, lines: tuple[str, ...]) -> None:
    from spreadkit.terminal import display

    for line in lines:
        display.message(env, f"  {line}", stderr=True)


def _warn_live_with_none(
    env: Environment, framework: Framework, answers: Answers, changes: dict[str, object]
) -> None:
    """A site set live whose count of what it has done is still none: said, with the fix
    (a --no-input check-in cannot ask for it). The sites are found by their role."""
    from spreadkit.terminal import display

    opening = "{}.{}[".format(*roles.ids(framework, "sites"))
    for key, value in changes.items():
        if value != "live" or not key.startswith(opening) or not key.endswith("].status"):
            continue
        site = key[: -len(".status")]
        if history.get_path(answers, f"{site}.actual") in (None, 0):
            display.message(
                env,
                f"warning: {site[len(opening) : -1]} is live with 0 so far: record its count "
                f"with --set '{site}.actual=N'",
                stderr=True,
            )


def _typed(
    framework: Framework, answers: Answers, options: CheckinOptions, on: dt.date
) -> tuple[dict[str, object], list[Reading]]:
    """The --set values and --reading numbers, typed; every mistake in either reported at once."""
    problems: list[Problem] = []
    changes: dict[str, object] = {}
    readings: list[Reading] = []
    try:
        changes = updates.typed_changes(framework, answers, options.sets)
    except SpreadkitError as exc:
        problems.extend(exc.problems)
    try:
        readings = updates.typed_readings(framework, answers, options.readings, on)
    except SpreadkitError as exc:
        problems.extend(exc.problems)
    if problems:
        raise SpreadkitError(problems)
    return changes, readings


def _summary(
    env: Environment, framework: Framework, checkin: Checkin, path: str, *, stderr: bool = False
) -> None:
    from spreadkit.terminal import display

    display.message(
        env,
        f"Recorded the check-in of {display_date(checkin.date)} in {path}: {_counts(checkin)}.",
        stderr=stderr,
    )
    lines = change_lines(framework, checkin.answer_changes())
    lines += [readings_data.line(r, checkin.date) for r in checkin.readings]
    for line in lines:
        display.message(env, f"  {line}", stderr=stderr)


def _counts(checkin: Checkin) -> str:
    counts = []
    if n := len(checkin.answer_changes()):
        counts.append(f"{n} change{'' if n == 1 else 's'}")
    if checkin.readings:
        counts.append(readings_data.count_readings(checkin.readings))
    if checkin.note:
        counts.append("a note")
    return ", ".join(counts) if counts else "reviewed, nothing changed"


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _require_file(env: Environment, path: Path) -> None:
    if not path.is_file():
        near = guard.near_miss(path, ANSWERS_SUFFIXES)  # a typo, not a plan still to make
        if near:
            raise SpreadkitError(Problem("no such answers file", str(path), hint=near))
        raise SpreadkitError(
            Problem(
                "no answers file here: a check-in updates a plan; make one first with "
                f"`{env.command} plan --answers {path}`",
                str(path),
            )
        )


def _read(env: Environment, framework: Framework, path: Path) -> Answers:
    from spreadkit.terminal import display

    answers = read_answers(path, framework)
    require_pack(framework, answers, str(path))
    if answers.warnings:
        display.warnings(env, [str(w) for w in answers.warnings])
    return answers
