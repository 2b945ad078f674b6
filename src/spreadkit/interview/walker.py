"""The interview: walks a person through the plan details and each step, saving every answer.

It knows what to ask and in which order, and nothing of terminals: prompts go through a
``Prompter`` (questionary in real use, a script in tests) and output through ``display``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spreadkit.answers.progress import is_asked
from spreadkit.answers.store import DETAIL_PROMPTS, Answers
from spreadkit.core.environment import Environment
from spreadkit.framework import values
from spreadkit.framework.model import Field, Framework, Question, QuestionType, Section, Step
from spreadkit.framework.refs import ref_names
from spreadkit.interview import compound, evidence_questions, groups, plan_state, record_drafts
from spreadkit.interview.drafts import Drafts
from spreadkit.interview.groups import SKIP, scale_options
from spreadkit.interview.ports import Prompter, Save, Validator
from spreadkit.terminal import display


class Interview:
    """One interview. ``answers`` always holds the latest answers, saved after each change."""

    def __init__(
        self,
        framework: Framework,
        answers: Answers,
        prompter: Prompter,
        env: Environment,
        save: Save,
        *,
        drafts: Drafts | None = None,
        required_only: bool = False,
    ) -> None:
        self.framework = framework
        self.answers = answers
        self.prompter = prompter
        self.env = env
        self._save = save
        self.drafts = drafts or Drafts(None)
        self.required_only = required_only  # a first plan fast: only what the plan needs
        self._route: list[Section] = list(framework.sections)  # what this run goes through
        # The question being asked, whose ending (" ~", " [S1]") marks it: interview.evidence_questions
        self._marks_for: str | None = None
        self._marks = evidence_questions.Marks("")
        self._told_marks = False

    # -- the whole walk -------------------------------------------------------------------

    def run(self, sections: Sequence[Section], *, details: bool, resume: bool = False) -> Answers:
        """Ask the plan details (when ``details``), then ``sections`` in order, then a last review.

        With ``resume``, the first section starts at its first unanswered question.
        """
        self._route = list(sections)
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
        for number, key in enumerate(DETAIL_PROMPTS, start=1):
            display.progress(self.env, "About this plan", number, len(DETAIL_PROMPTS))
            self.ask_detail(key)

    def ask_detail(self, key: str) -> None:
        prompt, required = DETAIL_PROMPTS[key]
        current = str(self.answers.details.get(key, "") or "")
        text = self.text_answer(
            f"plan.{key}", prompt, current, validate=_required_text if required else None
        )
        self.commit(self.answers.with_detail(key, text.strip()))

    # -- one section ----------------------------------------------------------------------

    def ask_section(self, section: Section, *, resume: bool = False) -> None:
        seen = section.id in self.answers.completed or any(
            self.answers.seen(section.id, q.id) for q in section.questions
        )
        display.section_intro(self.env, section, self.framework, tips_folded=seen)
        if not self._told_marks:
            display.hint(self.env, f"While answering: {evidence_questions.HOW}.")
            self._told_marks = True
        if isinstance(section, Step) and section.tips:
            step = section
            self.prompter.tips = lambda: display.tips(self.env, step)
        else:
            self.prompter.tips = None
        self.ask_questions(section, from_first_blank=resume)
        if isinstance(section, Step) and section.tools:
            display.section_tools(self.env, section, self.framework)
        self.review_section(section)
        if not self.required_only:  # the questions left are offered on the next run
            self.commit(self.answers.with_completed(section.id))

    def ask_questions(self, section: Section, *, from_first_blank: bool = False) -> None:
        started = not from_first_blank
        for question in section.questions:
            if not is_asked(self.answers, section, question):
                continue
            if self.required_only and not question.required:
                continue
            started = started or record_drafts.unfinished(self, section, question)
            if started:
                self.ask_question(section, question)

    def ask_question(self, section: Section, question: Question) -> None:
        number, total, follow_up = self._count(section, question)
        display.progress(self.env, self._position(section), number, total, follow_up=follow_up)
        if question.help:
            display.hint(self.env, question.help)
        current = self.answers.get(section.id, question.id)
        if question.type is QuestionType.GROUP:
            groups.ask_group(self, section, question, list(current or []))
            return
        if question.type is QuestionType.RATINGS:
            groups.ask_ratings(self, section, question, dict(current or {}))
            return
        path = f"{section.id}.{question.id}"
        self._marks_for, self._marks = path, evidence_questions.Marks("")
        try:
            value = self.ask_field(question, current, key=path)
        finally:
            self._marks_for = None
        if self._marks.assumed or self._marks.cited:
            self.commit(
                evidence_questions.apply_marks(
                    self.answers.with_value(section.id, question.id, value), path, self._marks
                )
            )
            return
        # Left blank again: the file changes only to note that a new question was seen
        # (`--only-new` asks the unseen ones); a finished step's file stays as it was.
        unchanged = values.is_blank(value) and values.is_blank(current)
        if unchanged and (
            self.answers.seen(section.id, question.id) or section.id in self.answers.completed
        ):
            return
        self.commit(self.answers.with_value(section.id, question.id, value))

    def _count(self, section: Section, question: Question) -> tuple[int, int, bool]:
        """``question i of n`` that never jumps: follow-up questions (asked only when an earlier
        answer calls for them) share the number of the question before them and are not counted."""
        counted = [
            q
            for q in section.questions
            if q.when is None and (q.required or not self.required_only)
        ]
        number = 0
        for candidate in section.questions:
            if candidate in counted:
                number += 1
            if candidate is question:
                break
        return max(number, 1), len(counted), question not in counted

    def text_answer(
        self,
        key: str,
        message: str,
        current: str,
        *,
        validate: Validator | None = None,
        multiline: bool = False,
        instruction: str = "",
    ) -> str:
        """A text prompt that keeps a half-typed answer as a draft when the interview stops."""
        draft = self.drafts.get(key)
        if draft is not None:
            display.hint(self.env, "Your unfinished answer from last time is filled in.")
        try:
            text = self.prompter.text(
                message,
                default=current if draft is None else draft,
                validate=validate,
                multiline=multiline,
                instruction=instruction,
            )
        except KeyboardInterrupt as stop:
            typed = getattr(stop, "typed", None)
            if isinstance(typed, str):
                self.drafts.keep(key, typed)
            raise
        self.drafts.drop(key)
        return text

    def _position(self, section: Section) -> str:
        if isinstance(section, Step):
            return f"Step {section.number} of {len(self.framework.steps)}"
        return section.title

    # -- one value, by type ---------------------------------------------------------------

    def ask_field(self, field: Field, current: Any, *, key: str = "") -> Any:
        """Ask for one value of ``field``; ``current`` (or the field's default) is offered first.

        Enter alone never changes an answer: with nothing to offer, a choice that can be
        skipped starts on "Skip for now". ``key`` names the draft kept if the interview stops.
        """
        if values.is_blank(current):
            current = field.default
        key = key or field.id
        kind = field.type
        message = field.prompt + ("" if field.required else " (optional)")
        if kind in (QuestionType.TEXT, QuestionType.MULTILINE):
            multiline = kind is QuestionType.MULTILINE
            text = self.text_answer(
                key,
                message,
                str(current or ""),
                validate=self._unmarked(_required_text if field.required else None),
                multiline=multiline,
            )
            return values.check(field, self._take_marks(text))
        if kind is QuestionType.CHOICE:
            options = [(c.value, c.label) for c in field.choices]
            if not field.required:
                options.append((SKIP, "Skip for now"))
            start = current if current in field.choice_values or field.required else SKIP
            picked = self.prompter.select(message, options, default=start)
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
            options, keys = scale_options(field, 5, skip=not field.required)
            picked = self.prompter.select(
                message,
                options,
                default=str(current) if current else (None if field.required else SKIP),
                keys=keys,
            )
            return None if picked == SKIP else int(picked)
        if kind in (QuestionType.NUMBER, QuestionType.DATE):
            hint = (
                "(a number)"
                if kind is QuestionType.NUMBER
                else "(a date: YYYY-MM-DD or DD/MM/YYYY)"
            )
            shown = values.display(field, current) if kind is QuestionType.NUMBER else _iso(current)
            text = self.text_answer(
                key,
                message,
                shown,
                validate=self._unmarked(_typed_validator(field)),
                instruction=hint,
            )
            return values.check(field, self._take_marks(text))
        if kind in compound.KINDS:
            names = ref_names(self.framework, field, self.answers.values)
            return compound.ask(
                self.prompter, field, current, names, self._take_marks, self._unmarked
            )
        raise AssertionError(kind)  # pragma: no cover - groups are asked by _ask_group

    def _take_marks(self, text: str) -> str:
        """``text`` without an ending that marks it as assumed or cites a source; what it said is
        kept for the question being asked (never for a field of a record:
        see interview.evidence_questions)."""
        if self._marks_for is None:
            return text
        self._marks = evidence_questions.split_marks(text, [s.id for s in self.answers.sources])
        return self._marks.text

    def _unmarked(self, validate: Validator | None) -> Validator | None:
        if self._marks_for is None:
            return validate
        return evidence_questions.checking_citations(validate, [s.id for s in self.answers.sources])

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
                    ("sources", "Sources and assumptions…"),
                ],
                default="continue",
            )
            if choice == "continue":
                return
            if choice == "sources":
                evidence_questions.review(self, section)
            elif choice == "redo":
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
                "Ready to write the plan?", plan_state.review_choices(self.answers), default="write"
            )
            if choice == "write":
                return
            if choice == "state":
                plan_state.ask(self)
                continue
            if choice == "details":
                self.ask_details()
                continue
            options = [(s.id, s.label) for s in self.framework.sections] + [("back", "Go back")]
            picked = self.prompter.select("In which step?", options)
            section = self.framework.section(picked)
            if section is not None:
                self.change_one(section)

    def _next_label(self, section: Section) -> str:
        """Where "continue" goes in this run: the next chosen section, else the last review."""
        route = self._route
        index = route.index(section) if section in route else len(route)
        return f" to {route[index + 1].label}" if index + 1 < len(route) else " to the final review"


def _required_text(text: str) -> str | None:
    return None if text.strip() else "An answer is needed here."


def _typed_validator(field: Field) -> Validator:
    def validate(text: str) -> str | None:
        if not text.strip():
            return "An answer is needed here." if field.required else None
        try:
            values.check(field, text)
        except values.BadValue as exc:
            return values.problem_sentence(exc)
        return None

    return validate


def _iso(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value or "")


def _short(answers: Answers, section: Section, question: Question) -> str:
    value = answers.get(section.id, question.id)
    if values.is_blank(value):
        return "not answered"
    text = values.display(question, value).replace("\n", " ")
    return text if len(text) <= 50 else text[:49] + "…"
