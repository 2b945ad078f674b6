"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

from hypothesis import strategies as st

#: Any character UTF-8 can encode: what ``st.text()`` draws from when given no alphabet (every
#: code point but the surrogates), the same set, said so that hypothesis need not work it out by
#: encoding each of the 1.1 million code points, about 1.5 s in each worker of a fresh checkout
#: (it keeps the result in .hypothesis/, which a fresh checkout has not got).
ANY_CHARACTER = st.characters(exclude_categories=("Cs",))


def any_text(*, min_size: int = 0, max_size: int | None = None) -> st.SearchStrategy[str]:
    """``st.text(min_size=..., max_size=...)``, drawn from ANY_CHARACTER."""
    return st.text(ANY_CHARACTER, min_size=min_size, max_size=max_size)
