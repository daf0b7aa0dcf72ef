"""Builds the extraction pipeline: spaCy's blank English with our tokenizer and components, and a trained
English pipeline's NER in front of them when the user has installed one (rules win conflicts).

Importing spaCy and compiling our rules is most of a short command's time (about a second), so nothing here
imports spaCy until a pipeline is asked for, and `prepare()` starts building it in a background thread while
the network answers (the scanner calls it when the first free text arrives).
"""

from __future__ import annotations

import contextvars
import importlib.util
import os
import sys
import threading
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from spacy.language import Language

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


def _spacy() -> types.ModuleType:
    """spaCy, imported without its command line the first time. spaCy's __init__ imports all of spacy.cli
    (requests, weasel, the download and project commands: a third of its import time) only to export
    `spacy.info`, which footprint never calls. While spaCy is first imported, stand-ins take the places of
    spacy.cli and spacy.cli.info; then they are gone, so a later `import spacy.cli` loads the real one and
    `spacy.info` loads it when called. A spaCy this does not fit is imported the ordinary way."""
    if "spacy" not in sys.modules:
        spec = importlib.util.find_spec("spacy")
        if spec is not None and spec.submodule_search_locations:
            cli = types.ModuleType("spacy.cli")
            cli.__path__ = [str(Path(place) / "cli") for place in spec.submodule_search_locations]
            info = types.ModuleType("spacy.cli.info")
            info.info = _info  # type: ignore[attr-defined]
            stand_ins = {"spacy.cli": cli, "spacy.cli.info": info}
            sys.modules.update(stand_ins)
            try:
                import spacy  # noqa: F401
            except ImportError:
                pass
            finally:
                for name, module in stand_ins.items():
                    if sys.modules.get(name) is module:
                        del sys.modules[name]
                loaded = sys.modules.get("spacy")
                if loaded is not None and getattr(loaded, "cli", None) is cli:
                    del loaded.cli
    import spacy

    return spacy


def _info(*args: Any, **kwargs: Any) -> Any:
    from spacy.cli.info import info

    return info(*args, **kwargs)


class PipelineError(Exception):
    """A trained pipeline was asked for but cannot be loaded: one line for the user."""


def trained_pipeline_name() -> str | None:
    """The trained English pipeline to use, if any: FOOTPRINT_PIPELINE (a package name, a path, or
    'blank' for none), else the first of TRAINED_PIPELINES that is installed. Never downloads."""
    chosen = os.environ.get("FOOTPRINT_PIPELINE", "").strip()
    if chosen:
        return None if chosen == "blank" else chosen
    spacy = _spacy()
    for name in TRAINED_PIPELINES:
        if spacy.util.is_package(name):
            return name
    return None


def build(trained: str | Path | None | bool = True) -> Language:
    """Our pipeline. `trained=True` looks for an installed trained pipeline, a name or path loads that
    one, and False/None gives the blank pipeline whatever is installed."""
    spacy = _spacy()
    from spacy.pipeline import EntityRuler

    import analysis.bio  # noqa: F401  (registers footprint_bio)
    import analysis.components  # noqa: F401  (registers the factories and the tokenizer)
    from analysis.components import RULES_DIR

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


class _Shared:
    """The one pipeline of the process, built once: by whoever asks first, or ahead of time by `prepare()`.
    A build that fails in the background is not kept, so the caller who needs the pipeline sees the error."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._nlp: Language | None = None
        self._started = False

    def __call__(self) -> Language:
        with self._lock:
            if self._nlp is None:
                self._nlp = build()
            return self._nlp

    def prepare(self) -> None:
        with self._lock:
            if self._started or self._nlp is not None:
                return
            self._started = True
        # the caller's context goes along: inside a room's nothing_written() the build saves no cache file
        context = contextvars.copy_context()
        threading.Thread(target=context.run, args=(self._quietly,), name="footprint-pipeline", daemon=True).start()

    def _quietly(self) -> None:
        try:
            self()
        except Exception:  # the caller who needs the pipeline builds it again and sees why
            pass

    def cache_clear(self) -> None:
        with self._lock:
            self._nlp, self._started = None, False


get_nlp = _Shared()


def prepare() -> None:
    """Start building the pipeline in the background (once), so it is ready when the analysis asks."""
    get_nlp.prepare()


def installed_trained_pipelines() -> list[str]:
    spacy = _spacy()
    return [name for name in TRAINED_PIPELINES if spacy.util.is_package(name)]


def describe(nlp: Language) -> str:
    spacy = _spacy()
    trained = nlp.meta.get("footprint_trained")
    base = f"trained:{trained}" if trained else "blank:en"
    return f"spacy {spacy.__version__} {base} + " + ", ".join(nlp.pipe_names)
