"""Output: a view made into a file a person opens.

``render`` fills the Jinja templates (a team's own ones read by ``template_files`` and run in
the sandbox) and assembles Markdown and HTML pages, ``safety`` keeps a page harmless to open (its
Content-Security-Policy, links and labels), ``pdf`` prints HTML to PDF, ``document`` is a plain
document model that ``word_workbook``, ``word_board`` and ``word_report`` fill and ``word``
writes as ``.docx``, and ``portfolio_page`` lays out the portfolio as a page or a CSV. Output
is the top of ``plan``: it may read every layer below it and nothing reads it but the app.
"""
