"""Resolutions a paragraph cites, in every citation style of the reports.

Why by pattern, not by the alias trie: a citation is a body phrase and a number ("General
Assembly resolution 75/196", "resolutions 2007/23 and 2009/26", "resolution 10/5 of the
Conference of the Parties ..."), and most cited resolutions are not in the reference data. The
citation forms are the UN's, read from ``data/reference/resolution-citations.toml``
(:mod:`.citations`); keys and display forms come from :mod:`ccpj_graph.mandates`, the one place
that defines the body keys; the profile's ``lexicon.toml`` only maps the reports' body phrases
to those keys.
"""

from __future__ import annotations

import re

from ccpj_graph.errors import CcpjError
from ccpj_graph.extract.entities.citations import Citations, load_citations
from ccpj_graph.extract.entities.cues import Cues, load_cues
from ccpj_graph.extract.entities.mention import EntityMention, sorted_mentions
from ccpj_graph.extract.entities.tokens import vocabulary
from ccpj_graph.extract.sentences import sentence_start
from ccpj_graph.extract.vocab import ID_BASE, Vocabulary
from ccpj_graph.mandates import BODIES, display, mandate_key

__all__ = ["find_mandates", "mandates_in"]


def _clean_number(raw: str) -> str:
    number = raw.replace("\\", "").replace("[", "").replace("](#)", "").replace("(#)", "")
    number = number.rstrip("]")
    return re.sub(r"\s*\(", " (", number).strip()


def _resolve_body(
    text: str, kw_start: int, list_end: int, cues: Cues, forms: Citations, default: str | None
) -> tuple[str | None, str | None, int]:
    """(body key, flag, start of the citation) for the resolution keyword at ``kw_start``."""
    bodies, generic, alternatives = cues.bodies, cues.generic_body_words, cues.body_alternatives
    before = text[:kw_start]
    prefix = forms.fill(forms.body_before, {"bodies": alternatives}).search(before)
    after = forms.fill(forms.body_after, {"bodies": alternatives}).match(text[list_end:])
    if prefix:
        word, start, flag = prefix.group(1), prefix.start(1), None
    elif after:
        word, start, flag = after.group(1), kw_start, None
    else:
        # the body named earlier in the citation's own sentence (the shared splitter), or its
        # clause after a semicolon
        clause_start = max(sentence_start(text, kw_start), before.rfind("; ") + 1)
        nearest = list(re.finditer(rf"\b({alternatives})\b", before[clause_start:]))
        word = nearest[-1].group(1) if nearest else None
        start, flag = kw_start, "body-from-context" if nearest else None
    if word is None:
        return default, ("body-from-context" if default else None), kw_start
    if word in bodies:
        return bodies[word], flag, start
    # "the Council", "the Conference": the last specific body of that kind named before
    options = generic[word]
    last_seen = None
    for phrase, key in sorted(bodies.items(), key=lambda kv: -len(kv[0])):
        if key in options and phrase != word:
            for match in re.finditer(rf"\b{re.escape(phrase)}\b", before):
                if last_seen is None or match.start() > last_seen[0]:
                    last_seen = (match.start(), key)
    if last_seen:
        return last_seen[1], "body-from-context", start
    hinted = [key for key in options if any(h in text for h in cues.conference_hints.get(key, ()))]
    if len(hinted) == 1:
        return hinted[0], "body-from-context", start
    if default in options:
        return default, "body-from-context", start
    return None, "body-unknown", start


def _shape_body(number: str, forms: Citations) -> str | None:
    """The body a number's shape names when the text names none ("1992/22": ECOSOC)."""
    return next((body for shape, body in forms.shapes if shape.fullmatch(number)), None)


def find_mandates(
    text: str, *, body: str | None = None, vocab: Vocabulary | None = None
) -> list[EntityMention]:
    """Resolutions cited in ``text``, in every citation style of the reports.

    The issuing body comes from the words before ("General Assembly resolution 75/196",
    "Commission resolution 27/6"), after ("resolution 10/5 of the Conference of the Parties
    ..."), or around ("in its resolution 65/230, the General Assembly"); a bare "the Council"
    or "the Conference" takes the body named earlier in the paragraph; failing all that,
    ``body`` (the caller's context, a key of ``ccpj_graph.mandates.BODIES``), then the
    number's shape (1992/22: ECOSOC; 75/196: GA). A list ("resolutions 2007/23 and 2009/26")
    gives one mention per number. ``label`` is the display form ("ECOSOC resolution 1992/22"),
    ``key`` the IRI key ("ecosoc-1992-22").
    """
    return mandates_in(text, body=body, vocab=vocabulary(vocab), cues=load_cues())


def mandates_in(
    text: str, *, body: str | None, vocab: Vocabulary, cues: Cues
) -> list[EntityMention]:
    """:func:`find_mandates` with the vocabulary and cues given."""
    if body is not None and body not in BODIES:
        raise CcpjError(f"body: unknown mandate body {body!r}; expected one of {', '.join(BODIES)}")
    forms = load_citations()
    mentions = _symbols(text, vocab, forms)
    for keyword in forms.keyword.finditer(text):
        if _after_excluded(text, keyword.start(), forms):
            continue
        kind = "decision" if keyword.group("decision") else "resolution"
        listing = forms.numbers.match(text, keyword.end())
        if listing is None:
            continue
        list_end = listing.end("list")
        found, flag, cite_start = _resolve_body(text, keyword.start(), list_end, cues, forms, body)
        numbers = list(forms.number.finditer(listing.group("list")))
        for index, number_match in enumerate(numbers):
            number = _clean_number(number_match.group())
            key_body, key_flag = found, flag
            if key_body is None:
                key_body = _shape_body(number, forms)
                key_flag = "body-from-number" if key_body else "body-unknown"
            start = cite_start if index == 0 else listing.start("list") + number_match.start()
            end = listing.start("list") + number_match.end()
            while text[end - 1] in "](#)" and text[start:end].count("(") < text[start:end].count(
                ")"
            ):
                end -= 1
            # an SC number carries its year ("2396 (2017)"): the key keeps the number only
            head, year = number.split(" ")[0], number[len(number.split(" ")[0]) :]
            dated = forms.dated.match(text, end) if index == len(numbers) - 1 else None
            cited_year = int(year.strip(" ()")) if year else None
            if dated and (len(numbers) == 1 or cited_year is None):
                cited_year = cited_year or int(dated.group("year"))
            mentions.append(
                _mention(
                    text, key_body, head, kind, start, end, vocab, forms, key_flag, year, cited_year
                )
            )
    return sorted_mentions(mentions)


def _after_excluded(text: str, at: int, forms: Citations) -> bool:
    """True when a word of ``not_after`` stands right before the keyword ("draft
    resolution")."""
    return any(
        text[max(0, at - len(word) - 1) : at].lower().endswith(word + " ")
        for word in forms.not_after
    )


def _mention(
    text: str,
    body: str | None,
    head: str,
    kind: str,
    start: int,
    end: int,
    vocab: Vocabulary,
    forms: Citations,
    flag: str | None,
    suffix: str = "",
    year: int | None = None,
) -> EntityMention:
    # a number a mandate key can hold ("75/196", "1992/22", "2396"; not "62/3A")
    fits = forms.key_number.fullmatch(head) is not None
    key = mandate_key(body, head, kind=kind) if body and fits else None
    known = vocab.get("mandate", key) if key else None
    label = f"{display(key)}{suffix}" if key else f"{kind} {head}"
    return EntityMention(
        kind="mandate",
        key=key,
        text=text[start:end],
        start=start,
        end=end,
        label=label,
        rule="resolution-citation" if kind == "resolution" else "decision-citation",
        iri=known.iri if known else (f"{ID_BASE}mandate/{key}" if key else None),
        known=known is not None,
        flags=frozenset({flag}) if flag else frozenset(),
        year=year,
    )


def _symbols(text: str, vocab: Vocabulary, forms: Citations) -> list[EntityMention]:
    """Resolutions cited by document symbol: "A/RES/78/123", "S/RES/2396 (2017)"."""
    found = []
    for match in forms.symbol.finditer(text):
        body = forms.organs.get(match.group("organ"))
        if body is None:
            continue
        session, n = match.group("session"), match.group("n")
        yearly = body in forms.yearly
        if yearly == bool(session):
            continue  # an SC symbol has no session; the others must
        head = f"{session}/{n}" if session else n
        year = int(match.group("year")) if match.group("year") else None
        suffix = f" ({year})" if yearly and year else ""
        found.append(
            _mention(
                text,
                body,
                head,
                "resolution",
                match.start(),
                match.end(),
                vocab,
                forms,
                None,
                suffix,
                year,
            )
        )
    return found
