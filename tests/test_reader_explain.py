"""explain.py: the inspect rendering of a Document (lines and JSON)."""

from __future__ import annotations

import json

import wordxml as wx

from docxmerge.docx.package import Package
from docxmerge.docx.reader import read_package
from docxmerge.explain import answer_lines, answers_json, document_json, document_lines
from docxmerge.model import (
    Answer,
    Block,
    Control,
    Document,
    FormAnswers,
    FormField,
    Image,
    Message,
    Run,
    TablePos,
)


def sample() -> Document:
    control = Control("7", "svar", "Svar 1", "richText", "block", True, "DP", "Klicka här.")
    return Document(
        blocks=(
            Block(0, "1. Tillväxt", (Run("1. Tillväxt", bold=True),), "heading 1", 1, bold=True),
            Block(
                1,
                "Klicka här.",
                (Run("Klicka här.", placeholder=True),),
                controls=(control,),
                table=TablePos(2, 0, 1, 2),
            ),
            Block(
                2,
                "punkt",
                (Run("", image=Image("image/png", b"\x89PNG", 1, 2)), Run("punkt", link="#x")),
                style="List Paragraph",
                list_level=0,
                num_id="1",
                list_format="bullet",
                form_fields=(FormField("checkbox", "K", "☒", True),),
                in_textbox=True,
            ),
            Block(3, "x" * 300),
        ),
        language="sv-SE",
        glossary={"DP": "Klicka här."},
        headers_footers=("Sidhuvud",),
        comments=("Granska\nigen",),
        messages=(Message("f.docx", "word/document.xml", "alt_chunk_skipped", "Not read."),),
    )


def test_document_lines_one_line_per_block_with_details() -> None:
    lines = document_lines(sample())
    assert lines[0] == "language: sv-SE"
    assert lines[1] == "   0 [heading 1] H1 {bold} 1. Tillväxt"
    assert lines[2] == (
        "   1 [Normal] table 2 r0 c1 depth 2 <block richText tag='svar' alias='Svar 1' "
        "showing-placeholder> {placeholder} Klicka här."
    )
    assert lines[3] == (
        "   2 [List Paragraph] list 0 bullet <checkbox K='☒'> {textbox,image,link} punkt"
    )
    assert lines[4] == "   3 [Normal] " + "x" * 99 + "…"
    assert lines[5:] == [
        "header/footer: Sidhuvud",
        "comment: Granska\\nigen",
        "message: alt_chunk_skipped (word/document.xml): Not read.",
    ]


def test_document_lines_show_newlines_and_tabs_escaped() -> None:
    doc = Document(blocks=(Block(0, "a\tb\nc"),))
    assert document_lines(doc) == ["   0 [Normal] a\\tb\\nc"]


def test_document_json_is_complete_and_serialisable() -> None:
    data = document_json(sample())
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text) == data
    assert data["language"] == "sv-SE"
    assert data["glossary"] == {"DP": "Klicka här."}
    second = data["blocks"][1]
    assert second["controls"][0]["tag"] == "svar"
    assert second["controls"][0]["placeholder_text"] == "Klicka här."
    assert second["table"] == {"table": 2, "row": 0, "cell": 1, "depth": 2, "cells": 1}
    assert second["placeholder_text"] == "Klicka här."
    image = data["blocks"][2]["runs"][0]["image"]
    assert image == {
        "content_type": "image/png",
        "data": "iVBORw==",
        "width_emu": 1,
        "height_emu": 2,
        "description": "",
    }
    assert data["messages"][0]["code"] == "alt_chunk_skipped"


def test_json_of_a_read_document() -> None:
    data = wx.make_docx(wx.heading("Fråga", 2) + wx.sdt_block(wx.p("Svar"), tag="s"))
    doc = read_package(Package.from_bytes(data, "t.docx"))
    result = document_json(doc)
    assert [b["text"] for b in result["blocks"]] == ["Fråga", "Svar"]
    assert result["blocks"][0]["heading_level"] == 2
    assert result["properties"]["created"] == wx.FIXED_DATE
    json.dumps(result)


def sample_form() -> FormAnswers:
    answer = Answer(
        "1.1",
        "answered",
        "Vi samverkar.\nMer text.",
        score=93.4,
        flags=("low_match",),
        heading="Beskriv samverkan",
        blocks=(Block(0, "Vi samverkar."),),
    )
    missing = Answer("4.1", "placeholder", "")
    return FormAnswers("Farsta stadsdelsnämnd", {"Telefon": "08-123"}, (answer, missing))


def test_answer_lines() -> None:
    assert answer_lines(sample_form()) == [
        "respondent: Farsta stadsdelsnämnd",
        "field Telefon: 08-123",
        "  1.1 answered score 93 {low_match}",
        "        heading: Beskriv samverkan",
        "        answer: Vi samverkar.\\nMer text.",
        "  4.1 placeholder",
        "        heading: -",
        "        answer: ",
    ]


def test_answers_json() -> None:
    data = answers_json(sample_form())
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["respondent"] == "Farsta stadsdelsnämnd"
    assert data["fields"] == {"Telefon": "08-123"}
    assert [a["status"] for a in data["answers"]] == ["answered", "placeholder"]
    assert data["answers"][0]["blocks"][0]["text"] == "Vi samverkar."
