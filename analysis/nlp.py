"""Builds the extraction pipeline: spaCy's blank English with our tokenizer and components, and a trained
English pipeline's NER in front of them when the user has installed one (rules win conflicts)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import cast

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler

import analysis.bio  # noqa: F401  (registers footprint_bio)
import analysis.components  # noqa: F401  (registers the factories and the tokenizer)
from analysis.components import RULES_DIR

TRAINED_PIPELINES = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")
TOKENIZER = {"nlp": {"tokenizer": {"@tokenizers": "footprint.tokenizer.v1"}}}
# Components of a trained pipeline that extraction never reads: leaving them out keeps it fast.
UNUSED = ("parser", "tagger", "attribute_ruler", "lemmatizer", "senter", "morphologizer")
OUR_COMPONENTS = (
    "footprint_context",
    "footprint_places",
    "footprint_bio",
    "footprint_names",
    "footprint_phones",
    "footprint_ner_merge",
    "footprint_resolve",
)


class PipelineError(Exception):
    """A trained pipeline was asked for but cannot be loaded: one line for the user."""


def trained_pipeline_name() -> str | None:
    """The trained English pipeline to use, if any: FOOTPRINT_PIPELINE (a package name, a path, or
    'blank' for none), else the first of TRAINED_PIPELINES that is installed. Never downloads."""
    chosen = os.environ.get("FOOTPRINT_PIPELINE", "").strip()
    if chosen:
        return None if chosen == "blank" else chosen
    for name in TRAINED_PIPELINES:
        if spacy.util.is_package(name):
            return name
    return None


def build(trained: str | Path | None | bool = True) -> Language:
    """Our pipeline. `trained=True` looks for an installed trained pipeline, a name or path loads that
    one, and False/None gives the blank pipeline whatever is installed."""
    explicit = trained is not True or bool(os.environ.get("FOOTPRINT_PIPELINE", "").strip())
    name = trained_pipeline_name() if trained is True else (str(trained) if trained else None)
    warning = ""
    base = None
    if name:
        try:
            base = spacy.load(name, exclude=list(UNUSED))
            if "ner" not in base.pipe_names:
                raise ValueError("it has no 'ner' component")
        except (OSError, ValueError, ImportError) as exc:
            message = f"cannot load the trained pipeline {name!r}: {str(exc).splitlines()[0]}"
            if explicit:
                raise PipelineError(message) from exc
            # Found installed but broken (often a spaCy version mismatch): the rules still work alone.
            warning, name, base = message + "; using the blank pipeline", None, None
    if base is not None:
        nlp = spacy.blank("en", config=TOKENIZER, vocab=base.vocab)
        for component in ("tok2vec", "ner"):
            if component in base.pipe_names:
                nlp.add_pipe(component, source=base)
        nlp.meta["footprint_trained"] = (
            f"{base.meta.get('lang', 'en')}_{base.meta.get('name', name)}-{base.meta.get('version', '?')}"
        )
    else:
        nlp = spacy.blank("en", config=TOKENIZER)
        if warning:
            nlp.meta["footprint_warning"] = warning
    # Rules win: the ruler runs after a trained NER and overwrites what it disagrees with.
    ruler = cast(
        EntityRuler, nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    )
    ruler.from_disk(RULES_DIR / "entities.jsonl")
    for component in OUR_COMPONENTS:
        if component == "footprint_ner_merge" and not name:
            continue
        nlp.add_pipe(component)
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    return build()


def installed_trained_pipelines() -> list[str]:
    return [name for name in TRAINED_PIPELINES if spacy.util.is_package(name)]


def describe(nlp: Language) -> str:
    trained = nlp.meta.get("footprint_trained")
    base = f"trained:{trained}" if trained else "blank:en"
    return f"spacy {spacy.__version__} {base} + " + ", ".join(nlp.pipe_names)
