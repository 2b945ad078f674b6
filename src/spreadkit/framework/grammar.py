"""English grammar for the sentences documents build: the one place for articles, plurals,
agreement and quoting.

Every sentence a board paper or report builds around a number or a name goes through here, so
"1 site", "a issue" or "8 site" cannot appear in one document and not another. An answer a
person typed is never forced into a sentence it may not fit: :func:`quoted` sets it apart.
"""

from __future__ import annotations

import re

from spreadkit.framework.wording import count_words, display_score

# Nouns whose plural is not made by the rules below.
_IRREGULAR = {
    "person": "people",
    "child": "children",
    "analysis": "analyses",
    "criterion": "criteria",
    "staff": "staff",
    "money": "money",
    "funding": "funding",
    "equipment": "equipment",
    "evidence": "evidence",
    "training": "training",
}
_SINGULAR = {many: one for one, many in _IRREGULAR.items() if one != many}
_DETERMINERS = {
    "a", "an", "the", "this", "that", "these", "those", "its", "our", "their", "his", "her",
    "my", "your", "every", "each", "all", "some", "any", "no", "one", "two", "three", "four",
    "five", "six", "seven", "eight", "nine", "ten",
}  # fmt: skip
# Words that begin with a vowel letter but a consonant sound, and the reverse.
_A_BEFORE = ("uni", "use", "usu", "uti", "eu", "one", "once", "ewe")
_AN_BEFORE = ("hour", "honest", "honour", "heir")
# Initialisms whose first letter is said with a vowel sound (F is "ef", M is "em"...).
_VOWEL_LETTERS = set("AEFHILMNORSX")


def plural(noun: str) -> str:
    """``site`` → ``sites``, ``person`` → ``people``, ``policy`` → ``policies``; the last word
    of a phrase changes (``practice with an FCP`` is left alone: only a plain noun phrase)."""
    head, _, last = noun.rpartition(" ")
    lower = last.lower()
    if not last:
        return noun
    if lower in _IRREGULAR:
        made = _IRREGULAR[lower]
    elif lower in _SINGULAR or (lower.endswith("s") and not lower.endswith(("ss", "us", "is"))):
        made = lower  # already plural
    elif lower.endswith(("s", "x", "z", "ch", "sh")):
        made = lower + "es"
    elif lower.endswith("y") and lower[-2:-1] not in "aeiou":
        made = lower[:-1] + "ies"
    else:
        made = lower + "s"
    if last[:1].isupper():
        made = made[:1].upper() + made[1:]
    return f"{head} {made}" if head else made


def singular(noun: str) -> str:
    """``posts`` → ``post``, ``people`` → ``person``, ``policies`` → ``policy``."""
    head, _, last = noun.rpartition(" ")
    lower = last.lower()
    if lower in _SINGULAR:
        made = _SINGULAR[lower]
    elif lower.endswith("ies") and len(lower) > 4:
        made = lower[:-3] + "y"
    elif lower.endswith(("sses", "xes", "ches", "shes", "zes")):
        made = lower[:-2]
    elif lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        made = lower[:-1]
    else:
        made = lower
    if last[:1].isupper():
        made = made[:1].upper() + made[1:]
    return f"{head} {made}" if head else made


def count(number: float, noun: str, *, digits: bool = False) -> str:
    """A number and its noun agreeing: ``one site``, ``eight sites``, ``1 post``, ``2.5 posts``.

    Whole numbers up to ten are words unless ``digits``; a noun given in either number is put
    right (``1 posts`` cannot happen).
    """
    whole = float(number).is_integer()
    n = int(number) if whole else number
    if whole and not digits and 0 <= n <= 10:
        shown = count_words(int(n))
    else:
        shown = f"{int(n):,}" if whole else display_score(n)
    if not noun:
        return shown
    return f"{shown} {singular(noun) if n == 1 else plural(noun)}"


def article(phrase: str) -> str:
    """``a`` or ``an`` for a phrase, by the sound it starts with (``an FCP``, ``a unit``)."""
    word = phrase.strip().split(" ", 1)[0].strip("(\"'“‘")
    if not word:
        return "a"
    if len(word) > 1 and word.isupper() and word.isalpha():
        return "an" if word[0] in _VOWEL_LETTERS else "a"
    lower = word.lower()
    if lower.startswith(_AN_BEFORE):
        return "an"
    if lower.startswith(_A_BEFORE):
        return "a"
    return "an" if lower[:1] in "aeiou" else "a"


def with_a(phrase: str) -> str:
    """``a service``, ``an issue``; a phrase that has its own determiner is left as it is."""
    if _has_determiner(phrase):
        return phrase
    return f"{article(phrase)} {phrase}"


def with_the(phrase: str) -> str:
    """``the … service``; left alone when it has a determiner or is plural (``apps``)."""
    if _has_determiner(phrase) or _head_is_plural(phrase):
        return phrase
    return f"the {phrase}"


def _has_determiner(phrase: str) -> bool:
    first = phrase.strip().split(" ", 1)[0].lower()
    return first in _DETERMINERS


def _head_is_plural(phrase: str) -> bool:
    """Whether the phrase's head noun (before ``in``, ``for``, ``of``, ``with`` or a bracket)
    is plural: ``digital apps for …`` is, ``FCP service in general practice`` is not."""
    head = re.split(r"\s(?:in|for|of|with|across|to|at|on)\s|\s\(", phrase.strip(), maxsplit=1)[0]
    last = re.sub(r"[^A-Za-z]", "", head.split()[-1]) if head.split() else ""
    return bool(last) and plural(last) == last and singular(last) != last


def lower_first(text: str) -> str:
    """A name as it reads inside a sentence: ``First-contact physio…`` → ``first-contact physio…``.

    Only an ordinary capital goes: a word in capitals (FCP), or one followed by another
    capitalised word (a title such as Assistant Psychological Practitioner), is kept.
    """
    text = text.strip().rstrip(".")
    words = text.split()
    if len(words) < 2 or not words[0][:1].isupper() or not words[0][1:2].islower():
        return text
    if words[1][:1].isupper():
        return text
    return text[0].lower() + text[1:]


def join(items: list[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = [i for i in items if i]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def sentence(text: str) -> str:
    """``text`` with a capital first letter and a full stop."""
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def quoted(text: str) -> str:
    """A person's own words set apart in a sentence: ``“…”``, without a closing full stop."""
    text = " ".join(str(text).split()).rstrip(".")
    return f"“{text}”" if text else ""
