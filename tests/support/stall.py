"""A pipeline component that misbehaves on purpose, for the tests of kg.nlp.guard.

Put into a child's pipeline with KG_NLP_PLUGINS=tests.support.stall:stall_on_marker. Each
marker in a document's text is a way a future rule could go wrong, done for real:
no mock, so the guard has to stop exactly what it would meet in a build.
"""

from __future__ import annotations

import os
import signal
import time

from spacy.language import Language

PLUGIN = "tests.support.stall:stall_on_marker"
SLEEP = "STALL-FOREVER"  # a native call that does not return (time.sleep releases the GIL)
LOOP = "LOOP-FOREVER"  # a Python loop that never ends
KILLED = "KILL-MYSELF"  # the process dies at once, as under the OOM killer
EXIT = "EXIT-NOW"  # the process exits without a word, as a C library calling exit() would
RAISE = "RAISE-NOW"  # an ordinary bug: an exception
SLOW = "SLOW-DOWN"  # slow but within the budget: SLOW_SECONDS per document


@Language.component("stall_on_marker")
def stall_on_marker(doc):
    text = doc.text
    if SLEEP in text:
        time.sleep(3600)
    if LOOP in text:
        while True:
            pass
    if KILLED in text:
        os.kill(os.getpid(), signal.SIGKILL)
    if EXIT in text:
        os._exit(1)
    if RAISE in text:
        raise ValueError("a component failed on purpose")
    if SLOW in text:
        time.sleep(float(os.environ.get("KG_TEST_SLOW_SECONDS", "1")))
    return doc
