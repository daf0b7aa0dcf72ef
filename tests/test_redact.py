"""The masking rules every view uses for the big screen."""
import re

from footprint.demo import personas
from reports.redact import mask, mask_source, mask_text
from tests.live_helpers import persona_report


def test_masks_look_like_the_workshop_examples():
    assert mask("full_name", "Jess Hughes") == "J*** H*****"
    assert mask("postcode", "M20 4RT") == "M20 ***"
    assert mask("postcode", "sw1a1aa") == "SW1A ***"
    assert mask("email", "bob.smith@example.com") == "b******@example.com"
    assert mask("email", "dan@danwhitfield.example.net") == "d******@d***********.e******.net"  # a personal domain is a name
    assert mask("phone", "07700 900123") == "07*** ******"
    assert mask("birth_year", "2011") == "****"
    assert mask("birthday", "14th March") == "**** M****"
    assert mask("url", "https://jess.example.org/me") == "https://j***.e******.o**/m*"
    assert mask("school", "") == "" and mask("school", None) == ""
    assert mask("linked_accounts", "github:jessmcr2011, keybase:jess_m") == "github:j**********, keybase:j***_m"
    assert mask("photo", "https://avatars.example.com/jess.png") == "a photo"
    assert mask_source("repo:parkrun-stats") == "repo:p******-s****" and mask_source("field:bio") == "field:bio"
    assert mask("linked_accounts", "both give the name 'Jess Hughes': so") == "b*** g*** t** n*** 'J*** H*****': s*"
    assert mask_text("<script>alert(1)</script>") == "<s*****>a****(*)</s*****>"


def test_no_persona_value_survives_masking():
    for persona in personas().values():
        report = persona_report(persona)
        for f in report.fragments:
            masked = mask(f.kind, f.value)
            assert masked != f.value or not re.search(r"[^\W_]{2}", f.value), (f.kind, f.value)
            for word in re.findall(r"[^\W_]{3,}", f.value):
                if f.kind == "email" and (word in ("example", "com", "net", "org") or word == f.value.rsplit(".", 1)[-1]):
                    continue  # shared domains and the top level stay: "b******@example.com"
                if f.kind in ("url", "website") and word in ("http", "https"):
                    continue  # so does the scheme
                networks = [x.split(":")[0].strip() for x in f.value.split(",")]
                if f.kind == "linked_accounts" and any(word in n for n in networks) and not any(
                        word in x.split(":", 1)[-1] for x in masked.split(",")):
                    continue  # and the names of the networks
                assert word not in masked, (f.kind, f.value, masked)
