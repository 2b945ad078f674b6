"""The tracker: a programme's tables in a spreadsheet and back again.

``export`` writes a table as CSV or JSON (with the formula neutraliser every spreadsheet cell
spreadkit writes goes through) and ``excel`` every table in one workbook. Coming back, ``sheets``
reads an untrusted workbook or CSV file within limits, ``layout`` finds which table and field
each sheet and column is, ``cells`` reads each cell like its field's question, and
``import_changes`` with ``import_readings`` work out what the tracker changes in the answers.
The tracker needs only the content and the answers: no figure, picture or view.
"""
