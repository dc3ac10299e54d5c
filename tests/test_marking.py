"""The marking is computed from everything printed: every text field of the model carries a canary; content
marked TLP:AMBER must not reach a TLP:CLEAR brief by any field, and a brief that prints it is marked AMBER.

The fields are read from the model itself, so a field added later (framing, a contact's title ...) is
covered without anyone remembering to add it here: if the renderer prints it without the selection having
weighed its sensitivity, this test fails.
"""

from __future__ import annotations

import json
import typing
import zipfile
from pathlib import Path

from briefgen.load.dossier import Contact, Dossier, GlossaryEntry, Organisation
from briefgen.load.findings import Ask, Figure, Finding, Quote
from briefgen.load.framing import Framing, Spokesperson
from briefgen.load.sources import Name, Source

from conftest import run_cli

# Printed on any brief whatever its clearance (the title block, a press release's dateline, the organisation's
# "About" paragraph): documented in docs/format.md.
COVER = {("Dossier", "title"), ("Dossier", "subtitle"), ("Dossier", "short_title"), ("Dossier", "place"),
         ("Organisation", "name"), ("Organisation", "about")}
# Not text a brief prints, or text that must have a form of its own (ids, paths, web addresses, CSL types).
NOT_TEXT = {"id", "image", "logo", "attachment", "type", "language", "source", "url", "URL", "archive_url",
            "email", "parse_names"}


def _is_text(annotation) -> bool:
    """str, an annotated str, or either or None: a field that holds one text."""
    if annotation is str:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return typing.get_args(annotation)[0] is str
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return bool(args) and all(_is_text(a) for a in args)
    return False


class Canaries:
    def __init__(self):
        self.by_token: dict[str, tuple[str, str]] = {}

    def token(self, model: str, field: str) -> str:
        token = f"canary{len(self.by_token):03d}x"
        self.by_token[token] = (model, field)
        return token

    def fill(self, model, **fixed) -> dict:
        """The model's text fields each a unique token, with ``fixed`` values for the rest."""
        out = dict(fixed)
        for name, f in model.model_fields.items():
            key = f.alias or name
            if key in out or name in NOT_TEXT or not _is_text(f.annotation):
                continue
            token = self.token(model.__name__, name)
            out[key] = f"{token} [@secret]" if (model, name) in {(Finding, "body"), (Ask, "text")} else token
        return out


def test_nothing_marked_amber_reaches_a_clear_brief_by_any_field(tmp_path):
    from PIL import Image

    c = Canaries()
    root = tmp_path / "d"
    (root / "findings").mkdir(parents=True)
    Image.new("RGB", (40, 30), "white").save(root / "chart.png")
    amber, clear = {"sensitivity": "TLP:AMBER"}, {"sensitivity": "TLP:CLEAR"}
    # What the public brief may print: its own framing and its press contact, both marked CLEAR.
    before = set(c.by_token)
    public_framing = c.fill(Framing, **clear, quote=c.fill(Spokesperson),
                            key_messages=[c.token("Framing", "key_messages")])
    press_contact = c.fill(Contact, **clear, audiences=["public"])
    public_ok = set(c.by_token) - before
    inner_framing = c.fill(Framing, **amber, quote=c.fill(Spokesperson),
                           key_messages=[c.token("Framing", "key_messages") + " [@secret]"])
    inner_framing["purpose"] += " [@secret]"
    dossier = c.fill(Dossier, id="canary", date="2026-01-15", marking="TLP:AMBER", language="en",
                     organisation=c.fill(Organisation), summary=None, background=None,
                     contacts=[c.fill(Contact, **amber), press_contact],
                     glossary=[{**c.fill(GlossaryEntry, **amber), "forms": {"zh-CN": "canaryform"}}],
                     audiences={
                         "public": {"label": "Public", "template": "press", "clearance": "TLP:CLEAR",
                                    "allow_empty": True, "citation_style": "press", "framing": public_framing},
                         "inner": {"label": "Inner", "template": "diplomats", "clearance": "TLP:AMBER",
                                   "framing": inner_framing},
                     })
    dossier = {k: v for k, v in dossier.items() if v is not None}
    c.by_token["canaryform"] = ("GlossaryEntry", "forms")
    dossier["summary"] = dossier["background"] = None
    for key in ("summary", "background"):  # dossier text, at the dossier's marking (AMBER)
        dossier[key] = c.token("Dossier", key)
    (root / "dossier.yaml").write_text(json.dumps(dossier, ensure_ascii=False), encoding="utf-8")
    source = c.fill(Source, id="secret", type="report", issued="2024", URL="https://example.org/secret", **amber,
                    author=[c.fill(Name)])
    (root / "sources.yaml").write_text(json.dumps([source], ensure_ascii=False), encoding="utf-8")
    finding = c.fill(Finding, id="f", confidence="reported", tags=["t"], **amber,
                     quotes=[c.fill(Quote, source="secret")], figures=[c.fill(Figure, image="chart.png",
                                                                               source="secret")])
    (root / "findings" / "f.yaml").write_text(json.dumps(finding, ensure_ascii=False), encoding="utf-8")
    ask = c.fill(Ask, id="a", audiences=["public", "inner"], **amber)
    (root / "asks.yaml").write_text(json.dumps([ask], ensure_ascii=False), encoding="utf-8")

    out = tmp_path / "out"
    result = run_cli("build", root, "--out", out)
    assert result.returncode == 0, result.stderr

    def printed(path: Path) -> str:
        if path.suffix == ".pdf":
            from conftest import pdf_raw_streams, pdf_text

            return pdf_text(path) + pdf_raw_streams(path).decode("latin-1")
        with zipfile.ZipFile(path) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())

    for fmt in ("pdf", "docx"):
        public, inner = printed(out / f"canary-public.{fmt}"), printed(out / f"canary-inner.{fmt}")
        leaked = sorted(c.by_token[t] for t in c.by_token
                        if t in public and c.by_token[t] not in COVER and t not in public_ok)
        assert not leaked, f"AMBER fields in the CLEAR {fmt}: {leaked}"
        for must in [("Framing", "headline"), ("Framing", "hook"), ("Spokesperson", "text"), ("Contact", "name")]:
            assert any(c.by_token[t] == must for t in public_ok if t in public), f"{must} not printed in public"
        cover = {field for t, field in c.by_token.items() if field in COVER and t in public}
        assert {("Dossier", "title"), ("Dossier", "place"), ("Organisation", "about")} <= cover, cover
        assert "TLP:AMBER" in inner and "TLP:AMBER" not in public
        shown = {c.by_token[t] for t in c.by_token if t in inner}
        for must in [("Finding", "title"), ("Finding", "body"), ("Ask", "text"), ("GlossaryEntry", "term"),
                     ("Contact", "name"), ("Dossier", "summary"), ("Source", "title"), ("Framing", "purpose"),
                     ("Framing", "key_messages")]:
            assert must in shown, f"{must} not printed in the AMBER brief: the test would prove nothing"
    assert "public    pdf" in result.stdout and "TLP:CLEAR" in result.stdout.split("public    pdf")[1][:80]


def test_the_running_marking_is_never_covered(make_dossier, tmp_path):
    """A long organisation's name ran over the footer's TLP marking, and a long short title wrapped under the
    header's: each is cut short with "…" beside the marking, on one line, in the PDF."""
    import pdfplumber
    from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES

    name = "The International Consortium of Independent Environmental Investigators and River Keepers Association"
    running = "A running title that goes on " * 8
    dossier = MINIMAL_DOSSIER.replace("organisation: {name: Test Org,", f"organisation: {{name: {name},") \
        .replace("title: Minimal dossier", f"title: Minimal dossier\nshort_title: {running}")
    body = " ".join(["Thousands of fish died downstream of the plant [@pub]."] * 60)
    root = make_dossier({"dossier.yaml": dossier, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": f"- {{id: f, title: T, summary: S, confidence: reported, body: '{body}'}}\n"})
    out = tmp_path / "out"
    result = run_cli("build", root, "-a", "inner", "-f", "pdf", "--out", out)
    assert result.returncode == 0, result.stderr
    with pdfplumber.open(out / "mini-inner.pdf") as pdf:
        assert len(pdf.pages) >= 2
        page = pdf.pages[1]
        words = page.extract_words()
    markings = [w for w in words if w["text"].startswith("TLP:")]
    assert len(markings) == 2, [w["text"] for w in words if "TLP" in w["text"]]  # else run into other words
    header, footer = sorted(markings, key=lambda w: w["top"])
    for marking in (header, footer):
        beside = [w for w in words if abs(w["top"] - marking["top"]) < 4 and w is not marking]
        assert beside and all(w["x1"] < marking["x0"] - 6 or w["x0"] > marking["x1"] + 6 for w in beside), beside
        cut = [w for w in beside if w["x1"] < marking["x0"]]
        assert cut[-1]["text"].endswith("\u2026"), cut[-1]
    lines = {round(w["top"]) for w in words if w["top"] < header["bottom"] + 12}
    assert len(lines) == 1, lines  # the running title on the marking's line, not wrapped below it
