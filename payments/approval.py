"""Payment approval (G4).

Off (the default): an order from a user with the approval right goes straight to the
basket; anyone else's waits for another user with that right.

On: administrators define rules, each of one or more users with the amount each may
approve. An order waits under one rule until every user of the rule has approved it; a
rule is eligible for an order when every one of its users may approve that amount. An
initiator who could approve the order alone (a rule of only them, with a high enough
limit) skips the step; an initiator who is one of several users of the chosen rule counts
as having approved. Rules are read when someone decides, so a rule changed while orders
wait applies to them at once (a user added must approve too; a user removed is no longer
waited for). The switch cannot be turned off while orders wait.

Approvers hear of it through the event "payments.approval_requested", which the messaging
app (later in FIDU_APPS) turns into e-mails.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import extensions
from core.audit import audit_log
from payments.models import (
    ApprovalRule,
    ApprovalRuleMember,
    OrderStatus,
    PaymentApproval,
    PaymentOrder,
    PaymentSettings,
)
from tenancy.policy import Cap, can


def approval_on(dossier) -> bool:
    row = PaymentSettings.objects.filter(dossier=dossier).first()
    return bool(row and row.approval_enabled)


def rules_of(dossier):
    return ApprovalRule.objects.filter(dossier=dossier).prefetch_related("members__user")


def eligible_rules(dossier, amount: Decimal) -> list[ApprovalRule]:
    """Rules whose every user may approve `amount`."""
    return [
        r
        for r in rules_of(dossier)
        if r.members.all() and all(m.limit >= amount for m in r.members.all())
    ]


def _alone_suffices(actor, dossier, amount: Decimal) -> ApprovalRule | None:
    for rule in rules_of(dossier):
        members = list(rule.members.all())
        if len(members) == 1 and members[0].user_id == actor.pk and members[0].limit >= amount:
            return rule
    return None


def approval_switch(*, actor, dossier, enabled: bool) -> None:
    if not can(actor, Cap.CLIENT_SETTINGS, dossier):
        raise PermissionDenied
    with transaction.atomic():
        row, _made = PaymentSettings.objects.select_for_update().get_or_create(dossier=dossier)
        if (
            not enabled
            and PaymentOrder.objects.filter(dossier=dossier, status=OrderStatus.TO_APPROVE).exists()
        ):
            raise ValidationError(
                _("Payment approval cannot be switched off while payments wait for approval.")
            )
        if enabled and not ApprovalRule.objects.filter(dossier=dossier).exists():
            raise ValidationError(_("Create an approval rule first."))
        row.approval_enabled = enabled
        row.save(update_fields=["approval_enabled"])
        audit_log(
            actor=actor, action="payments.approval_switched", obj=dossier, data={"on": enabled}
        )


def rule_save(
    *,
    actor,
    dossier,
    name: str,
    members: dict,  # user -> limit (Decimal)
    rule: ApprovalRule | None = None,
) -> ApprovalRule:
    """Create or change a rule; orders waiting under it are looked at again."""
    from tenancy.models import DossierMembership

    if not can(actor, Cap.CLIENT_SETTINGS, dossier):
        raise PermissionDenied
    name = name.strip()[:100]
    if not name:
        raise ValidationError(_("Give the rule a name."))
    if not members:
        raise ValidationError(_("A rule needs at least one user."))
    allowed = set(
        DossierMembership.objects.filter(dossier=dossier).values_list("user_id", flat=True)
    )
    if any(u.pk not in allowed for u in members):
        raise ValidationError(_("Choose users of this dossier."))
    if any(limit is None or limit <= 0 for limit in members.values()):
        raise ValidationError(_("Each user's amount must be above zero."))
    with transaction.atomic():
        if rule is None:
            rule = ApprovalRule.objects.create(dossier=dossier, name=name)
        else:
            if rule.dossier_id != dossier.pk:
                raise PermissionDenied
            rule.name = name
            rule.save(update_fields=["name"])
        before = set(rule.members.values_list("user_id", flat=True))
        rule.members.exclude(user__in=list(members)).delete()
        for user, limit in members.items():
            ApprovalRuleMember.objects.update_or_create(
                rule=rule, user=user, defaults={"limit": limit}
            )
        audit_log(
            actor=actor,
            action="payments.rule_saved",
            obj=rule,
            dossier_id=dossier.pk,
            data={"name": name, "members": {u.email: str(v) for u, v in members.items()}},
        )
        for order in PaymentOrder.objects.filter(rule=rule, status=OrderStatus.TO_APPROVE):
            if not _complete(order, actor=actor):
                added = [u for u in members if u.pk not in before]
                _notify(order, users=added)
    return rule


def rule_delete(*, actor, rule: ApprovalRule) -> None:
    if not can(actor, Cap.CLIENT_SETTINGS, rule.dossier):
        raise PermissionDenied
    with transaction.atomic():
        if rule.orders.filter(status=OrderStatus.TO_APPROVE).exists():
            raise ValidationError(_("Payments wait for approval under this rule."))
        PaymentOrder.objects.filter(rule=rule).update(rule=None)
        audit_log(
            actor=actor,
            action="payments.rule_deleted",
            obj=rule,
            dossier_id=rule.dossier_id,
            data={"name": rule.name},
        )
        rule.delete()


def initial_status(
    *, actor, dossier, amount: Decimal, rule: ApprovalRule | None = None
) -> tuple[str, ApprovalRule | None]:
    """Where a submitted order starts, and under which rule."""
    if not approval_on(dossier):
        status = (
            OrderStatus.APPROVED if can(actor, Cap.APPROVAL, dossier) else OrderStatus.TO_APPROVE
        )
        return status, None
    alone = _alone_suffices(actor, dossier, amount)
    if alone is not None:
        return OrderStatus.APPROVED, alone
    eligible = eligible_rules(dossier, amount)
    if rule is None:
        if len(eligible) != 1:
            raise ValidationError(
                _("Choose an approval rule whose users may approve this amount.")
                if eligible
                else _("No approval rule allows this amount: ask an administrator.")
            )
        rule = eligible[0]
    if rule.pk not in {r.pk for r in eligible}:
        raise ValidationError(_("The users of this rule may not approve this amount."))
    return OrderStatus.TO_APPROVE, rule


def after_submit(*, actor, order: PaymentOrder) -> None:
    """Once an order waits: the initiator's own approval counts when they are one of the
    rule's users; the others are told."""
    if order.status != OrderStatus.TO_APPROVE:
        return
    rule = order.rule
    if rule is None:
        users = _approval_right_users(order)
        _notify(order, users=[u for u in users if u.pk != order.created_by_id])
        return
    if rule.members.filter(user_id=actor.pk, limit__gte=order.amount).exists():
        PaymentApproval.objects.get_or_create(order=order, user=actor)
    if not _complete(order, actor=actor):
        _notify(order, users=[u for u in waiting_for(order)])


def waiting_for(order: PaymentOrder) -> list:
    """The rule's users who have not approved yet."""
    rule = order.rule
    if rule is None:
        return []
    done = set(order.approvals.values_list("user_id", flat=True))
    return [m.user for m in rule.members.select_related("user") if m.user_id not in done]


def may_decide(user, order: PaymentOrder) -> bool:
    if order.status != OrderStatus.TO_APPROVE:
        return False
    rule = order.rule
    if rule is None:
        return can(user, Cap.APPROVAL, order.dossier) and order.created_by_id != user.pk
    return (
        rule.members.filter(user_id=user.pk, limit__gte=order.amount).exists()
        and not order.approvals.filter(user_id=user.pk).exists()
    )


def _complete(order: PaymentOrder, *, actor) -> bool:
    """Approved once every current user of the rule has said yes."""
    if order.rule_id is None or waiting_for(order):
        return False
    order.status = OrderStatus.APPROVED
    order.decided_by = actor
    order.decided_at = timezone.now()
    order.save(update_fields=["status", "decided_by", "decided_at"])
    audit_log(
        actor=actor, action="payments.order_approved", obj=order, data={"amount": str(order.amount)}
    )
    return True


def decide(*, actor, order: PaymentOrder, approve: bool) -> PaymentOrder:
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().select_related("dossier").get(pk=order.pk)
        if order.status != OrderStatus.TO_APPROVE:
            raise ValidationError(_("This payment order does not wait for approval."))
        if order.rule_id is None:
            if not can(actor, Cap.APPROVAL, order.dossier):
                raise PermissionDenied
            if order.created_by_id == actor.pk:
                raise ValidationError(_("Another user must approve a payment order you created."))
        elif not may_decide(actor, order):
            if order.approvals.filter(user_id=actor.pk).exists():
                raise ValidationError(_("You approved this payment order already."))
            raise PermissionDenied
        if not approve:
            order.status = OrderStatus.REFUSED
            order.decided_by = actor
            order.decided_at = timezone.now()
            order.save(update_fields=["status", "decided_by", "decided_at"])
            audit_log(
                actor=actor,
                action="payments.order_refused",
                obj=order,
                data={"amount": str(order.amount)},
            )
            return order
        if order.rule_id is None:
            order.rule = None
            order.status = OrderStatus.APPROVED
            order.decided_by = actor
            order.decided_at = timezone.now()
            order.save(update_fields=["status", "decided_by", "decided_at"])
            audit_log(
                actor=actor,
                action="payments.order_approved",
                obj=order,
                data={"amount": str(order.amount)},
            )
            return order
        PaymentApproval.objects.create(order=order, user=actor)
        audit_log(
            actor=actor,
            action="payments.order_approval_given",
            obj=order,
            data={"amount": str(order.amount)},
        )
        _complete(order, actor=actor)
    return order


def _approval_right_users(order: PaymentOrder) -> list:
    from tenancy.models import DossierMembership

    return [
        m.user
        for m in DossierMembership.objects.filter(dossier=order.dossier).select_related("user")
        if can(m.user, Cap.APPROVAL, order.dossier)
    ]


def _notify(order: PaymentOrder, *, users: list) -> None:
    if not users:
        return
    ids = [u.pk for u in users]
    url = reverse("payments_order", args=[order.pk])
    transaction.on_commit(
        lambda: extensions.notify(
            "payments.approval_requested",
            dossier_id=order.dossier_id,
            user_ids=ids,
            kind="payment",
            label=f"{order.creditor_name} · {order.amount} EUR",
            url=url,
        )
    )
