"""Run: SPREADKIT_CACHE= python benchmarks/interview_keys.py [--required-only] [--example=FILE]
[--one-by-one: the keys of the interview before issue 29, each field of a record asked in turn]

A real full run: the example plan typed into the real interview (questionary through a pipe),
counting every key. The saved answers must equal the example's."""
import io, sys, tempfile
from pathlib import Path
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from spreadkit.framework import packs
from spreadkit.answers.loading import read_answers
from spreadkit.answers.progress import is_asked, field_is_asked
from spreadkit.framework.refs import ref_names
from spreadkit.app.planning import PlanOptions, run_plan
from spreadkit.core.environment import Environment
from spreadkit.core.formats import PlanFormat
from spreadkit.framework.model import QuestionType as T
from spreadkit.interview.prompter import QuestionaryPrompter

REQUIRED_ONLY = "--required-only" in sys.argv
EXAMPLE = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--example=")), "examples/south-west-app.answers.yml")
BEFORE = "--before" in sys.argv
ONE_BY_ONE = "--one-by-one" in sys.argv  # the interview before issue 29 (run it on that code)
IMPORT_AFTER_DONE = not ONE_BY_ONE  # the keys of the interview before issue 14 (run it on that code)
fw = packs.load(None)
ex = read_answers(Path(EXAMPLE), fw)
keys: list[str] = []  # one entry per key pressed
text: list[str] = []  # the characters of answers among them (not new lines)
DOWN, UP = "\x1b[B", "\x1b[A"

def typed(answer, multiline=False):
    for ch in answer:
        keys.append("\r" if BEFORE and multiline and ch == "\n" else ch)
        if ch != "\n":
            text.append(ch)

def move(start, target, n):
    d = (target - start) % n
    keys.extend([DOWN] * d if d <= n - d else [UP] * (n - d))

def field(f, value):
    blank = value is None or value == "" or value == []
    k = f.type
    if k in (T.TEXT, T.NUMBER, T.DATE, T.MULTILINE):
        s = "" if blank else (value.isoformat() if hasattr(value, "isoformat") else str(value))
        typed(s.strip(), k is T.MULTILINE)
        if BEFORE and k is T.MULTILINE:
            keys.append("\x1b")  # Esc, then Enter
        keys.append("\r"); return
    if k is T.CHOICE:
        vals = list(f.choice_values) + ([] if f.required else ["__skip__"])
        start = vals.index(f.default) if f.default is not None else (0 if f.required or BEFORE else len(vals) - 1)
        move(start, vals.index("__skip__" if blank else value), len(vals)); keys.append("\r"); return
    if k is T.SCALE:
        if BEFORE:
            move(0, 5 if blank else value - 1, 6); keys.append("\r"); return
        keys.extend(["\r"] if blank else [str(value), "\r"]); return
    if k is T.MULTICHOICE:
        vals = list(f.choice_values); pos = 0
        for v in value or []:
            i = vals.index(v); move(pos, i, len(vals)); keys.append(" "); pos = i
        keys.append("\r"); return
    if k is T.YESNO:
        keys.append("y" if value else "n"); return
    if k is T.MONEY:
        typed("" if blank else f"{value:g}"); keys.append("\r"); return
    if k is T.DATERANGE:
        for part in ("start", "end"):
            v = None if blank else value.get(part)
            typed(v.isoformat() if v else ""); keys.append("\r")
        return
    if k is T.QUANTITY:
        typed("" if blank else f"{value['value']:g}"); keys.append("\r")
        if blank:
            return
        units = list(f.units)
        if value.get("unit") in units:
            move(0, units.index(value["unit"]), len(units) + 1); keys.append("\r")
        else:
            move(0, len(units), len(units) + 1); keys.append("\r")
            typed(value.get("unit") or ""); keys.append("\r")
        return
    if k is T.REF:
        names = list(ref_names(fw, f, ex.values))
        vals = names + ([] if f.required and names else ["__skip__"])
        move(0, vals.index("__skip__" if blank else value), len(vals)); keys.append("\r"); return
    raise AssertionError(k)

def shown(f, v):
    """A quick field's part of the line, as a person types it."""
    if v is None or v == "":
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def line(q, quick, rec):
    """A record the issue-29 way: its quick fields on one line, the other required fields,
    then "More details?" (y only when an optional field has a value) and those fields."""
    by_id = {f.id: f for f in q.fields}
    parts = [shown(by_id[i], rec.get(i)) for i in quick]
    while parts and not parts[-1]:
        parts.pop()
    sep = "; " if any("," in p for p in parts) else ", "
    for n, part in enumerate(parts):
        if n:
            keys.extend(sep)  # the separators are keys pressed, not answers
        typed(part)
    keys.append("\r")
    rest = [f for f in q.fields if f.id not in quick]
    needed = [f for f in rest if f.required]
    for f in needed:
        field(f, rec.get(f.id))
    optional = [f for f in rest if not f.required and (not f.when or field_is_asked(ex, f, rec))]
    if optional:
        wanted = any(rec.get(f.id) not in (None, "", []) and rec.get(f.id) != f.default for f in optional)
        keys.append("y" if wanted else "n")
        if wanted:
            form(optional, rec, {f.id: f.default for f in rest if f.default is not None})


def form(fields, rec, offered):
    """A record on one screen: each line typed (Ctrl-U first to clear a different offered
    value), Enter to the next, the last Enter saves; then the fields a line cannot hold."""
    from spreadkit.interview.record_form import on_a_line

    lines = [f for f in fields if on_a_line(f)]
    if len(lines) < 2:
        lines = []
    for f in lines:
        want = shown(f, rec.get(f.id))
        had = shown(f, offered.get(f.id))
        if want != had:
            if had:
                keys.append("\x15")  # Ctrl-U clears the line
            typed(want)
        keys.append("\r")
    for f in fields:
        if f not in lines and (not f.when or field_is_asked(ex, f, rec)):
            field(f, rec.get(f.id))


if not BEFORE:
    keys.append(DOWN if REQUIRED_ONLY else "\r")  # how to go through it
if REQUIRED_ONLY:
    keys.append("\r")
for key in ("title", "innovation", "organisation", "lead"):
    typed(str(ex.details[key])); keys.append("\r")
for section in fw.sections:
    for q in section.questions:
        if not is_asked(ex, section, q) or (REQUIRED_ONLY and not q.required):
            continue
        value = ex.get(section.id, q.id)
        if q.type is T.RATINGS:
            for item in q.items:
                r = (value or {}).get(item.id, {})
                if BEFORE:
                    move(0, r["score"] - 1 if "score" in r else q.points, q.points + 1)
                    keys.append("\r"); typed(r.get("note", "")); keys.append("\r")
                elif "score" in r:
                    keys.extend([str(r["score"]), "\r"])
                    typed(r.get("note", "")); keys.append("\r")
                else:
                    keys.append("\r")
            continue
        if q.type is T.GROUP:
            quick = list(getattr(q, "quick", ())) if not ONE_BY_ONE else []
            for i, rec in enumerate(value or []):
                if not (BEFORE and i == 0):
                    # "Add": Up from "Done" when there is none; with records, Down goes round
                    # past "Import…" (after "Done", since issue 29) to "Add"
                    keys.extend([UP] if i == 0 else [DOWN] * (2 if IMPORT_AFTER_DONE else 1))
                keys.append("\r")
                if quick:
                    line(q, quick, rec)
                    continue
                if not ONE_BY_ONE:
                    form(list(q.fields), rec, {})
                    continue
                for f in q.fields:
                    if f.when and not field_is_asked(ex, f, rec):
                        continue
                    field(f, rec.get(f.id))
            if BEFORE and not value:
                keys.append(DOWN)  # from "Add" to "Skip for now"
            keys.append("\r")
            continue
        field(q, value)
    keys.append("\r")  # happy with these answers
keys.append("\r")  # write the plan

folder = Path(tempfile.mkdtemp())
path = folder / "sw.answers.yml"
env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), stdin_isatty=True, stdout_isatty=True, variables={"NO_COLOR": "1"})
class Counted(QuestionaryPrompter):
    prompts = 0
    seen = []
    def _run(self, question, *extra):
        Counted.prompts += 1
        return super()._run(question, *extra)
    def form(self, message, fields):
        Counted.prompts += 1
        Counted.seen.append(message)
        return super().form(message, fields)

with create_pipe_input() as pipe:
    pipe.send_text("".join(keys))
    status = run_plan(env, PlanOptions(path, None, (PlanFormat.MARKDOWN,)), lambda: Counted(input=pipe, output=DummyOutput()))
if "-v" in sys.argv:
    print(Counted.seen[-5:], env.stdout.getvalue()[-1500:])
saved = read_answers(path, fw)
if not REQUIRED_ONLY:
    same = saved.values == ex.values
    if not same:
        for s in ex.values:
            for q in ex.values[s]:
                if saved.values.get(s, {}).get(q) != ex.values[s][q]:
                    print("DIFF", s, q, repr(saved.values.get(s, {}).get(q))[:80], "|", repr(ex.values[s][q])[:80])
    print("saved answers equal the example:", same)
print(f"exit status {status}; prompts {Counted.prompts}; keys pressed {len(keys)}: {len(keys) - len(text)} navigation keys "
      f"(Enter {keys.count(chr(13))}, arrows {keys.count(DOWN) + keys.count(UP)}, digits, y/n, Space, "
      f"Ctrl-J) and {len(text)} characters of answers typed")
