"""The published file's seal: recorded at publish, it tells a file whose bytes changed since (or whose
size did, or whose seal is damaged) from the file that was published."""

from __future__ import annotations

import duckdb

from pkit.build.seal import install_seal, prepare_seal, seal_path, verify_published


def _publish(tmp_path):
    candidate, published = tmp_path / "candidate.duckdb", tmp_path / "pkit.duckdb"
    with duckdb.connect(str(candidate)) as con:
        con.execute("create table t as select range as n, 'row ' || range as s from range(50000)")
        con.execute("checkpoint")
    seal = prepare_seal(candidate, published, "run-1")
    candidate.replace(published)
    install_seal(seal, published)
    return published


def test_a_published_file_verifies_until_a_byte_changes(tmp_path) -> None:
    published = _publish(tmp_path)
    assert verify_published(published) is None
    with published.open("r+b") as fh:  # one block's bytes overwritten in the middle
        fh.seek(published.stat().st_size // 2)
        fh.write(b"\x00garbage\x00")
    assert "SHA-256 differs" in verify_published(published)


def test_a_cut_file_and_a_damaged_seal_do_not_verify(tmp_path) -> None:
    published = _publish(tmp_path)
    with published.open("r+b") as fh:
        fh.truncate(published.stat().st_size - 4096)
    assert "bytes, not the" in verify_published(published)
    seal_path(published).write_text("{not json")
    assert "unreadable" in verify_published(published)


def test_no_file_or_no_seal_yet_is_trusted(tmp_path) -> None:
    assert verify_published(tmp_path / "pkit.duckdb") is None
    published = _publish(tmp_path)
    seal_path(published).unlink()  # published before seals existed
    assert verify_published(published) is None
