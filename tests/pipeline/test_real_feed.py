"""The whole real feed (../shared/news, 285 Wikinews articles) builds: exit 0, every article in
the store, a store that validates, and no document slow enough to worry about. The bundled
examples never took the parser where real news does; this is the test that would have
caught a four-word greeting that looped for ever."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.conftest import NEWS, ROOT


# A document is slow when it takes longer than a few seconds plus what its length explains:
# the longest article (20,000 words) takes about eight seconds of parsing alone on an idle core.
def too_slow(seconds: float, words: int) -> bool:
    return seconds > 5 + words / 500


@pytest.mark.timeout(1200)
def test_the_whole_real_feed_builds_and_validates(real_feed):
    store, build = real_feed.store, real_feed.run
    assert build.returncode == 0, build.stderr[-2000:]
    assert re.search(r"built 285 documents", build.stderr), build.stderr[-2000:]
    slowest = re.search(r"slowest documents: (.*)", build.stderr).group(1)
    print(f"\nslowest documents of the real feed: {slowest}")
    words = {a["id"]: len(a["text"].split()) for a in map(json.loads, NEWS.read_text(encoding="utf-8").splitlines())}
    timed = re.findall(r"(\S.*?) \(([\d.]+) s\)(?:, |$)", slowest)
    assert len(timed) == 5, slowest
    assert not [name for name, seconds in timed if too_slow(float(seconds), words[name])], slowest
    count = subprocess.run([sys.executable, "-m", "kg", "query", "SELECT (COUNT(?a) AS ?n) WHERE { ?a a dip:Article }",
                            "--format", "csv", "--store", str(store)], capture_output=True, text=True, cwd=ROOT)
    assert count.stdout.split()[-1] == "285"
    validate = subprocess.run([sys.executable, "-m", "kg", "validate", "--store", str(store)],
                              capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert validate.returncode == 0, (validate.stdout + validate.stderr)[-3000:]
