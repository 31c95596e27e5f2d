"""The inbox listing: inputs by suffix, hidden files ignored, symbolic links refused and never followed."""

from __future__ import annotations

import os

from pkit.ingestion.safe_paths import list_inputs

SUFFIXES = frozenset({".txt", ".html"})


def test_inputs_are_listed_and_links_refused(tmp_path):
    inbox, outside = tmp_path / "inbox", tmp_path / "outside"
    (inbox / "2025" / "11").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text("not an inbox file")
    (inbox / "a.txt").write_text("a")
    (inbox / "2025" / "11" / "b.HTML").write_text("<p>b</p>")
    (inbox / ".a.txt.swp").write_text("editor")
    (inbox / "notes.pdf").write_bytes(b"%PDF-")
    os.symlink(outside / "secret.txt", inbox / "link.txt")
    os.symlink(outside, inbox / "linked_folder")

    accepted, refused = list_inputs(inbox, SUFFIXES)

    assert [p.relative_to(inbox).as_posix() for p in accepted] == ["2025/11/b.HTML", "a.txt"]
    assert [(r.file, r.check) for r in refused] == [("link.txt", "path")]
    assert "symbolic link" in str(refused[0])
    # the symlinked folder is not entered: its file is neither an input nor refused
    assert all("secret" not in p.name for p in accepted)
