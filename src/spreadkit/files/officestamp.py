"""The stamp of a Word plan (``.docx``): how spreadkit tells its own, unedited, from one edited.

A ``.docx`` is a zip of XML parts. spreadkit writes its stamp into the document's core
properties, as the identifier (``<dc:identifier>spreadkit plan; sha256:…</dc:identifier>`` in
``docProps/core.xml``, shown by Word under File › Info › Properties). The digest covers every
part's name and bytes, the identifier's own digest replaced by zeros: any change a person saves
(Word or LibreOffice rewrites ``word/document.xml`` and the properties when it saves) makes
the digest wrong, and a file without the identifier is not spreadkit's.

The zip is written again with fixed dates on its entries, so the same plan gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import re

from spreadkit.files import guard

PLACEHOLDER = "spreadkit plan; sha256:" + "0" * 64  # what the writer puts in, before stamping
_CORE = "docProps/core.xml"
_STAMP = re.compile(rb"spreadkit plan; sha256:([0-9a-f]{64})")
_ZERO = b"spreadkit plan; sha256:" + b"0" * 64
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the zip format's earliest date: never the wall clock
MAX_UNPACKED = 64 * 1024 * 1024  # a "docx" that unpacks larger than this is not one of ours


def is_zip(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


def _digest(parts: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, data in parts:
        body = _STAMP.sub(_ZERO, data) if name == _CORE else data
        digest.update(name.encode("utf-8") + b"\0" + str(len(body)).encode() + b"\0" + body)
    return digest.hexdigest()


def _parts(data: bytes) -> list[tuple[str, bytes]] | None:
    """The zip's parts in order, or ``None`` when it cannot be read (or would unpack too big)."""
    import zipfile  # only for Word and Excel files

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_UNPACKED:
                return None
            return [(info.filename, archive.read(info)) for info in infos]
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        return None


def stamp(data: bytes) -> bytes:
    """A written ``.docx`` (whose identifier is :data:`PLACEHOLDER`) with its stamp and fixed dates."""
    parts = _parts(data)
    assert parts is not None, "python-docx wrote a zip"
    digest = _digest(parts).encode()
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts:
            if name == _CORE:
                body = body.replace(_ZERO, b"spreadkit plan; sha256:" + digest)
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, body)
    return out.getvalue()


def verdict(current: bytes) -> str | None:
    """Whether a ``.docx`` (or other zip) at a plan's path may be replaced: for the write guard."""
    parts = _parts(current)
    core = dict(parts or ()).get(_CORE, b"")
    found = _STAMP.search(core)
    if parts is None or found is None:
        return f"{guard.NOT_OURS} (it has no spreadkit stamp)"
    if _digest(parts) != found.group(1).decode():
        return "it was edited since spreadkit wrote it"
    return None
