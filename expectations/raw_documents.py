"""Checks on each new load of documents and of the facts extracted from them."""

from __future__ import annotations

from datetime import date

import great_expectations.expectations as gxe
import pandas as pd

from pkit.expectations._build import expect

DOCUMENTS_SUITE = "raw_documents"
FACTS_SUITE = "raw_document_facts"
UNITS = ["USD", "PKR", "percent", "count", "sqft", "sqm", "km", "Tbps", "days"]
KINDS = ["actual", "target", "projection", "comparison"]
#: computed when a load is checked (the facts file has no such column): does its text hold the quote?
QUOTE_IN_TEXT = "quote_in_text"


def documents(today: date) -> list[gxe.Expectation]:
    return [
        expect(
            gxe.ExpectColumnValuesToMatchRegex,
            "A document's identity is the SHA-256 of its bytes (64 hex characters).",
            column="doc_id",
            regex=r"^[0-9a-f]{64}$",
        ),
        expect(
            gxe.ExpectColumnValuesToBeUnique,
            "The same content must not be loaded twice in one load.",
            column="doc_id",
        ),
        expect(
            gxe.ExpectColumnValuesToBeBetween,
            "A document whose text came out empty has nothing to extract; it is probably not an article.",
            column="char_count",
            min_value=1,
        ),
        expect(
            gxe.ExpectColumnValuesToBeBetween,
            "A publication date in the future means the date was misread.",
            column="published_date",
            min_value=pd.Timestamp(1990, 1, 1),
            max_value=pd.Timestamp(today),
        ),
    ]


def facts(today: date) -> list[gxe.Expectation]:
    return [
        expect(
            gxe.ExpectColumnValuesToBeInSet,
            "Units must be the contract's base units so facts can be compared (docs/fact-schema.md).",
            column="unit",
            value_set=UNITS,
        ),
        expect(
            gxe.ExpectColumnValuesToBeInSet,
            "Kind must be actual, target, projection or comparison.",
            column="kind",
            value_set=KINDS,
        ),
        expect(
            gxe.ExpectColumnValuesToNotBeNull,
            "A fact without a value is not a fact.",
            column="value",
        ),
        expect(
            gxe.ExpectColumnValuesToNotBeNull,
            "Every fact keeps the sentence it was read from (provenance).",
            column="quote",
        ),
        expect(
            gxe.ExpectColumnValuesToBeInSet,
            "The fact contract says a quote is verbatim from its document: a quote its text does not "
            "hold was misquoted by the extractor.",
            warn_only=True,
            column=QUOTE_IN_TEXT,
            value_set=[True],
        ),
        expect(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB,
            "A fact's mention must have a positive length in the document text.",
            column_A="char_end",
            column_B="char_start",
        ),
        expect(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB,
            "The high end of a range cannot be below its low end.",
            column_A="value_high",
            column_B="value",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
    ]
