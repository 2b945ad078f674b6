"""``spreadkit portfolio``: one page across many plans."""

from typing import Annotated

import typer

from spreadkit.cli.edge import app
from spreadkit.cli.handling import handled
from spreadkit.cli.options import ContentOption, ForceOption, JobsOption


@app.command()
def portfolio(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...",
            help="Folders to search for answers files (*.answers.yml, .yaml, .json), or files.",
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Where to write the page; standard output when left out or -.",
        ),
    ] = None,
    page_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="html|md|csv",
            help="html (default), md or csv; else from --output's extension.",
        ),
    ] = None,
    jobs: JobsOption = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="Judge every plan on this date (default: each plan's latest check-in).",
        ),
    ] = None,
    force: ForceOption = False,
    content: ContentOption = None,
) -> None:
    """One page across many plans: status, phase, progress, sites, overdue actions and risks."""
    from spreadkit.app.portfolio_scan import PortfolioOptions
    from spreadkit.app.portfolio_scan import portfolio as run

    options = PortfolioOptions(
        tuple(paths),
        output,
        page_format.lower() if page_format else None,
        jobs,
        as_of,
        force,
    )
    handled(lambda env: run(env, options), content)
