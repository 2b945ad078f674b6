"""What each command does, independent of how it is called."""
