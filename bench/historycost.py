"""What the history adds to a build: reading the git log once, then every page's history
section, the Changes page and the feeds, timed in one process after the graph is built.

    python bench/historycost.py CONTENT   (prints {"seconds": ..., "changes": ...} as JSON)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from generator.chronicle import changes_view, history_view, read_chronicle
from generator.feeds import feed_files
from generator.kinds import KINDS
from generator.pipeline import build_graph


def history_seconds(content: Path) -> dict[str, float | int]:
    graph, _ = build_graph(content)
    start = time.perf_counter()
    chronicle, reason = read_chronicle(content.parent, content, None)
    if chronicle is None:
        sys.exit(f"no history to measure: {reason}")
    graph.chronicle = chronicle
    for kind in KINDS:
        for item in graph.all(kind):
            history_view(item, graph)
    changes_view(graph)
    feeds = feed_files(graph)
    seconds = time.perf_counter() - start
    changes = sum(len(c) for c in chronicle.history.files.values())
    return {"seconds": round(seconds, 2), "changes": changes, "feeds": len(feeds)}


if __name__ == "__main__":
    print(json.dumps(history_seconds(Path(sys.argv[1]))))
