"""An answers file made with a content pack is read with that pack, or spreadkit says which."""

from __future__ import annotations

from spreadkit.answers.store import Answers
from spreadkit.core.errors import Problem, SpreadkitError
from spreadkit.framework.model import Framework


def require_pack(framework: Framework, answers: Answers, source: str) -> None:
    """Refuse answers written with a pack that is not in use: their pack's steps would vanish."""
    if not answers.pack_id or answers.pack_id == framework.pack_id:
        return
    version = f" version {answers.pack_version}" if answers.pack_version else ""
    in_use = (
        f"the pack in use is '{framework.pack_id}'"
        if framework.pack_id
        else "no content pack is in use"
    )
    raise SpreadkitError(
        Problem(
            f"these answers were made with the content pack '{answers.pack_id}'{version}, "
            f"but {in_use}",
            source,
            hint="add --content FOLDER, the folder of that pack (or set SPREADKIT_CONTENT)",
        )
    )
