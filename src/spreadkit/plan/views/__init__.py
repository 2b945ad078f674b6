"""Views: what each document says, as plain data for every format to lay out.

``workbook`` is the workbook (the five steps' answers, checks and charts; templates
``plan.md.j2``/``plan.html.j2``) and ``workbook_changes`` what a re-run changed in it; ``board``,
``board_sections`` and ``board_parts`` the board plan (``board.md.j2``); ``glance`` the
"at a glance" figures; ``report`` and ``report_words`` the highlight report; ``portfolio_rows``
the portfolio's rows. A view reads figures and pictures and never renders, formats or writes a
file: that is ``output``.
"""
