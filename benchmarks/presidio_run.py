"""Runs Presidio's analyzer over texts, in Presidio's own virtualenv (see bench_extract.py for why).

stdin: JSON list of texts. stdout: JSON {"version", "rate", "results": [[[entity_type, start, end, score], ...], ...]}.
"""
import json
import logging
import sys
import tempfile
import time
from importlib import metadata

import spacy
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider
from presidio_analyzer.predefined_recognizers import UkPostcodeRecognizer, UkVehicleRegistrationRecognizer

# Its URL recogniser asks the internet for the public-suffix list, fails here, and falls back to the
# snapshot it ships: keep that noise out of the figures.
logging.getLogger("tldextract").setLevel(logging.CRITICAL)
logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)

texts = json.load(sys.stdin)
with tempfile.TemporaryDirectory() as tmp:
    # Presidio's default model (en_core_web_lg) cannot be downloaded here: a blank English pipeline
    # means its NER finds nothing, and what is compared is its pattern recognisers.
    spacy.blank("en").to_disk(tmp)
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": tmp}]})
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
# Its UK recognisers ship switched off; switch them on for a fair UK comparison.
analyzer.registry.add_recognizer(UkPostcodeRecognizer())
analyzer.registry.add_recognizer(UkVehicleRegistrationRecognizer())
analyzer.analyze("warm up", language="en")
t = time.perf_counter()
results = [[[r.entity_type, r.start, r.end, r.score] for r in analyzer.analyze(text, language="en")] for text in texts]
rate = len(texts) / (time.perf_counter() - t)
json.dump({"version": metadata.version("presidio-analyzer"), "rate": rate, "results": results}, sys.stdout)
