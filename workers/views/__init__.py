"""Worker pages: thin views that fetch through the user's scope and call one action."""
