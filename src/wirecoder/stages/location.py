"""Event location: among the places of a story, the ones each mention happened at.

Attachment goes from the most to the least specific evidence: places in the trigger's clause (its dependency
subtree), then elsewhere in its sentence, then the last specific place of its paragraph, then the story's focus
(its most-named place). Places joined by 'et' in one phrase ('chassés des provinces de Hama et d'Alep') each get
the event; 'entre X et Y' is one event; a country named in the sentence gives way to a town of that country
named earlier in the paragraph or story. Places that only situate something else never stand for an event:
where fighters came from, where a source sits, a distance mark, the province told after a village; and a
sentence that names a part of the country ('dans le nord du pays') keeps out story towns lying elsewhere.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..geo.gazetteer import Gazetteer
from ..lang import Words, words_of
from ..model import Article, Mention, Place, dateline, paragraph_of
from ..options import Options
from ..syntax import in_source_phrase, is_occurring, lemma, other_occurrence_chars, source_chars


class LocationStage:
    name = "location"
    requires = ("doc", "mentions", "places", "actors")
    assigns = ("locations",)

    def __init__(self, options: Options):
        self.options = options

    def __call__(self, article: Article) -> Article:
        for m in article.mentions:
            m.places = attached_places(article, m)
        article.meta["place_statements"] = place_statements(article)
        return article


def place_statements(article: Article) -> list[tuple[int, Place]]:
    """(sentence, place) for each sentence that says where an occurrence happened ('il est survenu dans le
    village de Djambala', 'l'attaque a eu lieu à Kikideni', 'Antadora, lieu de l'embuscade'): a verb of occurring
    whose subject is a pronoun or a noun, with the place as its complement, or the place with a noun of the scene
    in apposition. A distance mark there places it near the town."""
    doc, out = article.doc, []
    words = words_of(doc)
    sents = {s.start: i for i, s in enumerate(doc.sents)}
    for p in article.places:
        span = doc.char_span(p.span.start, p.span.end, alignment_mode="expand") if p.span else None
        if span is None or p.feature == "country" or span.start_char < article.body_start:
            continue
        root = span.root
        while root.dep_ in ("nmod", "flat:name") and lemma(root.head) in words.city_cues | words.admin_cues:
            root = root.head  # ('dans le village de Djambala')
        verb = root.head
        told = root.dep_.split(":")[0] == "obl" and is_occurring(verb) and any(
            c.dep_.startswith("nsubj") and c.pos_ in ("PRON", "NOUN") for c in verb.children)
        holders = [span.root, root] + ([root.head] if lemma(root.head) in words.directions else [])
        scene = any(c.dep_ == "appos" and lemma(c) in words.scene_nouns and any(  # ('au sud d'Antadora, lieu de
            # l'attaque' may hang the apposition on the direction)
            g.dep_ == "nmod" and g.pos_ == "NOUN" for g in c.children) for h in holders for c in h.children)
        if told or scene:
            place = _near(p) if reference_point(article.text, p, words) else p
            out.append((sents[root.sent.start], place))
    return out


def attached_places(article: Article, m: Mention) -> list[Place]:
    """The places this mention happened at, most specific attachment first."""
    doc = article.doc
    tok = doc[m.trigger]
    sent = tok.sent
    start, end = _sentence_start(sent), _sentence_end(sent)
    in_sent = [p for p in article.places if p.span and start <= p.span.start < end]
    actor_spans = [a.span for a in (m.actor1, m.actor2) if a is not None and a.span is not None]

    def inside_actor(p: Place) -> bool:  # 'l'armée de Syrie' names a country, not where it happened
        return any(s.start <= p.span.start < s.end for s in actor_spans) and p.feature == "country"

    elsewhere = other_occurrence_chars(tok) | source_chars(tok)
    filed = dateline(article)  # 'NAIROBI (Reuters) -': where the story was filed
    in_sent = [p for p in in_sent if not inside_actor(p) and p.span.start not in elsewhere
               and not filed[0] <= p.span.start < filed[1] and not _origin(doc, p) and not _acting_state(doc, p)]
    in_sent = [p for p in in_sent if not _journey_end(doc, p)] or in_sent
    para = paragraph_of(article, sent.start_char)
    before = [p for p in article.places if p.span and p.span.start < start
              and paragraph_of(article, p.span.start) == para and p.feature != "country"
              and not _a_source_place(doc, p) and not reference_point(article.text, p, words_of(doc))
              and not filed[0] <= p.span.start < filed[1]]
    before = [p for p in before if not _situates_another(article.text, p, before, words_of(doc))]
    before = [p for p in before if not _journey_end(doc, p)] or before
    parts = _parts_of_country(article, start, end)
    if in_sent:
        scope = _clause_chars(tok)
        # 'à 50 km de Niamey', 'à la frontière du Niger': a reference point, not where it happened
        words = words_of(tok)
        located = [p for p in in_sent if not reference_point(article.text, p, words)] or \
            [_near(p) if reference_point(article.text, p, words) else p for p in in_sent]
        attached = [p for p in located if p.span.start in scope]
        pool = attached or located
        specific = [p for p in pool if p.feature != "country"]
        if specific:
            # a province named to situate a town of the sentence ('in Dagestan's regional capital Makhachkala')
            specific = [p for p in specific if not (p.feature == "admin1" and any(
                t.feature in ("city", "unlisted") and (t.country, t.admin1) == (p.country, p.admin1)
                for t in specific))] or specific
            # a place in a relative clause that does not hold the trigger tells of someone ('a reporter who exposed
            # abuses in Chechnya was shot in Moscow'), unless no other place is told
            described = _relative_chars(tok)
            specific = [p for p in specific if p.span.start not in described] or specific
            return _coordinated(article.text, specific, words)
        # only a country in the sentence ('au Mali'): a town of that country told just before is more precise
        countries = {p.country for p in pool}
        focus = _focus(article)
        for candidate in ([before[-1]] if before else []) + ([focus] if focus else []):
            if candidate.country in countries and candidate.feature != "country" and _in_part(candidate, parts):
                return [candidate]
        return pool[:1]
    focus = _focus(article)
    for candidate in ([before[-1]] if before else []) + ([focus] if focus else []):
        if _in_part(candidate, parts):
            return [candidate]
    # 'dans le nord du pays' and the story's places are all in its south: somewhere in the country
    whole = [p for p in article.places if p.feature == "country" and p.country in parts]
    return whole[:1] or [c for c in (Gazetteer.default().country_place(k) for k in parts) if c][:1]


def _relative_chars(tok) -> set[int]:
    """Character offsets of the relative clauses of the trigger's sentence that do not hold it."""
    out: set[int] = set()
    for t in tok.sent:
        if t.dep_ == "acl:relcl" and tok.i not in {x.i for x in t.subtree}:
            out.update(x.idx for x in t.subtree)
    return out


def _parts_of_country(article: Article, start: int, end: int) -> dict[str, list[tuple[int, int]]]:
    """The parts of a country a sentence puts its events in ('dans le nord-est du Nigeria', 'le nord du pays',
    'northern Mali'): country -> [(north, east) signs], from the pack's compass words."""
    doc = article.doc
    words = words_of(doc)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not any(t.lower_ in words.compass for t in span):
        return {}
    countries = {p.span.start: p.country for p in article.places
                 if p.feature == "country" and p.span and start <= p.span.start < end}
    joins = words.of_before_name | words.place_articles | words.list_joiners
    out: dict[str, list[tuple[int, int]]] = {}
    pending: list[tuple[int, int]] = []
    for t in span:
        country = countries.get(t.idx) or (article.country if t.lower_ in words.country_nouns else None)
        if pending and country:
            out.setdefault(country, []).extend(pending)
            pending = []
        elif t.lower_ in words.compass and t.pos_ in ("NOUN", "PROPN", "ADJ"):
            pending.append(tuple(words.compass[t.lower_]))
        elif t.lower_ not in joins:
            pending = []
    return out


def _in_part(p: Place, parts: dict[str, list[tuple[int, int]]]) -> bool:
    """Whether a place can be in the part of its country the sentence names: a town in the south third of the
    country is not 'dans le nord du pays' (the country's extent from its provinces' centres)."""
    signs = parts.get(p.country)
    extent = Gazetteer.default().extent(p.country) if signs and p.lat is not None else None
    if extent is None:
        return True
    south, north, west, east = extent
    y = (p.lat - south) / (north - south) - 0.5 if north > south else 0.0
    x = (p.lon - west) / (east - west) - 0.5 if east > west else 0.0
    return any(dy * y >= -0.15 and dx * x >= -0.15 for dy, dx in signs)


def _acting_state(doc, p: Place) -> bool:
    """A country that is the subject of a verb ('la France devrait apporter la preuve'): a state acting, not a
    place where anything happened (one that undergoes it, 'le Mali a été frappé', still is)."""
    if p.feature != "country":
        return False
    span = doc.char_span(p.span.start, p.span.end, alignment_mode="expand")
    return span is not None and span.root.dep_ == "nsubj" and span.root.head.pos_ in ("VERB", "AUX")


def _origin(doc, p: Place) -> bool:
    """A place someone came from ('une colonne arrivant de Sibut et Bossembélé s'est emparée de Damara'), not
    where the event happened."""
    span = doc.char_span(p.span.start, p.span.end, alignment_mode="expand")
    if span is None:
        return False
    words = words_of(doc)

    def came_from(tok) -> bool:
        while tok.dep_ == "conj" and tok.head is not tok:
            tok = tok.head  # ('de Sibut et Bossembélé': both are where it came from)
        cases = {c.lower_ for c in tok.children if c.dep_ == "case"}
        people = [tok.head, *(c for c in tok.head.children if c.dep_ == "conj")]  # (the parser may hang it on
        # the first of the people listed: 'local militias and tribal fighters from Tarhouna')
        home = {w.rstrip("s") for w in cases | {t.lower_ for t in tok.doc[max(0, tok.i - 3):tok.i]}}
        return lemma(tok.head) in words.origin_verbs and bool(cases & words.origin_prepositions) or \
            any(lemma(x) in words.individual_nouns for x in people) and bool(home & words.hometown_words)
        # ('al-Kani fighters from Tarhouna', 'des combattants originaires de Tarhouna' fought in Tripoli)

    before = span.start - 1
    while before >= 0 and (doc[before].lower_ in words.list_joiners or doc[before].text == ","):
        before -= 1  # (the parser may hang the second name of the list elsewhere)
    listed = before < span.start - 1 and before >= 0 and doc[before].pos_ == "PROPN"
    return came_from(span.root) or listed and came_from(doc[before])


def _journey_end(doc, p: Place) -> bool:
    """A place someone was travelling to or from ('un convoi qui se rendait à Natiaboani', 'avaient quitté Fada'):
    where things happened on the way only when the text names no other place."""
    span = doc.char_span(p.span.start, p.span.end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return lemma(tok.head) in words_of(doc).journey_verbs and tok.dep_.split(":")[0] in ("obl", "obj")


def _toward(between: str, words: Words) -> bool:
    """The words between two places point in a direction ('à l'ouest d''): the second only situates the first."""
    return bool(words.directions & set(re.split(r"[\s,()'’]+", between.lower())))


def _situates_another(text: str, p: Place, places: list[Place], words: Words) -> bool:
    """A province or district told just after a village only to situate it ('à Kaya, dans la province du
    Sanmatenga'), or a town it lies in a direction of ('Kouri, au nord de Tahoua'): the village is
    where things happened."""
    for q in places:
        if q is p or q.span.end > p.span.start or p.span.start - q.span.end > 40:
            continue
        between = text[q.span.end:p.span.start].lower()
        said = set(re.split(r"[\s,()'’]+", between))
        if ("," in between or "(" in between) and (words.admin_cues & said or _toward(between, words)):
            return True  # (or only to point to it: 'le hameau de Kouri, au nord de Tahoua')
    return False


def _a_source_place(doc, p: Place) -> bool:
    """A place told only as where a source is ('selon une ONG de Londres', 'une ONG basée à Londres'): no later event
    happened there."""
    span = doc.char_span(p.span.start, p.span.end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root.head
    return in_source_phrase(span[0]) or lemma(head) in words_of(doc).seat_verbs and head.pos_ in ("VERB", "ADJ")


def _sentence_start(sent) -> int:
    """Where the sentence really starts: one the parser began at a comma or a lowercase word (', a été visé
    par une attaque' after 'le poste militaire de Tessit, non loin de Gao et de Ménaka') goes on
    the one before it."""
    doc, first = sent.doc, sent
    while first.start > 0:
        lead = first.text.lstrip()[:1]
        if not lead or not (lead in ",;" or lead.islower()):
            break
        first = doc[first.start - 1].sent
    return first.start_char


def _sentence_end(sent) -> int:
    """Where the sentence really ends: the parser sometimes cuts one before a comma ('... du vendredi 8 octobre',
    ', une mosquée chiite de Kunduz'); a following 'sentence' that starts with a comma or a lowercase word
    continues it."""
    doc, end = sent.doc, sent.end
    while end < len(doc):
        nxt = doc[end].sent
        first = nxt.text.lstrip()[:1]
        if not first or not (first in ",;" or first.islower()):
            break
        end = nxt.end
    return doc[end - 1].idx + len(doc[end - 1].text)


def _near(p: Place) -> Place:
    """A town that only situates the event ('à 40 km au sud de Gao'): near it, precision 2 (ACLED)."""
    if p.feature in ("city", "unlisted") and p.geo_precision < 2:
        return replace(p, geo_precision=2)
    return p


def reference_point(text: str, p: Place, words: Words) -> bool:
    """A place the text measures a distance from ('à 276 km au nord-est de Ouagadougou'), not where anything is."""
    before = text[max(0, p.span.start - 45):p.span.start].lower().replace("’", "'").split()
    return any(w in words.distance_words for w in before[-6:])  # ('à quelque 600 km au sud de la capitale Bamako')


def _clause_chars(tok) -> set[int]:
    head = tok.head if tok.pos_ == "NOUN" and tok.head.pos_ in ("VERB", "AUX") else tok
    return {t.idx for t in head.subtree}


def _coordinated(text: str, places: list[Place], words: Words) -> list[Place]:
    """Places joined by 'et' in the same phrase each get the event; otherwise the first specific one."""
    if len(places) < 2:
        return places
    first = places[0]
    before = text[max(0, first.span.start - 40):first.span.start].lower().split()
    if words.between_prepositions & set(before[-4:]):
        return [first]  # 'entre les villes de Djibo et de Bourzanga': one event between them
    out = [first]
    for p in places[1:]:
        between = text[first.span.end:p.span.start] if p.span.start > first.span.end else ""
        between = re.sub(r"\([^()]*\)", " ", between)  # 'Torcy (Seine-et-Marne) et Bezons': the brackets situate
        joining = between.lower().replace("’", "'").split()
        joined = bool(joining) and len(joining) <= 5 and (bool(words.list_joiners & set(joining)) or
                                                          "," in between) and \
            all(w in words.list_words or w.startswith(tuple(words.list_elisions)) for w in joining) and \
            not _toward(between, words)  # ('Rawda, à l'ouest d'Al-Arich')
        listed = set(joining) <= words.list_joiners  # 'Gara, Zap, Hakurk et Avasin': a town and unlisted villages alike
        if joined and (p.feature == first.feature or listed and {p.feature, first.feature} <= {"city", "unlisted"}) \
                and p.feature != "country":
            out.append(p)
            first = p
    return out


def _focus(article: Article) -> Place | None:
    """The story's main place: the most often named non-country place of the story's country, else the first."""
    words = words_of(article.doc)
    filed = dateline(article)  # ('(Beyrouth) Le Hezbollah...': where the story was filed)
    local = [p for p in article.places if p.feature != "country"
             and (not article.country or p.country == article.country)
             and not (p.span and (reference_point(article.text, p, words) or filed[0] <= p.span.start < filed[1]))]
    # ('à 400 km au nord de Mogadiscio')
    if not local:
        countries = [p for p in article.places if p.feature == "country" and p.country == article.country]
        return countries[0] if countries else None
    local = [p for p in local if not (p.span and _journey_end(article.doc, p))] or local  # ('un convoi qui se
    # rendait à Natiaboani', when the story names where it was attacked)
    counts: dict[str, int] = {}
    for p in local:
        counts[p.name] = counts.get(p.name, 0) + 1
    best = max(local, key=lambda p: (counts[p.name], -local.index(p)))
    return best


