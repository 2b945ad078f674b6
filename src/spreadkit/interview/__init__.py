"""The interview: the walk through the steps, and the questionary prompter."""
