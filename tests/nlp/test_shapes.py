"""The argument shapes walked from their trigger find what spaCy's DependencyMatcher finds with
the same patterns, on real sentences of the feed; a shape it cannot read is a clear error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.matcher import DependencyMatcher
from spacy.tokens import Token

from kg.nlp import lexicon, pipeline
from kg.nlp.shapes import ShapeError, compile_shapes, matches

NEWS = Path(__file__).resolve().parents[3] / "shared" / "news" / "wikinews-2019-2020.jsonl"
MARKS = ("dip_trigger", "dip_light", "dip_occurs")


def _marks(triggers: set[int], words) -> dict:
    return {
        "dip_trigger": lambda t: t.i in triggers,
        "dip_light": lambda t: t.pos_ == "VERB" and t.lemma_ in words["light_verbs"],
        "dip_occurs": lambda t: t.pos_ == "VERB" and t.lemma_ in words["occurrence_verbs"],
    }


def test_the_walk_finds_what_the_dependency_matcher_finds_on_real_sentences():
    if not NEWS.exists():
        pytest.skip(f"the real news feed is not here ({NEWS})")
    for name in MARKS:
        if not Token.has_extension(name):
            Token.set_extension(name, default=False)
    lex = lexicon.load()
    nlp = pipeline.load()
    spacy_matcher = DependencyMatcher(nlp.vocab)
    for n, shape in enumerate(lex.shapes):
        spacy_matcher.add(f"{shape['slot']}#{n}", [shape["pattern"]])
    shapes = lex.argument_shapes()
    texts = [json.loads(line)["text"] for line in NEWS.read_text(encoding="utf-8").splitlines()[:25]]
    compared = 0
    with nlp.select_pipes(disable=["dip_entities", "dip_events"]):
        for doc in nlp.pipe(texts):
            triggers = {span.start for _trigger, span in lex.find(doc)}
            marks = _marks(triggers, lex)
            for sentence in {doc[i].sent for i in triggers}:
                copy = sentence.as_doc()
                for token in copy:
                    for name in MARKS:
                        token._.set(name, marks[name](doc[token.i + sentence.start]))
                expected = sorted(
                    (tokens[0] + sentence.start, nlp.vocab.strings[key].split("#")[0], tokens[-1] + sentence.start)
                    for key, tokens in spacy_matcher(copy)
                )
                walked = sorted(
                    (i, slot, found[-1].i) for i in triggers if sentence.start <= i < sentence.end
                    for slot, found in matches(shapes, doc[i], marks)
                )
                assert walked == expected, sentence.text
                compared += len(expected)
    assert compared > 200  # the comparison saw many arguments, not a handful


def test_a_shape_with_an_attribute_it_cannot_read_is_named():
    shape = {"slot": "subject", "pattern": [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"_": {"dip_trigger": True}}},
                                            {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "arg", "RIGHT_ATTRS": {"SHAPE": "Xxxx"}}]}
    with pytest.raises(ShapeError, match=r"shape 1 \('subject'\): attribute 'SHAPE'"):
        compile_shapes([shape])


def test_a_shape_with_an_unknown_relation_is_named():
    shape = {"slot": "with", "pattern": [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {}},
                                         {"LEFT_ID": "trigger", "REL_OP": ".", "RIGHT_ID": "arg", "RIGHT_ATTRS": {}}]}
    with pytest.raises(ShapeError, match=r"relation '\.'"):
        compile_shapes([shape])


def test_the_walk_follows_heads_and_children():
    """A light verb's subject ("Iran held talks with Oman"): trigger < light > arg."""
    nlp = pipeline.load()
    doc = nlp("Iran held talks with Oman.")
    talks = next(t for t in doc if t.lower_ == "talks")
    lex = lexicon.load()
    found = {(slot, tokens[-1].text) for slot, tokens in matches(lex.argument_shapes(), talks, _marks({talks.i}, lex))}
    assert ("light_subject", "Iran") in found
    assert ("with", "Oman") in found
