"""`spreadkit content init`: a commented starter pack, to copy and change."""

from __future__ import annotations

PACK = """\
# A spreadkit content pack. It changes the built-in framework without touching any code.
# Use it with:  spreadkit plan --content THIS-FOLDER   (or set SPREADKIT_CONTENT, or put
# `content: THIS-FOLDER` in a spreadkit.yml in your working folder).
# Check it with: spreadkit content check THIS-FOLDER
id: my-pack               # recorded in every answers file written with this pack
version: "1"              # raise it when you change questions, so answers files can tell
title: Our local additions
mode: overlay             # overlay the built-in framework; `replace` uses a framework of your own
files:
  - step-04-local.yml
"""

STEP = """\
# Changes to Step 4 (Adapting and implementing). Items are matched by id: an id the step
# already has replaces that item; a new id is added at the end. See `spreadkit show 4` for
# the built-in ids, and `spreadkit new` for every question's type.
id: implement

# A new part of the plan, and a question that fills it.
parts:
  - id: funding
    title: Funding
questions:
  - id: funding_sources
    fills: funding
    type: multichoice
    prompt: Where will the money for the new way of working come from?
    choices:
      - value: trust
        label: Trust budgets
      - value: system
        label: Integrated care board or system funding
      - value: national
        label: National or regional workforce funding
      - value: charity
        label: Charitable funds

  # Overriding a built-in question: same id, your own prompt (every key of the question
  # must be given, as here).
  - id: adaptations
    label: Local adaptations
    tip: support
    fills: adaptation
    type: multiline
    prompt: What will each site need to change to make this work locally?

# A tool of your own, listed with the step's tools.
tools:
  - id: local-contacts
    name: Local spread and adoption contacts
    purpose: Who to ask in our region for help with evaluation, funding and workforce planning.
"""
