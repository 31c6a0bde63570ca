"""The learned ranker (engine/ranker.py): the versioned model loads and scores, picks the
right candidates on a generated invoice it was not trained on, combines with the rules as
its thresholds say, and its training is deterministic."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from recognition.engine import ranker
from recognition.engine.candidates import Cand
from recognition.engine.document import build_doc
from recognition.engine.layout import Segment
from recognition.engine.party_vat import extract_parties
from recognition.engine.ranker_features import FIELDS, Context, RCand, candidates
from recognition.engine.types import PageText, Word

BENCH = Path(__file__).resolve().parents[2] / "bench" / "recognition"
# A seed of the variety set that no training or validation range holds.
UNSEEN = 80001


@pytest.fixture(scope="module")
def bench_modules():
    sys.path.insert(0, str(BENCH))
    import synth
    import train_ranker

    return synth, train_ranker


@pytest.fixture(scope="module")
def unseen(bench_modules):
    synth, train_ranker = bench_modules
    s = synth.make(UNSEEN, variety=True)
    return s, train_ranker.pages_of(synth.render(s))


def test_it_loads_the_versioned_model():
    size = ranker.MODEL_PATH.stat().st_size
    assert 1_000 < size < 300_000
    models = ranker.load_file(str(ranker.MODEL_PATH))
    assert set(models) == set(FIELDS)
    for m in models.values():
        assert len(m.weights) > 20
        assert all(isinstance(w, float) for w in m.weights.values())
        assert 0.0 < m.fill <= 1.1 and 0.0 < m.override <= 1.1


def test_it_scores_candidates_as_probabilities(unseen):
    _s, pages = unseen
    doc = build_doc(pages)
    ctx = Context(doc, extract_parties(doc, None))
    models = ranker.load_file(str(ranker.MODEL_PATH))
    for field in FIELDS:
        ranked = ranker.rank(field, candidates(doc, field, ctx), models[field])
        total = ranked.p_none + sum(p for _c, p in ranked.best.values())
        assert total == pytest.approx(1.0)


def test_it_picks_the_right_candidate_on_an_unseen_generated_invoice(bench_modules, unseen):
    _synth, train_ranker = bench_modules
    s, pages = unseen
    doc = build_doc(pages)
    vats = extract_parties(doc, None)
    ctx = Context(doc, vats)
    rules = train_ranker.rule_answers(doc, vats)
    models = ranker.load_file(str(ranker.MODEL_PATH))
    for field in ("invoice_number", "issue_date", "seller_name", "buyer_name"):
        cands = candidates(doc, field, ctx)
        rule = rules[field]
        assert rule is not None, field
        ranker.mark_rules(doc, ctx, field, cands, rule, ranker.rule_confidence(rule))
        assert sum(1 for c in cands if c.feats.get("rule_pick")) >= 1
        top = ranker.rank(field, cands, models[field]).top()
        assert top is not None, field
        cand, p = top
        assert ranker.key_of(field, cand.value) == ranker.key_of(field, s.truth[field]), field
        assert p > 0.5, field


def test_it_keeps_the_rules_when_switched_off(unseen, monkeypatch):
    from recognition.engine.extract import extract_fields

    s, pages = unseen
    monkeypatch.setenv("FIDU_RANKER", "off")
    off, _ = extract_fields(pages)
    monkeypatch.setenv("FIDU_RANKER", "all")
    on, _ = extract_fields(pages)
    for field in ("invoice_number", "issue_date", "seller_name", "buyer_name"):
        assert ranker.key_of(field, on[field].value) == ranker.key_of(field, s.truth[field])
        assert ranker.key_of(field, off[field].value) == ranker.key_of(field, s.truth[field])


def _doc_and_seg():
    words = [Word("Invoice", 50, 100, 90, 110), Word("no", 92, 100, 105, 110)]
    words += [Word("A-1", 110, 100, 130, 110), Word("B-2", 300, 300, 320, 310)]
    doc = build_doc([PageText(1, 600, 800, words, "text")])
    return doc, doc.lines[0].segments[0], doc.lines[-1].segments[0]


def _ranked(doc, seg_a: Segment, seg_b: Segment, pa: float, pb: float) -> ranker.Ranked:
    a = RCand("A-1", seg_a, 0, 3, {})
    b = RCand("B-2", seg_b, 0, 3, {})
    return ranker.Ranked({"A-1": (a, pa), "B-2": (b, pb)}, 1 - pa - pb)


def test_it_fills_in_where_the_rules_found_nothing_and_overrides_only_by_its_margin():
    doc, seg_a, seg_b = _doc_and_seg()
    model = ranker.FieldModel({}, 0.0, True, fill=0.6, override=0.5)
    sure = _ranked(doc, seg_a, seg_b, 0.8, 0.1)
    unsure = _ranked(doc, seg_a, seg_b, 0.5, 0.3)
    rule_b = Cand("B-2", 0.7, seg_b)
    filled = ranker.combine("invoice_number", None, sure, model, doc)
    assert filled is not None and filled.value == "A-1"
    assert ranker.combine("invoice_number", None, unsure, model, doc) is None
    # 0.8 - 0.1 >= 0.5: the model's answer; 0.5 - 0.3 < 0.5: the rules'.
    replaced = ranker.combine("invoice_number", rule_b, sure, model, doc)
    assert replaced is not None and replaced.value == "A-1"
    assert ranker.combine("invoice_number", rule_b, unsure, model, doc) is rule_b


def test_it_never_gives_a_bare_legal_form_as_a_name():
    doc, seg_a, _seg_b = _doc_and_seg()
    model = ranker.FieldModel({}, 0.0, True, fill=0.1, override=0.1)
    ranked = ranker.Ranked({"gmbh": (RCand("GmbH", seg_a, 0, 4, {}), 0.9)}, 0.1)
    assert ranker.combine("seller_name", None, ranked, model, doc) is None


def test_the_rules_answer_becomes_a_candidate_when_none_holds_it():
    doc, seg_a, _seg_b = _doc_and_seg()
    ctx = Context(doc, {})
    cands: list[RCand] = []
    rule = Cand("Acme GmbH & Co. KG", 0.8, seg_a, 0, len(seg_a.text))
    ranker.mark_rules(doc, ctx, "seller_name", cands, rule, 0.8)
    assert [c.value for c in cands] == ["Acme GmbH & Co. KG"]
    assert cands[0].feats["rule_pick"] == 1.0 and cands[0].feats["rule_conf"] == 0.8
    assert cands[0].feats["m_joined"] == 1.0


def test_the_training_is_deterministic(bench_modules):
    synth, train_ranker = bench_modules
    examples = []
    for seed in (50000, 50001, 20000):
        s = synth.make(seed, variety=seed >= 50000)
        examples.append(train_ranker.example(s, synth.render(s)))
    first = train_ranker.fit(examples, "seller_name", steps=40)
    second = train_ranker.fit(examples, "seller_name", steps=40)
    assert first == second
    assert first["weights"]
