"""The interview: walks a person through the plan details and each step, saving every answer.

It knows what to ask and in which order, and nothing of terminals: prompts go through a
``Prompter`` (questionary in real use, a script in tests) and output through ``display``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from spreadkit.answers.progress import field_is_asked, is_asked
from spreadkit.answers.store import DETAIL_PROMPTS, Answers
from spreadkit.core.environment import Environment
from spreadkit.framework import values
from spreadkit.framework.model import Field, Framework, Question, QuestionType, Section, Step
from spreadkit.framework.refs import ref_names
from spreadkit.interview import compound
from spreadkit.terminal import display

Validator = Callable[[str], str | None]
Save = Callable[[Answers], None]

SKIP = "__skip__"


class Prompter(Protocol):
    def text(
        self,
        message: str,
        *,
        default: str = "",
        validate: Validator | None = None,
        multiline: bool = False,
        instruction: str = "",
    ) -> str: ...

    def select(
        self, message: str, choices: Sequence[tuple[str, str]], *, default: str | None = None
    ) -> str: ...

    def checkbox(
        self, message: str, choices: Sequence[tuple[str, str]], *, checked: Sequence[str] = ()
    ) -> list[str]: ...

    def confirm(self, message: str, *, default: bool = True) -> bool: ...


class Interview:
    """One interview. ``answers`` always holds the latest answers, saved after each change."""

    def __init__(
        self,
        framework: Framework,
        answers: Answers,
        prompter: Prompter,
        env: Environment,
        save: Save,
    ) -> None:
        self.framework = framework
        self.answers = answers
        self.prompter = prompter
        self.env = env
        self._save = save

    # -- the whole walk -------------------------------------------------------------------

    def run(self, sections: Sequence[Section], *, details: bool, resume: bool = False) -> Answers:
        """Ask the plan details (when ``details``), then ``sections`` in order, then a last review.

        With ``resume``, the first section starts at its first unanswered question.
        """
        if details:
            self.ask_details()
        for index, section in enumerate(sections):
            self.ask_section(section, resume=resume and index == 0)
        self.final_review()
        return self.answers

    def ask_new(self) -> int:
        """Ask only the questions the team has never seen (new in the content); how many were asked."""
        asked = 0
        for section in self.framework.sections:
            new = [
                q
                for q in section.questions
                if not self.answers.seen(section.id, q.id) and is_asked(self.answers, section, q)
            ]
            if not new:
                continue
            display.heading(self.env, f"New in {section.label}")
            for question in new:
                self.ask_question(section, question)
                asked += 1
        return asked

    def missing_details(self) -> bool:
        return any(
            required and not self.answers.details.get(key)
            for key, (_, required) in DETAIL_PROMPTS.items()
        )

    def commit(self, answers: Answers) -> None:
        self.answers = answers
        self._save(answers)

    # -- plan details ---------------------------------------------------------------------

    def ask_details(self) -> None:
        display.heading(self.env, "About this plan")
        for key in DETAIL_PROMPTS:
            self.ask_detail(key)

    def ask_detail(self, key: str) -> None:
        prompt, required = DETAIL_PROMPTS[key]
        current = str(self.answers.details.get(key, "") or "")
        text = self.prompter.text(
            prompt, default=current, validate=_required_text if required else None
        )
        self.commit(self.answers.with_detail(key, text.strip()))

    # -- one section ----------------------------------------------------------------------

    def ask_section(self, section: Section, *, resume: bool = False) -> None:
        display.section_intro(self.env, section, self.framework)
        self.ask_questions(section, from_first_blank=resume)
        if isinstance(section, Step) and section.tools:
            display.section_tools(self.env, section, self.framework)
        self.review_section(section)
        self.commit(self.answers.with_completed(section.id))

    def ask_questions(self, section: Section, *, from_first_blank: bool = False) -> None:
        started = not from_first_blank
        for question in section.questions:
            if not is_asked(self.answers, section, question):
                continue
            started = started or values.is_blank(self.answers.get(section.id, question.id))
            if started:
                self.ask_question(section, question)

    def ask_question(self, section: Section, question: Question) -> None:
        visible = [q for q in section.questions if is_asked(self.answers, section, q)]
        display.progress(
            self.env, self._position(section), visible.index(question) + 1, len(visible)
        )
        if question.help:
            display.hint(self.env, question.help)
        current = self.answers.get(section.id, question.id)
        if question.type is QuestionType.GROUP:
            self._ask_group(section, question, list(current or []))
            return
        if question.type is QuestionType.RATINGS:
            self._ask_ratings(section, question, dict(current or {}))
            return
        value = self.ask_field(question, current)
        self.commit(self.answers.with_value(section.id, question.id, value))

    def _position(self, section: Section) -> str:
        if isinstance(section, Step):
            return f"Step {section.number} of {len(self.framework.steps)}"
        return section.title

    # -- one value, by type ---------------------------------------------------------------

    def ask_field(self, field: Field, current: Any) -> Any:
        """Ask for one value of ``field``; ``current`` (or the field's default) is offered first."""
        if values.is_blank(current):
            current = field.default
        kind = field.type
        message = field.prompt + ("" if field.required else " (optional)")
        if kind in (QuestionType.TEXT, QuestionType.MULTILINE):
            multiline = kind is QuestionType.MULTILINE
            text = self.prompter.text(
                message,
                default=str(current or ""),
                validate=_required_text if field.required else None,
                multiline=multiline,
            )
            return values.check(field, text)
        if kind is QuestionType.CHOICE:
            options = [(c.value, c.label) for c in field.choices]
            if not field.required:
                options.append((SKIP, "Skip for now"))
            picked = self.prompter.select(message, options, default=current)
            return None if picked == SKIP else picked
        if kind is QuestionType.MULTICHOICE:
            options = [(c.value, c.label) for c in field.choices]
            picked_many = self.prompter.checkbox(message, options, checked=current or ())
            return values.check(field, picked_many)
        if kind is QuestionType.YESNO:
            return self.prompter.confirm(
                field.prompt, default=bool(current) if current is not None else True
            )
        if kind is QuestionType.SCALE:
            options = [(str(p), _scale_option(field, p)) for p in range(1, 6)]
            if not field.required:
                options.append((SKIP, "Skip for now"))
            picked = self.prompter.select(
                message, options, default=str(current) if current else None
            )
            return None if picked == SKIP else int(picked)
        if kind in (QuestionType.NUMBER, QuestionType.DATE):
            hint = (
                "(a number)"
                if kind is QuestionType.NUMBER
                else "(a date: YYYY-MM-DD or DD/MM/YYYY)"
            )
            shown = values.display(field, current) if kind is QuestionType.NUMBER else _iso(current)
            text = self.prompter.text(
                message, default=shown, validate=_typed_validator(field), instruction=hint
            )
            return values.check(field, text)
        if kind in compound.KINDS:
            names = ref_names(self.framework, field, self.answers.values)
            return compound.ask(self.prompter, field, current, names)
        raise AssertionError(kind)  # pragma: no cover - groups are asked by _ask_group

    # -- repeating groups -----------------------------------------------------------------

    def _ask_group(
        self, section: Section, question: Question, records: list[dict[str, Any]]
    ) -> None:
        item = question.item_name
        display.message(self.env, question.prompt, style="bold")
        while True:
            display.records(self.env, question, records)
            actions = [("add", f"Add another {item}" if records else f"Add {_a(item)}")]
            if records:
                actions += [("edit", f"Change {_a(item)}"), ("remove", f"Remove {_a(item)}")]
            actions.append(("done", "Done" if records else "Skip for now"))
            action = self.prompter.select(
                f"{question.title}: what next?", actions, default="add" if not records else "done"
            )
            if action == "done":
                if not self.answers.seen(section.id, question.id):  # asked, left empty
                    self.commit(self.answers.with_value(section.id, question.id, None))
                self._show_assessments(section, question)  # e.g. the team against the roles
                return
            if action == "add":
                records.append(self._ask_record(question, {}))
            else:
                index = self._pick_record(question, records, action)
                if index is None:
                    continue
                if action == "edit":
                    records[index] = self._ask_record(question, records[index])
                elif self.prompter.confirm(
                    f"Remove “{_record_name(question, records[index])}”?", default=False
                ):
                    del records[index]
            self.commit(self.answers.with_value(section.id, question.id, list(records) or None))

    def _ask_ratings(
        self, section: Section, question: Question, ratings: dict[str, dict[str, Any]]
    ) -> None:
        """Each item: a score on the question's scale, then the note beside it; saved item by item."""
        display.message(self.env, question.prompt, style="bold")
        options = [
            (str(point), values.scale_text(question, point))
            for point in range(1, question.points + 1)
        ]
        options.append((SKIP, "Skip for now"))
        for item in question.items:
            if item.help:
                display.hint(self.env, item.help)
            previous = ratings.get(item.id, {})
            default = str(previous["score"]) if "score" in previous else None
            picked = self.prompter.select(f"{item.label}", options, default=default)
            entry: dict[str, Any] = {}
            if picked != SKIP:
                entry["score"] = int(picked)
            if question.note_prompt:
                note = self.prompter.text(
                    f"{item.label}: {question.note_prompt} (optional)",
                    default=previous.get("note", ""),
                )
                if note.strip():
                    entry["note"] = note.strip()
            if entry:
                ratings[item.id] = entry
            else:
                ratings.pop(item.id, None)
            value = values.check_ratings(
                question, {i.id: ratings[i.id] for i in question.items if i.id in ratings}
            )
            self.commit(self.answers.with_value(section.id, question.id, value))
        self._show_assessments(section, question)

    def _show_assessments(self, section: Section, question: Question) -> None:
        if not isinstance(section, Step):
            return
        wanted = {a.id for a in section.assessments if a.question == question.id}
        if not wanted:  # most questions feed no assessment: score nothing after them
            return
        from spreadkit.plan import scoring

        for result in scoring.assess(self.framework, self.answers):
            if result.id in wanted:
                display.assessment(self.env, result)

    def _ask_record(self, question: Question, record: dict[str, Any]) -> dict[str, Any]:
        updated: dict[str, Any] = {}
        for field in question.fields:
            if field.when and not field_is_asked(self.answers, field, {**record, **updated}):
                continue  # such as "which other role?", asked only for the role "other"
            value = self.ask_field(field, record.get(field.id))
            if not values.is_blank(value):
                updated[field.id] = value
        return updated

    def _pick_record(
        self, question: Question, records: list[dict[str, Any]], action: str
    ) -> int | None:
        options = [(str(i), _record_name(question, r)) for i, r in enumerate(records)]
        options.append(("back", "Go back"))
        verb = "change" if action == "edit" else "remove"
        picked = self.prompter.select(f"Which {question.item_name} do you want to {verb}?", options)
        return None if picked == "back" else int(picked)

    # -- going back -----------------------------------------------------------------------

    def review_section(self, section: Section) -> None:
        while True:
            display.section_summary(self.env, section, self.answers)
            following = self._next_label(section)
            choice = self.prompter.select(
                "Happy with these answers?",
                [
                    ("continue", f"Yes, continue{following}"),
                    ("change", "Change one answer"),
                    ("redo", "Go through this step again"),
                ],
                default="continue",
            )
            if choice == "continue":
                return
            if choice == "redo":
                self.ask_questions(section)
            else:
                self.change_one(section)

    def change_one(self, section: Section) -> None:
        asked = [q for q in section.questions if is_asked(self.answers, section, q)]
        options = [(q.id, f"{q.title}: {_short(self.answers, section, q)}") for q in asked] + [
            ("back", "Go back")
        ]
        picked = self.prompter.select("Which answer do you want to change?", options)
        question = section.question(picked)
        if question is not None:
            self.ask_question(section, question)

    def final_review(self) -> None:
        while True:
            display.overview(self.env, self.framework, self.answers)
            choice = self.prompter.select(
                "Ready to write the plan?",
                [
                    ("write", "Yes, write the plan"),
                    ("change", "Change an answer first"),
                    ("details", "Change the plan's title or details"),
                ],
                default="write",
            )
            if choice == "write":
                return
            if choice == "details":
                self.ask_details()
                continue
            options = [(s.id, s.label) for s in self.framework.sections] + [("back", "Go back")]
            picked = self.prompter.select("In which step?", options)
            section = self.framework.section(picked)
            if section is not None:
                self.change_one(section)

    def _next_label(self, section: Section) -> str:
        sections = self.framework.sections
        index = sections.index(section)
        return f" to {sections[index + 1].label}" if index + 1 < len(sections) else ""


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _required_text(text: str) -> str | None:
    return None if text.strip() else "An answer is needed here."


def _typed_validator(field: Field) -> Validator:
    def validate(text: str) -> str | None:
        if not text.strip():
            return "An answer is needed here." if field.required else None
        try:
            values.check(field, text)
        except values.BadValue as exc:
            return f"{exc} {exc.hint}".strip().rstrip(".") + "."
        return None

    return validate


def _scale_option(field: Field, point: int) -> str:
    label = field.scale_label(point)
    return f"{point} – {label}" if label else str(point)


def _iso(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value or "")


def _record_name(question: Question, record: dict[str, Any]) -> str:
    first = question.fields[0]
    return values.display(first, record.get(first.id)) or f"(unnamed {question.item_name})"


def _short(answers: Answers, section: Section, question: Question) -> str:
    value = answers.get(section.id, question.id)
    if values.is_blank(value):
        return "not answered"
    text = values.display(question, value).replace("\n", " ")
    return text if len(text) <= 50 else text[:49] + "…"
