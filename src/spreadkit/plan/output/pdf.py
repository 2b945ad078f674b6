"""Print the HTML plan to PDF with a headless Chromium, Chrome or Edge, when one is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from spreadkit.core.errors import Problem, SpreadkitError, os_problem
from spreadkit.files import planfile
from spreadkit.files.guard import MAX_BYTES, check_output_name, read_input
from spreadkit.plan.output.safety import with_policy

# The page prints with no way out: besides the plan's Content-Security-Policy (no scripts,
# no network, no frames), every address goes to a proxy that is not there (loopback
# included) and no name resolves. (Turning scripts off by a switch stops headless printing.)
LOCKED_DOWN = (
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--disable-extensions",
    "--disable-plugins",
    "--no-default-browser-check",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
)

_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "msedge",
    "microsoft-edge",
)
_WINDOWS = (
    r"Google\Chrome\Application\chrome.exe",
    r"Microsoft\Edge\Application\msedge.exe",
    r"Chromium\Application\chrome.exe",
)
_MAC = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
)
NO_BROWSER = (
    "making a PDF needs Chromium, Google Chrome or Microsoft Edge, and none was found. "
    "Install one (Debian or Ubuntu: sudo apt-get install chromium; on Windows, Edge is usually "
    "there already), or set SPREADKIT_CHROMIUM to the browser's path. Meanwhile, render HTML "
    "and use the browser's Print > Save as PDF."
)


def find_browser(environ: dict[str, str] | None = None) -> str | None:
    environ = dict(os.environ) if environ is None else environ
    chosen = environ.get("SPREADKIT_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).is_file() or shutil.which(chosen) else None
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    roots = [environ.get(k, "") for k in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")]
    candidates = [Path(root, tail) for root in roots if root for tail in _WINDOWS]
    candidates += [Path(p) for p in _MAC] if sys.platform == "darwin" else []
    return next((str(c) for c in candidates if c.is_file()), None)


def print_pdf(html: str, output: Path, browser: str | None = None, *, force: bool = False) -> None:
    check_output_name(output)  # before a folder named with backslashes is made
    output = Path(os.path.abspath(output))  # not resolve(): a link there is refused, not followed
    try:  # before looking for a browser: a folder that cannot be made needs no browser to find
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SpreadkitError(os_problem(exc, "cannot write here", str(output))) from None
    browser = browser or find_browser()
    if browser is None:
        raise SpreadkitError(Problem(NO_BROWSER))
    with tempfile.TemporaryDirectory(prefix="spreadkit-pdf-") as folder:
        page = Path(folder, "plan.html")
        page.write_text(with_policy(html), encoding="utf-8")
        partial = Path(folder, "plan.pdf")
        command = [
            browser,
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={Path(folder, 'profile')}",
            *LOCKED_DOWN,
            "--no-pdf-header-footer",
            f"--print-to-pdf={partial}",
            page.as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root without it
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SpreadkitError(
                Problem(f"the browser could not print the plan: {exc}", browser)
            ) from None
        if done.returncode != 0 or not partial.is_file() or partial.stat().st_size == 0:
            detail = (done.stderr or "").strip().splitlines()[-1:] or ["no PDF was written"]
            raise SpreadkitError(
                Problem(f"the browser could not print the plan: {detail[0]}", browser)
            )
        planfile.write_pdf(output, read_input(partial, 1024 * MAX_BYTES), force=force)
