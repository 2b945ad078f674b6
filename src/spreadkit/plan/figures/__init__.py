"""Figures: the numbers a plan's documents state, worked out from the content and the answers.

Scores and checks (``scoring``), where each step stands (``status``), the programme's tracking
(sites, actions, dates against "as of": ``tracking``), the facts a programme's pictures and
glance are drawn from (``programme``), trends over the check-in history (``trends``) and a
programme's health (``health``). Every number comes from one function here; nothing here draws,
words a document or writes a file, and nothing here imports pictures, views, the tracker or
output.
"""
