"""package.py against legitimate and hostile files: every hostile input ends in UnreadableError
with the right code (nothing else is raised), inflation stays bounded, nothing is written."""

from __future__ import annotations

import io
import os
import types
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hostile
import pytest
from conftest import read_bytes
from wordxml import p

from docxmerge.docx.package import MIB, Limits, Package, parse_xml, sniff
from docxmerge.model import UnreadableError

W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


class InflationMeter:
    """Counts every byte zipfile inflates, by wrapping the decompressors it creates."""

    def __init__(self) -> None:
        self.produced = 0

    def decompressobj(self, *args: Any) -> Any:
        meter = self
        inner = zlib.decompressobj(*args)

        class Counting:
            def decompress(self, data: bytes, max_length: int = 0) -> bytes:
                out = inner.decompress(data, max_length)
                meter.produced += len(out)
                return out

            def flush(self, *flush_args: Any) -> bytes:
                out = inner.flush(*flush_args)
                meter.produced += len(out)
                return out

            def __getattr__(self, name: str) -> Any:
                return getattr(inner, name)

        return Counting()


@pytest.fixture
def inflation(monkeypatch: pytest.MonkeyPatch) -> Iterator[InflationMeter]:
    meter = InflationMeter()
    proxy = types.SimpleNamespace(**{k: getattr(zlib, k) for k in dir(zlib) if k[0] != "_"})
    proxy.decompressobj = meter.decompressobj
    monkeypatch.setattr(zipfile, "zlib", proxy)
    yield meter


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def open_code(path: Path, limits: Limits | None = None) -> str:
    """Open and read the main part fully; return the UnreadableError code (fail otherwise)."""
    with pytest.raises(UnreadableError) as caught:
        package = Package.open(path, limits)
        package.read_xml(package.main_part)
    return caught.value.code


def texts(package: Package) -> list[str]:
    return [t.text or "" for t in package.read_xml(package.main_part).iter(W_T)]


# --------------------------------------------------------------------------- legitimate


def test_small_form_opens_and_reads(tmp_path: Path) -> None:
    package = Package.open(write(tmp_path, "form.docx", hostile.small_form()))
    assert package.main_part == "word/document.xml"
    assert not package.strict
    assert "Vi driver tre skolor." in texts(package)
    assert package.related_part("word/document.xml", "styles") == "word/styles.xml"
    assert package.content_type("/word/styles.xml") == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
    )


def test_member_digest_names_the_stored_bytes(tmp_path: Path) -> None:
    data = hostile.small_form()
    package = Package.from_bytes(data)
    source = zipfile.ZipFile(io.BytesIO(data))
    reordered = io.BytesIO()  # the same members in the other order: other offsets
    with zipfile.ZipFile(reordered, "w", zipfile.ZIP_DEFLATED) as target:
        for info in reversed(source.infolist()):
            target.writestr(info, source.read(info))
    again = Package.from_bytes(reordered.getvalue())
    digest = package.member_digest("word/styles.xml", MIB)
    assert digest is not None and len(digest) == 32
    assert again.member_digest("/word/styles.xml", MIB) == digest
    assert package.member_digest("word/document.xml", MIB) != digest
    assert package.member_digest("word/styles.xml", 10) is None  # larger than the bound
    assert package.member_digest("word/nothing.xml", MIB) is None
    huge = Package.from_bytes(data, limits=Limits(huge_xml=True))
    assert huge.member_digest("word/styles.xml", MIB) != digest  # read under other limits


def test_strict_ooxml_maps_namespaces(tmp_path: Path) -> None:
    package = Package.open(write(tmp_path, "strict.docx", hostile.strict_ooxml()))
    assert package.strict
    assert texts(package) == ["Strikt svar"]


def test_utf16_part_without_bom_is_read() -> None:
    xml = f'<?xml version="1.0" encoding="UTF-16"?><w:t xmlns:w="{hostile.W}">åäö</w:t>'
    assert parse_xml(xml.encode("utf-16-le")).text == "åäö"


def test_package_without_package_rels_falls_back_to_word_document() -> None:
    entries = hostile.docx_entries(hostile.document_xml(p("Svar")))
    package = Package.from_bytes(hostile.write_zip([entries[0], entries[2]]))
    assert texts(package) == ["Svar"]


def test_sixty_megabyte_document_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.docx"
    count, last = hostile.write_large_docx(path, 60 * MIB)
    package = Package.open(path)
    found, text = 0, ""
    for element in package.read_xml(package.main_part).iter(W_T):
        found, text = found + 1, element.text or ""
    assert (found, text) == (count, last)
    assert count > 100_000


def test_text_node_under_libxml2_limit_is_read(tmp_path: Path) -> None:
    text = hostile.varied_text(MIB)
    path = write(tmp_path, "long.docx", hostile.docx_with_document(hostile.long_text_node(text)))
    assert texts(Package.open(path)) == [text]


def test_twelve_megabyte_text_node_is_refused_by_default_and_read_with_huge_xml(
    tmp_path: Path,
) -> None:
    text = hostile.varied_text(12 * MIB)
    path = write(tmp_path, "huge.docx", hostile.docx_with_document(hostile.long_text_node(text)))
    assert open_code(path) == "too_large"
    assert texts(Package.open(path, Limits(huge_xml=True))) == [text]


def test_dotdot_entry_names_are_never_paths(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = write(inbox, "dotdot.docx", hostile.dotdot_entries())
    before = sorted(str(q) for q in tmp_path.rglob("*"))
    package = Package.open(path)
    assert texts(package) == ["Svar"]
    assert package.read_bytes("../../escaped.txt") == hostile.SECRET.encode()
    assert sorted(str(q) for q in tmp_path.rglob("*")) == before
    assert not Path("/tmp/absolute-escape.txt").exists()


def test_input_file_is_unchanged(tmp_path: Path) -> None:
    path = write(tmp_path, "form.docx", hostile.small_form())
    os.utime(path, (1_000_000_000, 1_000_000_000))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    texts(Package.open(path))
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


# --------------------------------------------------------------------------- refused formats


@pytest.mark.parametrize(
    ("builder", "code"),
    [
        (lambda: b"", "empty_file"),
        (hostile.random_bytes, "not_word"),
        (hostile.ole2_doc, "legacy_doc"),
        (hostile.ole2_encrypted, "encrypted"),
        (hostile.xlsx, "not_word"),
        (hostile.odt, "odt"),
        (hostile.rtf, "rtf"),
        (hostile.pdf, "pdf"),
        (hostile.word_lock_file, "not_word"),
        (lambda: hostile.truncated(hostile.small_form()), "damaged"),
        (lambda: hostile.truncated(hostile.small_form(), 0.99), "damaged"),
        (hostile.duplicate_entries, "damaged"),
        (hostile.many_entries, "too_many_entries"),
        (hostile.bzip2_member, "unsupported_compression"),
        (hostile.encrypted_entry, "encrypted"),
        (hostile.missing_main_part, "missing_main_part"),
        (lambda: hostile.docx_with_document(hostile.billion_laughs()), "unsafe_xml"),
        (
            lambda: hostile.replace_members(
                hostile.small_form(), {"_rels/.rels": hostile.rels_with_doctype()}
            ),
            "unsafe_xml",
        ),
        # 100,000 nested controls (3 MB, 1000:1): libxml2's depth limit refuses them
        (lambda: hostile.docx_with_document(hostile.deep_nesting()), "xml_error"),
        (lambda: hostile.docx_with_document(hostile.deep_nesting(300)), "xml_error"),
        (lambda: hostile.docx_with_document(b"<w:document>"), "xml_error"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_hostile_file_is_refused_with_code(
    tmp_path: Path, builder: Any, code: str, inflation: InflationMeter
) -> None:
    path = write(tmp_path, "input.docx", builder())
    assert open_code(path) == code
    assert inflation.produced < 8 * MIB  # (the deep nesting: 4.4 MB of XML, parsed to depth 256)


def test_external_entity_is_never_fetched(tmp_path: Path) -> None:
    secret_file = write(tmp_path, "secret.txt", hostile.SECRET.encode())
    document = hostile.external_entity(secret_file.as_uri())
    path = write(tmp_path, "xxe.docx", hostile.docx_with_document(document))
    with pytest.raises(UnreadableError) as caught:
        Package.open(path).read_xml("word/document.xml")
    assert caught.value.code == "unsafe_xml"
    assert hostile.SECRET not in str(caught.value)


@pytest.mark.parametrize(
    "prolog",
    [b"xx<!-- unterminated", b"  <?xml version='1.0'", b"<!-- a --><?pi x?><!-- b", b"<!---->"],
)
def test_malformed_prolog_is_an_xml_error(prolog: bytes) -> None:
    # Regression: an unterminated comment after two bytes made the DOCTYPE scan loop forever.
    with pytest.raises(UnreadableError) as caught:
        parse_xml(prolog)
    assert caught.value.code == "xml_error"


@pytest.mark.parametrize(
    "xml",
    [
        b"<!-- <!DOCTYPE in a comment --><a/>",
        b"<?xml version='1.0'?><?pi <!DOCTYPE?><a>&lt;!DOCTYPE</a>",
    ],
)
def test_doctype_text_outside_the_prolog_is_harmless(xml: bytes) -> None:
    assert parse_xml(xml).tag == "a"


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0"?>\n<!-- c --><!DOCTYPE a SYSTEM "http://127.0.0.1:9/x.dtd"><a/>',
        b'\xef\xbb\xbf<!DOCTYPE a PUBLIC "-//x//EN" "x.dtd"><a/>',
        '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'.encode("utf-16"),
    ],
)
def test_any_doctype_is_unsafe(xml: bytes) -> None:
    with pytest.raises(UnreadableError) as caught:
        parse_xml(xml, "word/document.xml")
    assert caught.value.code == "unsafe_xml"


def test_deep_nesting_is_refused_by_the_parser() -> None:
    with pytest.raises(UnreadableError) as caught:
        parse_xml(hostile.deep_nesting(100_000), "word/document.xml")
    assert caught.value.code == "xml_error"
    assert "nested too deeply" in caught.value.detail
    with pytest.raises(UnreadableError) as caught:
        parse_xml(hostile.deep_nesting(100_000), huge=True)
    assert caught.value.code == "xml_error"
    assert parse_xml(hostile.deep_nesting(120)).tag == f"{{{hostile.W}}}document"


def test_doctype_in_utf32_part_is_refused_after_parsing() -> None:
    xml = '<?xml version="1.0" encoding="UTF-32"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'
    with pytest.raises(UnreadableError) as caught:
        parse_xml(xml.encode("utf-32-le"))
    assert caught.value.code == "unsafe_xml"


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    assert open_code(fifo) == "not_word"


def test_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "folder.docx").mkdir()
    assert open_code(tmp_path / "folder.docx") == "not_word"


def test_file_over_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path, "form.docx", hostile.small_form())
    assert open_code(path, Limits(max_file_bytes=1000)) == "too_large"


def test_sniff_names_formats() -> None:
    assert sniff(b"PK\x03\x04") is None
    assert sniff(hostile.OLE2_SIGNATURE) == "ole2"
    assert sniff(b"") == "empty_file"


# --------------------------------------------------------------------------- zip bombs


def test_inflation_meter_sees_what_zipfile_inflates(inflation: InflationMeter) -> None:
    # Control for the bounds below: the meter really counts zipfile's output.
    document = hostile.document_xml(p("Svar " * 1000))
    package = Package.from_bytes(hostile.docx_with_document(document))
    before = inflation.produced
    assert package.read_bytes("word/document.xml") == document
    assert inflation.produced - before == len(document)


@pytest.fixture(scope="module")
def bomb_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bombs")
    (folder / "ratio.docx").write_bytes(hostile.bomb_past_ratio())
    (folder / "lying.docx").write_bytes(hostile.bomb_lying_size())
    return folder


def test_bomb_past_ratio_is_refused_before_inflating(
    bomb_dir: Path, inflation: InflationMeter
) -> None:
    path = bomb_dir / "ratio.docx"
    assert path.stat().st_size < MIB  # 200 MiB of zeros, compressed
    assert open_code(path) == "zip_bomb"  # declares more XML than the limit (160 MiB)
    assert inflation.produced < 64 * 1024  # only [Content_Types].xml and .rels


def test_bomb_with_lying_size_stops_at_declared_size(
    bomb_dir: Path, inflation: InflationMeter
) -> None:
    # Central directory and local header both say 18 KiB; the data inflates to 256 MiB.
    assert open_code(bomb_dir / "lying.docx") == "damaged"
    assert inflation.produced < 18 * 1024 + 2 * 65536


@pytest.mark.parametrize("declared", [200 * MIB, 18 * 1024], ids=["truthful", "lying"])
def test_bzip2_bomb_is_refused_before_inflating(
    tmp_path: Path, declared: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*args: object) -> None:
        raise AssertionError("a bzip2 member was inflated")

    monkeypatch.setattr(zipfile.bz2, "BZ2Decompressor", never)  # type: ignore[attr-defined]
    path = write(tmp_path, "bomb.docx", hostile.bzip2_bomb(200 * MIB, declared))
    assert path.stat().st_size < 4096
    assert open_code(path) == "unsupported_compression"


def test_whitespace_megabytes_are_an_honest_file(tmp_path: Path) -> None:
    # 5 MiB of indentation deflate ~1000:1: Apache POI's ratio rule refuses such a file;
    # the absolute limits let it through, and it reads exactly.
    data = hostile.whitespace_form()
    assert len(data) < 64 * 1024
    package = Package.open(write(tmp_path, "pretty.docx", data))
    assert texts(package) == ["1. Beskriv verksamheten", "Vi driver tre skolor."]
    document = read_bytes(data)
    assert [b.text for b in document.blocks] == ["1. Beskriv verksamheten", "Vi driver tre skolor."]


def test_megabyte_answer_paragraph_is_an_honest_file() -> None:
    data, text = hostile.repetitive_answer_form()
    assert len(text) > 1_000_000 and len(data) < 64 * 1024  # about 300:1
    document = read_bytes(data)
    assert [b.text for b in document.blocks] == ["1. Beskriv verksamheten", text]


def test_part_limit_refuses_before_inflating(tmp_path: Path, inflation: InflationMeter) -> None:
    path = write(tmp_path, "big.docx", hostile.docx_with_document(hostile.large_document(2 * MIB)))
    assert open_code(path, Limits(max_part_bytes=MIB)) == "too_large"  # honest: not a bomb
    assert inflation.produced < 64 * 1024


def test_xml_limit_refuses_a_part_before_inflating(
    tmp_path: Path, inflation: InflationMeter
) -> None:
    path = write(tmp_path, "big.docx", hostile.docx_with_document(hostile.large_document(2 * MIB)))
    assert open_code(path, Limits(max_xml_bytes=MIB)) == "too_large"
    assert inflation.produced < 64 * 1024


def test_total_limit_counts_declared_sizes(tmp_path: Path) -> None:
    path = write(tmp_path, "big.docx", hostile.docx_with_document(hostile.large_document(2 * MIB)))
    assert open_code(path, Limits(max_total_bytes=MIB)) == "too_large"


# --------------------------------------------------------------------------- zip directory


def test_end_record_understating_entries_is_caught_after_parsing(tmp_path: Path) -> None:
    data = bytearray(hostile.many_entries(12_000))
    end = data.rindex(b"PK\x05\x06")
    data[end + 8 : end + 12] = (3).to_bytes(2, "little") * 2  # "3 entries"
    assert open_code(write(tmp_path, "lying.docx", bytes(data))) == "too_many_entries"


def test_oversized_central_directory_is_refused_before_parsing(tmp_path: Path) -> None:
    path = write(tmp_path, "dir.docx", hostile.many_entries(200))
    assert open_code(path, Limits(max_entries=10)) == "too_many_entries"


def test_name_not_utf8_is_damaged(tmp_path: Path) -> None:
    entries = hostile.docx_entries(hostile.document_xml(p("Svar")))
    entries.append(hostile.RawEntry(b"word/\xff\xfe.xml", b"", crc=0))
    assert open_code(write(tmp_path, "names.docx", hostile.write_zip(entries))) == "damaged"


def test_local_header_name_mismatch_is_damaged(tmp_path: Path) -> None:
    data = hostile.write_zip(hostile.docx_entries(hostile.document_xml(p("Svar"))))
    forged = data.replace(b"word/document.xml", b"word/documenX.xml", 1)  # local header only
    assert open_code(write(tmp_path, "mismatch.docx", forged)) == "damaged"


# --------------------------------------------------------------------------- relationships


def test_external_relationships_are_listed_but_never_followed() -> None:
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/image" Target="http://127.0.0.1:9/x.png" TargetMode="External"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="../../../etc/passwd"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/attachedTemplate" Target="file:///C:/mallar/Normal.dotm" '
        'TargetMode="External"/></Relationships>'
    )
    data = hostile.replace_members(
        hostile.small_form(), {"word/_rels/document.xml.rels": rels.encode()}
    )
    package = Package.from_bytes(data)
    found = package.relationships("word/document.xml")
    assert [(r.id, r.kind, r.target, r.external) for r in found] == [
        ("rId1", "image", "http://127.0.0.1:9/x.png", True),
        ("rId2", "styles", "etc/passwd", False),
        ("rId3", "attachedTemplate", "file:///C:/mallar/Normal.dotm", True),
    ]
    assert package.related_part("word/document.xml", "image") is None
    assert package.related_part("word/document.xml", "styles") is None
    assert package.related_part("word/document.xml", "attachedTemplate") is None


def test_xml_budget_covers_every_parsed_part(tmp_path: Path) -> None:
    document = hostile.large_document(2 * MIB)
    path = write(tmp_path, "big.docx", hostile.docx_with_document(document))
    assert open_code(path, Limits(max_xml_bytes=MIB)) == "too_large"
    # [Content_Types].xml and the package relationships count too.
    package = Package.open(path, Limits(max_xml_bytes=len(document) + 4096))
    assert package.read_xml(package.main_part) is not None
    with pytest.raises(UnreadableError) as caught:
        package.read_xml(package.main_part)  # a second parse spends the budget again
    assert caught.value.code == "too_large"


@pytest.mark.parametrize(
    ("target", "code"),
    [("../../../etc/passwd", "missing_main_part"), ("/word/document.xml", None)],
)
def test_main_part_target_is_a_part_name_only(target: str, code: str | None) -> None:
    rels = hostile.PACKAGE_RELS.replace('Target="word/document.xml"', f'Target="{target}"')
    entries = hostile.docx_entries(hostile.document_xml(p("Svar")))
    entries[1] = hostile.RawEntry.deflated("_rels/.rels", rels.encode())
    data = hostile.write_zip(entries)
    if code is None:
        assert Package.from_bytes(data).main_part == "word/document.xml"
    else:
        with pytest.raises(UnreadableError) as caught:
            Package.from_bytes(data)
        assert (caught.value.code, caught.value.detail) == (code, "etc/passwd")
