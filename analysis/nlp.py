"""Builds the extraction pipeline: spaCy's blank English plus our components, and a trained
English pipeline's NER on top when the user has installed one."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

import analysis.components  # noqa: F401  (registers the factories)

TRAINED_PIPELINES = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")


def trained_pipeline_name() -> str | None:
    """The first trained English pipeline that is installed, if any. Never downloads."""
    for name in TRAINED_PIPELINES:
        if spacy.util.is_package(name):
            return name
    return None


def build() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("footprint_context")
    nlp.add_pipe("footprint_phones")
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    return build()


def describe(nlp: Language) -> str:
    return f"spacy {spacy.__version__} blank:en + " + ", ".join(nlp.pipe_names)
