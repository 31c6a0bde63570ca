"""UN/CEFACT CII (Factur-X, ZUGFeRD 2.x, XRechnung CII) and ZUGFeRD 1.0 to an EInvoice.

Paths are matched by local name so that CII D16B (…:100 namespaces) and ZUGFeRD 1.0
(…:12/:15 namespaces, "SupplyChainTrade…" instead of "HeaderTrade…") share one reader.
"""

from __future__ import annotations

from lxml import etree

from .model import EInvoice, InvoiceLine, Party, VatLine, to_date, to_decimal
from .xmlsafe import find, find_all, local, text

AGREEMENT = "ApplicableHeaderTradeAgreement|ApplicableSupplyChainTradeAgreement"
SETTLEMENT = "ApplicableHeaderTradeSettlement|ApplicableSupplyChainTradeSettlement"
TRANSACTION = "SupplyChainTradeTransaction|SpecifiedSupplyChainTradeTransaction"
SUMMATION = (
    "SpecifiedTradeSettlementHeaderMonetarySummation|SpecifiedTradeSettlementMonetarySummation"
)


def is_cii(root: etree._Element) -> bool:
    return local(root.tag) in ("CrossIndustryInvoice", "CrossIndustryDocument")


def _date(el: etree._Element | None, path: str):
    node = find(el, path)
    if node is None:
        return None
    fmt_node = node if node.get("format") else find(node, "DateTimeString")
    s = text(find(node, "DateTimeString")) or text(node)
    return to_date(s, fmt_node.get("format") if fmt_node is not None else None)


def _party(el: etree._Element | None) -> Party:
    if el is None:
        return Party()
    p = Party(name=text(el, "Name"))
    for reg in find_all(el, "SpecifiedTaxRegistration/ID"):
        if (reg.get("schemeID") or "").upper() == "VA":
            p.vat = p.vat or text(reg)
        else:
            p.tax_registration = p.tax_registration or text(reg)
    p.legal_id = text(el, "SpecifiedLegalOrganization/ID")
    endpoint = find(el, "URIUniversalCommunication/URIID")
    if endpoint is not None:
        p.endpoint = text(endpoint)
        p.endpoint_scheme = endpoint.get("schemeID")
    p.street = text(el, "PostalTradeAddress/LineOne")
    p.postcode = text(el, "PostalTradeAddress/PostcodeCode")
    p.city = text(el, "PostalTradeAddress/CityName")
    p.country = text(el, "PostalTradeAddress/CountryID")
    return p


def _amount_in(el: etree._Element | None, path: str, currency: str | None):
    nodes = find_all(el, path)
    for node in nodes:
        if node.get("currencyID") in (None, currency):
            return to_decimal(text(node))
    return to_decimal(text(nodes[0])) if nodes else None


def parse_cii(root: etree._Element) -> EInvoice:
    zf1 = local(root.tag) == "CrossIndustryDocument"
    inv = EInvoice(syntax="ZUGFeRD-1" if zf1 else "CII")
    context = find(root, "ExchangedDocumentContext|SpecifiedExchangedDocumentContext")
    inv.customization_id = text(context, "GuidelineSpecifiedDocumentContextParameter/ID")
    doc = find(root, "ExchangedDocument|HeaderExchangedDocument")
    inv.invoice_number = text(doc, "ID")
    inv.type_code = text(doc, "TypeCode")
    inv.issue_date = _date(doc, "IssueDateTime")

    trade = find(root, TRANSACTION)
    agreement = find(trade, AGREEMENT)
    settlement = find(trade, SETTLEMENT)
    inv.buyer_reference = text(agreement, "BuyerReference")
    inv.order_reference = text(agreement, "BuyerOrderReferencedDocument/IssuerAssignedID") or text(
        agreement, "BuyerOrderReferencedDocument/ID"
    )
    inv.seller = _party(find(agreement, "SellerTradeParty"))
    inv.buyer = _party(find(agreement, "BuyerTradeParty"))
    inv.currency = text(settlement, "InvoiceCurrencyCode")
    inv.payment_reference = text(settlement, "PaymentReference")

    means = find(settlement, "SpecifiedTradeSettlementPaymentMeans")
    inv.payment_means_code = text(means, "TypeCode")
    inv.iban = text(means, "PayeePartyCreditorFinancialAccount/IBANID")
    inv.bic = text(means, "PayeeSpecifiedCreditorFinancialInstitution/BICID")
    inv.due_date = _date(settlement, "SpecifiedTradePaymentTerms/DueDateDateTime")

    for tax in find_all(settlement, "ApplicableTradeTax"):
        inv.vat_breakdown.append(
            VatLine(
                category=text(tax, "CategoryCode"),
                rate=to_decimal(
                    text(tax, "RateApplicablePercent") or text(tax, "ApplicablePercent")
                ),
                base=to_decimal(text(tax, "BasisAmount")),
                vat=to_decimal(text(tax, "CalculatedAmount")),
            )
        )

    summ = find(settlement, SUMMATION)
    inv.line_total = _amount_in(summ, "LineTotalAmount", inv.currency)
    inv.total_excl_vat = _amount_in(summ, "TaxBasisTotalAmount", inv.currency)
    inv.total_vat = _amount_in(summ, "TaxTotalAmount", inv.currency)
    inv.total_incl_vat = _amount_in(summ, "GrandTotalAmount", inv.currency)
    inv.prepaid_amount = _amount_in(summ, "TotalPrepaidAmount", inv.currency)
    inv.payable_amount = _amount_in(summ, "DuePayableAmount", inv.currency)

    for item in find_all(trade, "IncludedSupplyChainTradeLineItem"):
        line_settlement = find(
            item, "SpecifiedLineTradeSettlement|SpecifiedSupplyChainTradeSettlement"
        )
        line_agreement = find(
            item, "SpecifiedLineTradeAgreement|SpecifiedSupplyChainTradeAgreement"
        )
        line_delivery = find(item, "SpecifiedLineTradeDelivery|SpecifiedSupplyChainTradeDelivery")
        tax = find(line_settlement, "ApplicableTradeTax")
        inv.lines.append(
            InvoiceLine(
                line_id=text(item, "AssociatedDocumentLineDocument/LineID"),
                description=text(item, "SpecifiedTradeProduct/Name"),
                quantity=to_decimal(text(line_delivery, "BilledQuantity")),
                unit_price=to_decimal(
                    text(line_agreement, "NetPriceProductTradePrice/ChargeAmount")
                ),
                net_amount=to_decimal(
                    text(
                        line_settlement,
                        # ZUGFeRD 1.0 names the line summation like the document's.
                        "SpecifiedTradeSettlementLineMonetarySummation"
                        "|SpecifiedTradeSettlementMonetarySummation/LineTotalAmount",
                    )
                ),
                vat_rate=to_decimal(
                    text(tax, "RateApplicablePercent") or text(tax, "ApplicablePercent")
                ),
            )
        )
    return inv
