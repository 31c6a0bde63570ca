"""Payment approval rules (G4) as a table of cases: amounts at, below and above limits, two
approvers, an initiator with rights, a rule changed while payments wait, the switch."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent
from payments import approval
from payments.models import ApprovalRuleMember, OrderStatus, PaymentExport
from payments.services import OrderData, order_approve, order_create, order_refuse

D = Decimal


@pytest.fixture
def people(world):
    admin = world.clients["administrator"]
    full = world.clients["full_access"]
    feedback = world.clients["full_feedback"]
    for u in (admin, full, feedback):
        u.language = "en"
        u.save()
    return admin, full, feedback


def _make(world, account, actor, amount, rule=None):
    return order_create(
        actor=actor,
        dossier=world.dossier,
        data=OrderData(
            account=account,
            amount=D(amount),
            execution_date=date(2026, 3, 2),
            creditor_name="Acme",
            creditor_iban="BE71096123456769",
            rule=rule,
        ),
    )


def _setup(world, people, rules):
    """rules: {name: {profile index: limit}}"""
    admin = people[0]
    made = {
        name: approval.rule_save(
            actor=admin,
            dossier=world.dossier,
            name=name,
            members={people[i]: D(limit) for i, limit in members.items()},
        )
        for name, members in rules.items()
    }
    approval.approval_switch(actor=admin, dossier=world.dossier, enabled=True)
    return made


# initiator, amount, rules, approvers in order, expected status after each approval
CASES = [
    # full_access alone may approve up to 1000: at the limit it skips approval.
    (
        "at the initiator's own limit",
        1,
        "1000.00",
        {"solo": {1: "1000"}, "boss": {0: "9999"}},
        [],
        "approved",
    ),
    # above it, the admin's rule applies; the admin approves.
    (
        "above the initiator's limit",
        1,
        "1000.01",
        {"solo": {1: "1000"}, "boss": {0: "9999"}},
        [0],
        "approved",
    ),
    # below a limit, an approver who is not the initiator decides.
    ("below the approver's limit", 2, "10.00", {"boss": {0: "50"}}, [0], "approved"),
    # two approvers: the first yes leaves it waiting, the second approves.
    ("two approvers", 2, "500.00", {"pair": {0: "1000", 1: "1000"}}, [0, 1], "approved"),
    # an initiator who is one of two users counts as having approved.
    ("initiator is one of two", 0, "500.00", {"pair": {0: "1000", 1: "1000"}}, [1], "approved"),
]


@pytest.mark.parametrize(("case", "who", "amount", "rules", "approvers", "final"), CASES)
def test_approval_cases(world, account, people, case, who, amount, rules, approvers, final):
    _setup(world, people, rules)
    order = _make(world, account, people[who], amount)
    if not approvers:
        assert order.status == final, case
        return
    assert order.status == OrderStatus.TO_APPROVE, case
    for n, i in enumerate(approvers):
        order = order_approve(actor=people[i], order=order)
        expected = final if n == len(approvers) - 1 else OrderStatus.TO_APPROVE
        assert order.status == expected, (case, n)


def test_above_every_limit_nobody_may_approve(world, account, people):
    _setup(world, people, {"boss": {0: "100"}})
    with pytest.raises(ValidationError, match="No approval rule allows this amount"):
        _make(world, account, people[2], "100.01")


def test_an_approver_above_their_limit_cannot_approve(world, account, people):
    rules = _setup(world, people, {"low": {0: "100"}, "high": {1: "1000"}})
    order = _make(world, account, people[2], "500", rule=rules["high"])
    with pytest.raises(PermissionDenied):
        order_approve(actor=people[0], order=order)  # not in the rule
    with pytest.raises(ValidationError, match="may not approve this amount"):
        _make(world, account, people[2], "500", rule=rules["low"])
    assert order_approve(actor=people[1], order=order).status == OrderStatus.APPROVED


def test_the_same_approver_twice_counts_once(world, account, people):
    _setup(world, people, {"pair": {0: "1000", 1: "1000"}})
    order = _make(world, account, people[2], "50")
    order_approve(actor=people[0], order=order)
    with pytest.raises(ValidationError, match="already"):
        order_approve(actor=people[0], order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.TO_APPROVE


def test_a_rule_changed_while_payments_wait(world, account, people):
    admin, full, feedback = people
    rules = _setup(world, people, {"pair": {0: "1000"}})
    order = _make(world, account, feedback, "50")
    # A user added to the rule must approve too.
    approval.rule_save(
        actor=admin,
        dossier=world.dossier,
        name="pair",
        members={admin: D("1000"), full: D("1000")},
        rule=rules["pair"],
    )
    order = order_approve(actor=admin, order=order)
    assert order.status == OrderStatus.TO_APPROVE
    assert approval.waiting_for(order) == [full]
    # Removing the user still waited for approves it at once.
    approval.rule_save(
        actor=admin,
        dossier=world.dossier,
        name="pair",
        members={admin: D("1000")},
        rule=rules["pair"],
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.APPROVED


def test_a_refusal_ends_it_and_nothing_is_exported(world, account, people):
    _setup(world, people, {"pair": {0: "1000", 1: "1000"}})
    order = _make(world, account, people[2], "50")
    order = order_refuse(actor=people[1], order=order)
    assert order.status == OrderStatus.REFUSED
    world.client_for(people[0]).post(f"/d/{world.dossier.pk}/payments/export/", {"ids": [order.pk]})
    assert not PaymentExport.objects.exists()


def test_the_switch_stays_on_while_payments_wait(world, account, people):
    admin = people[0]
    with pytest.raises(ValidationError, match="Create an approval rule first"):
        approval.approval_switch(actor=admin, dossier=world.dossier, enabled=True)
    _setup(world, people, {"boss": {0: "1000"}})
    order = _make(world, account, people[2], "50")
    c = world.client_for(admin)
    r = c.post(f"/d/{world.dossier.pk}/payments/rules/switch/", {"enabled": "0"}, follow=True)
    assert "cannot be switched off while payments wait" in r.content.decode()
    assert approval.approval_on(world.dossier)
    order_approve(actor=admin, order=order)
    c.post(f"/d/{world.dossier.pk}/payments/rules/switch/", {"enabled": "0"})
    assert not approval.approval_on(world.dossier)
    assert AuditEvent.objects.filter(action="payments.approval_switched").count() == 2


def test_approvers_are_told_by_mail(world, account, people, django_capture_on_commit_callbacks):
    admin, full, feedback = people
    _setup(world, people, {"pair": {0: "1000", 1: "1000"}})
    with django_capture_on_commit_callbacks(execute=True):
        _make(world, account, feedback, "50")
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted([admin.email, full.email])
    assert "a payment waits for your approval" in mail.outbox[0].subject


def test_rules_pages(world, account, people):
    admin, full, _feedback = people
    c = world.client_for(admin)
    url = f"/d/{world.dossier.pk}/payments/rules/"
    r = c.post(url, {"name": "Two of us", f"limit_{admin.pk}": "500", f"limit_{full.pk}": "300"})
    assert r.status_code == 302
    [rule] = approval.rules_of(world.dossier)
    assert {m.user_id: m.limit for m in rule.members.all()} == {
        admin.pk: D("500"),
        full.pk: D("300"),
    }
    c.post(f"/payments/rules/{rule.pk}/", {"name": "Two of us", f"limit_{admin.pk}": "800"})
    fresh = ApprovalRuleMember.objects.filter(rule=rule)
    assert {m.user_id: m.limit for m in fresh} == {admin.pk: D("800")}
    assert c.post(url, {"name": "Empty"}).status_code == 200  # no user: refused
    # Someone without the settings right cannot read or change rules.
    other = world.client_for(full)
    assert other.get(url).status_code == 403
    assert other.post(f"/payments/rules/{rule.pk}/delete/").status_code == 403
    assert world.client_for(world.outsider).get(f"/payments/rules/{rule.pk}/").status_code == 404
    c.post(f"/payments/rules/{rule.pk}/delete/")
    assert not approval.rules_of(world.dossier).exists()


def test_api_approve_and_reject(world, account, people):
    admin, full, feedback = people
    _setup(world, people, {"pair": {0: "1000", 1: "1000"}})
    first = _make(world, account, feedback, "50")
    second = _make(world, account, feedback, "60")
    c0, c1 = world.client_for(admin), world.client_for(full)
    assert c0.post(f"/api/payments/{first.pk}/approve").json()["status"] == "to_approve"
    assert c1.post(f"/api/payments/{first.pk}/approve").json()["status"] == "to_execute"
    assert c1.post(f"/api/payments/{second.pk}/reject").json()["status"] == "refused"
    assert c1.post(f"/api/payments/{second.pk}/approve").status_code == 422
    assert c0.post(f"/api/payments/{first.pk}/approve").status_code == 422
