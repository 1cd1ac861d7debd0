"""The map editor: the grid page, its fragments, and in-place edits.

- `html`: the grid's cards and cells built in Python (hundreds per page; templates are slow);
- `responses`: what every editor view answers with (fragment, saved fragment, whole grid);
- `views`: the page, the grid and curve fragments, and the map's own details;
- `axes`: stages and lanes, one view set for both;
- `items`: cards, and moving cards and touchpoints (one view set for both).

Every edit URL answers an htmx request with just the fragment that changed and a plain form
post with a redirect back to the editor, so the editor also works without JavaScript. Writes
go through journeys/services.py; a successful one answers with `HX-Trigger: map-changed` and
the id of the change it made (`Change-Ids`), so the page's live script does not fetch the
user's own change again.
"""
