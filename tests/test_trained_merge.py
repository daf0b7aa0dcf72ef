"""The trained-pipeline path, tested without downloading anything: a tiny NER is trained here, saved,
and loaded the way an installed en_core_web_sm would be."""
import random

import pytest
import spacy
from spacy.training import Example

from analysis.extract import extract_text
from analysis.nlp import PipelineError, build, describe

TRAIN = [
    ("based in Zogthorpe and loving it", [(9, 18, "GPE")]),
    ("I live in Quillby with my cat", [(10, 17, "GPE")]),
    ("my friend lives in Zogthorpe too", [(19, 28, "GPE")]),
    ("Manchester United till I die", [(0, 17, "GPE")]),  # a wrong entity the rules must overrule
    ("Engineer at Brambleworks since May", [(12, 24, "ORG")]),
    ("my sister Oonagh is visiting", [(10, 16, "PERSON")]),
    ("I'm Jess Taylor from Leeds", [(4, 15, "PERSON"), (21, 26, "GPE")]),
    ("the weather is grim today", []),
]


@pytest.fixture(scope="module")
def tiny_pipeline(tmp_path_factory):
    spacy.util.fix_random_seed(0)
    random.seed(0)
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for _, ents in TRAIN:
        for _, _, label in ents:
            ner.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": e}) for t, e in TRAIN]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(60):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.1)
    path = tmp_path_factory.mktemp("tiny") / "tiny_ner"
    nlp.to_disk(path)
    assert {e.text for e in nlp("based in Zogthorpe and loving it").ents} == {"Zogthorpe"}  # it learnt
    return path


def found(text, nlp):
    return {(f.kind, f.normalized): f for f in extract_text(text, nlp)}


def test_trained_entities_fill_what_the_gazetteer_lacks(tiny_pipeline):
    nlp = build(trained=tiny_pipeline)
    assert "ner" in nlp.pipe_names and describe(nlp).startswith(f"spacy {spacy.__version__} trained:")
    fragments = found("based in Zogthorpe and loving it", nlp)
    # The context rule reads "based in X"; the trained NER vouches that X is a place.
    assert ("location", "zogthorpe") in fragments
    # The blank pipeline cannot know a place that is in no gazetteer.
    assert ("location", "zogthorpe") not in found("based in Zogthorpe and loving it", build(trained=False))


def test_trained_entities_about_someone_else_are_ignored(tiny_pipeline):
    nlp = build(trained=tiny_pipeline)
    assert nlp("my friend lives in Zogthorpe too").ents  # the NER sees the place...
    assert not [k for k, _ in found("my friend lives in Zogthorpe too", nlp) if k == "location"]  # ...not ours


def test_rules_win_conflicts_with_the_trained_ner(tiny_pipeline):
    nlp = build(trained=tiny_pipeline)
    fragments = found("Manchester United till I die", nlp)
    assert ("favourite", "manchester united") in fragments
    assert not [k for k, _ in fragments if k == "location"]
    name = found("I'm Jess Taylor from Leeds", nlp)[("full_name", "jess taylor")]
    assert [e.rule for e in name.evidence] == ["name-self-intro"]  # one sighting, the rule's


def test_a_pipeline_that_cannot_be_loaded_is_one_clear_error(tmp_path):
    with pytest.raises(PipelineError, match="cannot load the trained pipeline"):
        build(trained=tmp_path / "nothing-here")
