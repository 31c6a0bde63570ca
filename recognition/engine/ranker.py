"""A learned ranker over candidates, beside the rules (issue 19).

For a field, `ranker_features.candidates` lists every place that could hold its value
with its features; a linear model per field (a conditional logit: a softmax over the
document's candidates plus one "none of these" option) scores them. The weights come
from `bench/recognition/train_ranker.py`, trained on invoices the project generates
(`bench/recognition/synth.py`: normal, hard and variety layouts; never on
../shared/corpus), and
are read from `models/ranker.json` (a few KB, versioned): scoring is a dot product in
plain Python.

Rules and model combine per field (`combine`): where the rules found nothing, the
model's best candidate is taken when its probability reaches the field's `fill`
threshold; where they disagree, the model's answer replaces the rules' only when its
probability beats theirs by the field's `override` margin. A field is used only when
the model file says `enabled` (set by the training script where rules + model beat the
rules on its validation invoices by 0.5 % and two invoices, among the fields it may
enable: in the committed file, the issue date; docs/recognition.md has the figures);
`FIDU_RANKER` overrides that for measuring: `off`, `all`, or a comma-separated list.
Each candidate also carries the rules' own answer as a feature (`mark_rules`): the model
re-ranks the rules' choice rather than replacing it.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .candidates import Cand
from .document import Doc
from .parse import fold
from .parties import bare_legal_form
from .ranker_features import FIELDS, Context, RCand, candidates, rule_candidate

MODEL_PATH = Path(__file__).resolve().parent / "models" / "ranker.json"


@dataclass(frozen=True)
class FieldModel:
    weights: dict[str, float]
    null: float  # logit of "none of the candidates"
    enabled: bool
    fill: float  # probability to give a value where the rules found none
    override: float  # probability margin over the rules' value to replace it

    def logit(self, feats: dict[str, float]) -> float:
        w = self.weights
        return sum(w.get(k, 0.0) * v for k, v in feats.items())


def load() -> dict[str, FieldModel]:
    """The model file (`FIDU_RANKER_MODEL` names another one, to measure a candidate)."""
    return load_file(os.environ.get("FIDU_RANKER_MODEL") or str(MODEL_PATH))


@lru_cache(maxsize=4)
def load_file(path: str) -> dict[str, FieldModel]:
    try:
        data = json.loads(Path(path).read_text())
    except FileNotFoundError:
        return {}
    out = {}
    for name, m in data.get("fields", {}).items():
        out[name] = FieldModel(
            weights={k: float(v) for k, v in m["weights"].items()},
            null=float(m.get("null", 0.0)),
            enabled=bool(m.get("enabled", False)),
            fill=float(m.get("fill", 1.1)),
            override=float(m.get("override", 1.1)),
        )
    return out


def enabled_fields(models: dict[str, FieldModel]) -> set[str]:
    env = os.environ.get("FIDU_RANKER", "").strip().lower()
    if env == "off":
        return set()
    if env == "all":
        return set(models)
    if env:
        return {f.strip() for f in env.split(",") if f.strip() in models}
    return {f for f, m in models.items() if m.enabled}


def key_of(field: str, value: object) -> str:
    """Values compared as the benchmark compares them."""
    s = str(value)
    if field.endswith("_name"):
        return " ".join("".join(c if c.isalnum() else " " for c in fold(s)).split())
    if field == "invoice_number":
        return "".join(s.split()).lstrip("#").upper()
    if field.endswith("_date"):
        return "".join(c for c in s if c.isdigit())[:8]
    return s


@dataclass
class Ranked:
    """A field's candidates scored: per distinct value its best candidate and probability."""

    best: dict[str, tuple[RCand, float]]
    p_none: float

    def top(self) -> tuple[RCand, float] | None:
        if not self.best:
            return None
        return max(self.best.values(), key=lambda t: t[1])

    def prob(self, field: str, value: object) -> float:
        hit = self.best.get(key_of(field, value))
        return hit[1] if hit else 0.0


def mark_rules(
    doc: Doc, ctx: Context, field: str, cands: list[RCand], rule: Cand, confidence: float
) -> None:
    """The rules' own answer is a feature of the candidates that hold it, with the rules'
    confidence: the model learns when to keep it and when to take another. An answer no
    candidate holds becomes a candidate."""
    if rule.value is None:
        return
    key = key_of(field, rule.value)
    held = [c for c in cands if key_of(field, c.value) == key]
    if not held:
        held = [rule_candidate(doc, field, ctx, rule)]
        cands.extend(held)
    for c in held:
        c.feats["rule_pick"] = 1.0
        c.feats["rule_conf"] = confidence


def rule_confidence(cand: Cand) -> float:
    """As `Cand.field_value` gives it."""
    return max(0.05, min(0.99, cand.score))


def rank(field: str, cands: list[RCand], model: FieldModel) -> Ranked:
    by_value: dict[str, tuple[RCand, float]] = {}
    for c in cands:
        z = model.logit(c.feats)
        k = key_of(field, c.value)
        if k not in by_value or z > by_value[k][1]:
            by_value[k] = (c, z)
    m = max([model.null, *(z for _c, z in by_value.values())])
    exp = {k: math.exp(z - m) for k, (_c, z) in by_value.items()}
    e_null = math.exp(model.null - m)
    total = e_null + sum(exp.values())
    return Ranked({k: (by_value[k][0], exp[k] / total) for k in by_value}, e_null / total)


def combine(
    field: str, rule: Cand | None, ranked: Ranked, model: FieldModel, doc: Doc
) -> Cand | None:
    top = ranked.top()
    if top is None:
        return rule
    cand, p = top
    if field.endswith("_name") and bare_legal_form(str(cand.value)):
        return rule  # a name is never a bare legal form ("SRL", "Co. KG")
    if rule is None or rule.value is None:
        return cand.as_cand(doc, p) if p >= model.fill else rule
    if key_of(field, rule.value) == key_of(field, cand.value):
        return rule
    if p - ranked.prob(field, rule.value) >= model.override:
        return cand.as_cand(doc, p)
    return rule


def rerank(
    doc: Doc, rules: dict[str, Cand | None], vats: dict[str, Cand] | None = None
) -> dict[str, Cand | None]:
    """The rules' answers, with the model's where it is enabled and sure enough."""
    models = load()
    fields = enabled_fields(models) & set(FIELDS) & set(rules)
    if not fields:
        return rules
    ctx = Context(doc, vats)
    out = dict(rules)
    for field in sorted(fields):
        model = models[field]
        cands = candidates(doc, field, ctx)
        rule = rules[field]
        if rule is not None:
            mark_rules(doc, ctx, field, cands, rule, rule_confidence(rule))
        ranked = rank(field, cands, model)
        out[field] = combine(field, rules[field], ranked, model, doc)
    seller, buyer = out.get("seller_name"), out.get("buyer_name")
    if (
        seller is not None
        and buyer is not None
        and key_of("seller_name", seller.value) == key_of("buyer_name", buyer.value)
    ):
        # One party on both sides: keep the rules' pair.
        out["seller_name"] = rules.get("seller_name")
        out["buyer_name"] = rules.get("buyer_name")
    issue, due = out.get("issue_date"), out.get("due_date")
    if issue is not None and due is not None and due.value < issue.value:
        out["due_date"] = rules.get("due_date")
    return out
