"""The insights charts of one map, computed from its read model (journeys.mapdata.MapData).

One module per chart family (what a chart is: insights/chart.py):
emotion.py (emotion, sentiment and channels by stage), targets.py (metrics and goals against
targets), flow.py (the Sankey of `next` links), votes.py (top-voted pain points and ideas).
Nothing here queries the database: the map is read once (load_map, plus the workshop notes'
kinds), so the page's query count does not grow with the map.
"""

from .emotion import channel_by_stage, emotion_by_stage, sentiment_by_stage
from .flow import touchpoint_flow
from .targets import metrics_against_targets
from .votes import top_voted


def map_charts(data, editor_url, note_kinds):
    """Every chart of the map's insights page, in page order."""
    return [
        emotion_by_stage(data, editor_url),
        sentiment_by_stage(data, editor_url),
        channel_by_stage(data, editor_url),
        metrics_against_targets(data, editor_url),
        touchpoint_flow(data, editor_url),
        top_voted(data, editor_url, note_kinds),
    ]
