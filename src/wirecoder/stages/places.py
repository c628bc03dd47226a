"""Places: the story's toponyms resolved with the offline gazetteer, and the story's main country.

Toponyms are the parser's LOC entities, plus proper nouns after a place cue ('la localité de X'), minus spans
that name an actor ('Jaish al-Nasr'). Each name's best exact gazetteer match, out of context, votes for the
story's country, with the story's demonyms and actors. The toponyms are then resolved together by the one
resolver, `geo.geocode.resolve_toponyms` (the one ``wirecoder geocode`` and bench/geocode_eval.py measure), given
that country and each name's cues; the entities the parser read as persons or organisations that name a province
or a large town of that country are added first ('ont pris Mazar-i-Sharif'). Administrative cues ask for a kind
('la province d'Idleb' is an admin1); 'près de', 'au nord de' give geo_precision 2; a region of the
country ('la Ghouta orientale', regions.tsv) gives precision 3; a village the gazetteer lacks falls back to the
admin1 named near it (precision 3), never to a same-named place abroad.
"""
from __future__ import annotations

from collections import Counter

from ..actors import actor_dictionary
from ..geo.gazetteer import Gazetteer, initial, translit
from ..geo.geocode import Hint, resolve_toponyms
from ..lang import get_pack, words_of
from ..model import Article, Place, Span, dateline
from ..options import Options
from ..registry import PACKS
from ..resources import fold
from ..syntax import is_report_verb, lemma, names
from .location import reference_point
from .nlp import parse_text

UNLISTED = "unlisted"  # feature of a place the gazetteer lacks, located by its province
BIG_CITY = 1_000_000
STORY_COUNTRY_MIN_VOTE = 1.0  # one hamlet matching a name of the story is no evidence of its country
SLIP_RATIO = 85  # two spellings this close (rapidfuzz ratio) are one name mistyped
COMMON_WORD_ZIPF = 4.5  # a word this frequent in the language (wordfreq's Zipf scale) is no unlisted village's name
MISREAD_TOWN_POPULATION = 50_000  # a PER/ORG entity naming a town this large in the story's country is a place
RESOLVED_KINDS = ("city", "admin1", "country")  # regions are the stage's own (regions.tsv, `_region`)


def _joined_locations(doc):
    """The parser's LOC entities, two that touch joined into one: it often splits a name it does not know
    ('Kryvyi Rih' read as 'Kryvyi' and 'Rih')."""
    out = []
    for ent in doc.ents:
        if ent.label_ != "LOC":
            continue
        if out and out[-1].end == ent.start and doc[ent.start - 1].whitespace_ == " ":
            out[-1] = doc[out[-1].start:ent.end]
        else:
            out.append(ent)
    return out


def toponym_spans(article: Article, named_actor_tokens: set[int]):
    """(start token, end token) of candidate toponyms in the body, in text order."""
    doc = article.doc
    words = words_of(doc)
    seen: set[int] = set()
    spans = []
    for ent in _joined_locations(doc):
        if ent.start_char < article.body_start:
            continue
        if any(i in named_actor_tokens for i in range(ent.start, ent.end)):
            continue
        end = ent.start
        while end < ent.end and "\n" not in doc[end].text and (end == ent.start or "\n" not in doc[end - 1].whitespace_):
            end += 1
        end = end if end > ent.start else ent.end  # an entity never runs across a line break
        start = ent.start
        # 'région du Bas-Shabelle': the cue words belong before the name, where `cues` reads them
        # and any lower-case lead-in ('aéroport d'Athènes' is Athènes)
        while start < end - 1 and (doc[start].lemma_.lower() in words.admin_cues | words.city_cues or
                                   doc[start].lower_ in words.name_lead_words
                                   or doc[start].text[:1].islower()):
            start += 1
        while end > start + 1 and doc[end - 1].text[:1].islower() and doc[end - 1].pos_ != "ADJ":
            end -= 1  # 'Kaya mercredi matin' is Kaya ('la Ghouta orientale' keeps its adjective)
        text = doc[start:end].text
        if not text[:1].isupper() or (len(text) <= 3 and text.isupper()) or text.lower() in words.directions:
            continue  # lower-case words, acronyms ('QG', 'ONU') and bare directions are not toponyms
        if start > 0 and doc[start - 1].lower_ in words.person_titles and end - start >= 2 or \
                doc[start].lower_ in words.person_titles and end - start >= 3:
            continue  # 'le président Volodimir Zelensky', 'President Rodrigo Duterte' (the title in the entity): a
            # person's name ('General Santos', a title and one name, is a city)
        root = doc[start:end].root
        if names(root.head) and not any(t.dep_ == "case" for t in root.children) and \
                lemma(root.head.head) not in words.city_cues | words.admin_cues:
            continue  # 'un cartel nommé « Los Tequileros »': a group's name ('un village nommé X' is a place)
        spans.append((start, end))
        seen.update(range(start, end))
    # proper nouns after a place cue that the NER missed: 'la localité d'Al-Khowein'
    for tok in doc:
        # the tagger often reads an unknown capitalised name as a common noun: the capital and the cue decide
        if tok.i in seen or tok.pos_ not in ("PROPN", "NOUN", "X") or tok.idx < article.body_start \
                or tok.i in named_actor_tokens or tok.is_sent_start or not tok.text[:1].isupper():
            continue
        # (a cue word inside a group's name, 'the Islamic State (IS)', cues nothing)
        window = doc[max(0, tok.i - 5, tok.sent.start):tok.i]  # (a cue of the sentence before cues nothing here)
        stop = max((t.i for t in window if t.text in (",", ";", ":")), default=window.start - 1)
        if any("Plur" in t.morph.get("Number") for t in doc[window.start:stop + 1]):
            stop = window.start - 1  # ('les régions de Gara, Zap et Hakurk': a list the cue covers)
        # (a cue before a comma is another phrase's: 'le commandant de la gendarmerie pour cette région, Aminu Garba')
        prev = [t.lemma_.lower() for t in doc[stop + 1:tok.i] if t.i not in named_actor_tokens]
        if tok.lower_ in words.directions or tok.lower_ in words.calendar_words:
            continue  # 'les villages du Nord-est de la province', 'the city ... on Friday night'
        first = tok.i
        while first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].text[:1].isupper():
            first -= 1
        if first > 0 and doc[first - 1].lower_ in words.person_titles:
            continue  # 'la ville natale du président Volodimir Zelensky': the cue is the town's, the name a person's
        if (any(p in words.city_cues or p in words.admin_cues or p in words.facility_cues for p in prev) or
                _cue_after(tok, words)) and tok.text[:1].isupper() and not (len(tok.text) <= 3 and tok.text.isupper()):
            end = tok.i + 1
            while end < len(doc) and (doc[end].pos_ == "PROPN" or doc[end].text == "-") and end not in seen:
                end += 1
            spans.append((tok.i, end))
            seen.update(range(tok.i, end))
    # 'à Gara, Zap, Hakurk et Avasin-Basyan': capitalised names listed after a toponym, in a list closed by a
    # conjunction, are toponyms too (the parser seldom coordinates such lists; 'à Conakry, Mouctar Bah' is no list)
    for s, e in sorted(spans):
        chain, j, closed = [], e, False
        while True:
            k = j
            while k < len(doc) and k - j < 3 and doc[k].lower_ in words.conjoined | words.place_articles:
                k += 1
            if k == j or k >= len(doc) or k in seen or k in named_actor_tokens or not doc[k].text[:1].isupper() \
                    or doc[k].pos_ not in ("PROPN", "NOUN", "X") or doc[k].lower_ in words.directions \
                    or doc[k].is_sent_start:
                break
            closed = closed or any(t.lower_ in words.list_closers for t in doc[j:k])
            end = k + 1
            while end < len(doc) and end not in seen and (doc[end].pos_ == "PROPN" or doc[end].text == "-"
                                                          or doc[end - 1].text == "-"):
                end += 1
            chain.append((k, end))
            j = end
        if closed:
            while chain and not any(t.lower_ in words.list_closers for t in doc[chain[-2][1] if len(chain) > 1 else e:
                                                                           chain[-1][0]]):
                chain.pop()  # names after the closing 'et' ('..., Cosa et Bambéto, Dixinn') are not in the list
            for k, end in chain:
                spans.append((k, end))
                seen.update(range(k, end))
    # a news agency or a source the story cites is no place ('Xinhua', 'the Syrian Observatory'), nor is a
    # time zone ('05H30 heure de Paris', '0530 Paris time')
    return sorted((s, e) for s, e in spans if fold(doc[s:e].text) not in words.sources and not _clock(doc, s, e))


def _clock(doc, start: int, end: int) -> bool:
    words = words_of(doc)
    before = [t.lower_ for t in doc[max(0, start - 2):start]]
    after = doc[end].lower_ if end < len(doc) else ""
    return (len(before) == 2 and before[0] in words.clock_nouns and before[1] in words.genitive_prepositions) or \
        after in words.clock_nouns


def _cue_after(tok, words) -> str:
    """The place cue a name modifies, right after it ('Aleppo province', 'Sinjar town'), or ''."""
    head = tok.head
    if tok.dep_ != "compound" or not tok.i < head.i <= tok.i + 3:
        return ""
    lem = head.lemma_.lower()
    return lem if lem in words.admin_cues or lem in words.city_cues or lem in words.facility_cues else ""


def cues(doc, start: int, end: int | None = None) -> tuple[str | None, int]:
    """The kind asked for by the words before a toponym (or the cue it modifies right after it: 'Aleppo
    province'), and its geo_precision (1 or 2)."""
    words = words_of(doc)
    before = [t.lemma_.lower() for t in doc[max(0, start - 4):start]]
    after = _cue_after(doc[end - 1], words) if end else ""
    if after in words.admin_cues:
        return "admin1", 1
    if after in words.city_cues:
        return "city", 1
    kind = None
    for w in reversed(before):
        if w in words.locative and w not in words.of_before_name:
            break  # 'a village in Kenya', 'un village à Kidal': the cue is another phrase's
        if w in words.admin_cues:
            kind = "admin1"
            break
        if w in words.city_cues:
            kind = "city"
            break
    precision = 2 if any(w in words.near_cues for w in before) else 1
    return kind, precision


class PlaceStage:
    name = "places"
    requires = ("doc",)
    assigns = ("places", "country")

    def __init__(self, options: Options):
        self.options = options

    def __call__(self, article: Article) -> Article:
        gaz = Gazetteer.default()
        doc = article.doc
        words = words_of(doc)
        d = actor_dictionary(self.options.actors, self.options.countries, article.lang)
        named = d.named(doc)
        article.meta["named_actors"] = named
        actor_tokens = {i for s, e, _ in named for i in range(s, e)}
        # a name whose head is a force or a group ('the Syrian Armed Forces', 'les Forces armées maliennes') is
        # who acts, not where
        spans = [(s, e) for s, e in toponym_spans(article, actor_tokens)
                 if d.generic_kind(doc[s:e].root) in (None, "civilian", "government")]
        demonyms = [(t.pos_, d.demonym_at(t, lemma=False)) for t in doc]  # (country of each token's demonym)
        article.country = self._story_country(article, gaz, spans, named, [iso for _, iso in demonyms])
        named = [(s, e, a) for s, e, a in named if not d.described_abroad(doc[s:e], a, article.country)]
        article.meta["named_actors"] = named
        spans = sorted(spans + self._misread_towns(article, gaz, spans, actor_tokens))
        # the countries the story points to: named, or by a demonym ('le groupe palestinien du Jihad islamique'),
        # or as the home of a group it names
        by_demonym = {iso for pos, iso in demonyms if iso and pos in ("ADJ", "NOUN", "PROPN")}
        mentioned = self._countries_named(article, gaz, spans) | by_demonym | \
            {a.country for _, _, a in named if a.country and not a.pattern}
        places: list[Place] = []
        unresolved: list[tuple[int, int, str | None]] = []
        asked = []  # per span: (kind, precision) its cues ask for, and the country brackets bind it to
        last_kind, last_end = None, -1
        for s, e in spans:
            kind, precision = cues(doc, s, e)
            between = doc[last_end:s] if last_end >= 0 else None
            if kind is None and between is not None and len(between) <= 3 and \
                    all(t.lower_ in words.conjoined for t in between):
                kind = last_kind  # 'les provinces de Hama et d'Alep': the cue covers both
            last_kind, last_end = kind, e
            # 'Rome (Italie)', 'la ville malienne de Ménaka'
            asked.append((kind, precision, _bracketed_country(doc, e, gaz) or _cue_country(doc, s, d)))
        resolved = resolve_toponyms(parse_text(article), [_chars(doc, s, e) for s, e in spans],
                                    gaz, country=article.country, kinds=RESOLVED_KINDS, demonyms=False,
                                    hints=[Hint(kind, told) for kind, _, told in asked])
        # a province the text calls one, spelt nearly as the country's list has it ('la province du
        # Balouchistan'), and each other use of that spelling
        provinces = {fold(doc[s:e].text): p for (s, e), (kind, _, told) in zip(spans, asked)
                     if kind == "admin1" and (told or article.country) and not gaz.spelt_as_listed(doc[s:e].text)
                     for p in [gaz.admin1_spelt_near(doc[s:e].text, told or article.country)] if p is not None}
        for (s, e), (kind, precision, told), res in zip(spans, asked, resolved):
            text = doc[s:e].text
            best = res.place if not res.focus else None
            if told and best is not None and best.country != told:
                best = None
            if kind == "city" and best is not None and best.feature == "country" and _settlement_named(doc, s, e):
                best = None  # 'au village de Mann' is a village, not the Isle of Man (Mann in Manx)
            region = self._region(gaz, text, article.country) if kind != "city" else None
            if region is not None and not any(p.country == region.country for p in
                                              gaz.lookup(text, country=article.country, limit=3, fuzzy=False)):
                best = region  # 'la Ghouta orientale', 'le Donbass': a region, not a town spelt nearly so
            if best is not None and best.feature in ("region", "admin1"):
                best = _compass_part(gaz, doc, s, best) or best
            if best is not None and not self._plausible(best, article, text, mentioned):
                # a namesake abroad: the one of a country the story names ('Gaza' in a story of Israel and the
                # Hamas, not the Mozambican province), else fall back to the local admin1
                best = self._namesake_in_story(gaz, text, article.country, mentioned)
            if best is not None and _other_province(best, places, doc[s].sent, doc[s].idx):
                best = None  # 'à Zamfara, ... les villages de Gora': not the Gora of Katsina the gazetteer lists
            if best is not None and best.feature in ("city", "admin1") and not (told or article.country) and \
                    not gaz.spelt_as_listed(text):
                best = None  # a story whose country is unknown: a town or a province only spelt like this one
                # abroad is a guess ('Donga Mantung', a Cameroonian department, is not Benin's Donga)
            if best is not None and best.feature == "city" and \
                    (_after_subcity_cue(doc, s) or (_elsewhere(best, places) and not _slip(text, best.name))) and \
                    (not gaz.lookup(text, country=told or article.country, limit=1, fuzzy=False) or
                     _other_initial(gaz, text, best)):
                # only spelt nearly so: 'le quartier de Karada à Bagdad' is a part of the town, not Qeredagh; a
                # loose spelling in a province the story's places are not in is a guess against the story (a
                # one-letter slip, 'Ansogo' for Ansongo, is not)
                best = None
            if best is not None and best.feature == "city" and _street_name(doc, s) and (
                    doc[s].lower_ not in words.street_cues or not gaz.lookup(
                        text, country=told or article.country, limit=1, fuzzy=False)):
                best = None  # 'la place Baquedano', 'le Pont d'Austerlitz': in a town, not a town of that name
                # (or spelt nearly so); 'Pont-Sainte-Maxence', spelt as listed, is a town
            if best is not None and best.feature == "city" and best.country != (told or article.country) and \
                    _natural_feature(doc, s, e):
                best = None  # 'close to the Tisa river': a river of the story's land, not Romania's town of Tisa
            span = Span(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), text)
            if best is None and provinces:
                best = provinces.get(fold(text)) or next(
                    (p for t, p in provinces.items() if translit(t) == translit(fold(text))), None)
            if best is None:
                unresolved.append((s, e, told))
                continue
            if gaz.is_capital_place(best) and _seat_of_power(doc[s:e].root, d):
                continue  # 'le régime de Damas', 'le pouvoir de Kinshasa': the government, not where anything is
            prec = 3 if best.feature in ("admin1", "country", "region") else precision
            places.append(_with(best, text=text, span=span, geo_precision=prec))
        unresolved_set = {(s, e) for s, e, _ in unresolved}
        placed_ends = {e for s, e in spans if (s, e) not in unresolved_set}  # 'à Gara, Zap, Hakurk et Avasin'
        for s, e, told in unresolved:
            street = _street_name(doc, s)
            part = self._part_of(article, gaz, s, e) if not street else None
            if part is not None:  # 'Deraa al-Balad': a quarter of a known town, placed at that town
                places.append(part)
                continue
            conjoined = any(0 < s - x <= 3 and all(t.lower_ in words.conjoined for t in doc[x:s]) for x in placed_ends)
            if not (_located(doc, s) or conjoined):
                continue  # a capitalised word that is not in the gazetteer and not used as a place
            if not _name_like(doc, s, e) or _speaker(doc[s:e]) or _common_word(doc[s:e], article.lang):
                continue
            if e - s == 1 and d.demonyms.get(fold(doc[s].text)):
                continue  # 'quatre Syriens tués': people, not a village the gazetteer lacks
            if gaz.spelt_as_listed(doc[s:e].text) and any(
                    p.feature == "city" and p.population >= BIG_CITY
                    for p in gaz.lookup(doc[s:e].text, limit=1, fuzzy=False)):
                continue  # 'à New York' in a story of Mali: the city abroad (where something was said), no
                # village of the story's country the gazetteer lacks (spelt so: 'Chamaa' is not Sanya)
            placed_ends.add(e)
            town = self._town_of_quarter(article, places, s, e, street)
            if town is not None:  # 'les quartiers de Tanak et Yarmouk': parts of the town named nearby
                text = doc[s:e].text
                places.append(_with(town, text=text, span=Span(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text),
                                                                text), geo_precision=2))
                continue
            if street:
                continue  # a street or a square of a town the story does not name nearby: no village
            fallback = self._fallback(article, gaz, places, s, told)
            if fallback is not None:
                # a place the gazetteer lacks keeps its own name, with its province's admin1 and centre
                text = doc[s:e].text
                span = Span(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), text)
                if e - s > 4 or any(t.ent_type_ == "PER" for t in doc[s:e]) and cues(doc, s, e)[0] is None:
                    places.append(_with(fallback, text=text, span=span, geo_precision=3))  # not a clean name
                    # (a person's, says the parser, unless a cue calls it a village: 'le village de Goni Usmanti')
                else:
                    places.append(_with(fallback, name=text, text=text, span=span, geo_precision=3,
                                        feature=UNLISTED, geonames_id=None, population=0))
        places += _named_again(article, places, actor_tokens)
        places = _one_province_per_name(places)
        places.sort(key=lambda p: p.span.start if p.span else 0)
        article.places = _loose_elsewhere(article, gaz, places)
        # the tokens of the places found, for the rules that ask whether a word is a place ('@place' in the
        # lexicon): the parser's entity label alone misses the towns it does not know
        place_tokens(article)
        return article

    @staticmethod
    def _misread_towns(article: Article, gaz: Gazetteer, spans, actor_tokens: set[int]) -> list[tuple[int, int]]:
        """Entities the parser took for a person or an organisation ('Mazar-i-Sharif' as PER) that exactly name
        a province or a town of MISREAD_TOWN_POPULATION or more in the story's country, used as a place (after a
        locative preposition or a place cue, or as the object of a verb)."""
        doc = article.doc
        taken = {i for s, e in spans for i in range(s, e)}
        out = []
        for ent in [e for e in doc.ents if e.label_ != "LOC"] + _unlabelled_names(doc):
            if ent.start_char < article.body_start or \
                    any(i in taken or i in actor_tokens for i in range(ent.start, ent.end)):
                continue
            end = ent.end
            while end > ent.start + 1 and doc[end - 1].pos_ == "ADJ" and doc[end - 1].text[:1].islower():
                end -= 1  # 'dans le Sahel burkinabè' read as an organisation: the name without its adjective
            ent = doc[ent.start:end]
            located = _located(doc, ent.start) or ent.start > 1 and doc[ent.start - 1].lower_ in \
                words_of(doc).place_articles and _located(doc, ent.start - 1)  # ('dans le Sahel')
            situated = _situated_after(doc, ent.end)
            if not (located or situated or ent.root.dep_ in ("obj", "obl:arg")):
                continue
            # (in a story whose country is still unknown, a city of MISREAD_TOWN_POPULATION or more named as it is
            # listed after a locative word: 'the outskirts of Karachi' read as an organisation, 'west of Gao' as a
            # person; as the object of a verb, only a city of BIG_CITY or more)
            # (a town of any size when the text situates it right after: 'Khan Cheikhoun, en Syrie')
            if any((p.country == article.country and (p.feature == "admin1" or p.feature == "city"
                                                      and (p.population >= MISREAD_TOWN_POPULATION or situated)))
                   or (not article.country and p.feature == "city" and fold(p.name) == fold(ent.text)
                       and (p.population >= BIG_CITY or located and p.population >= MISREAD_TOWN_POPULATION
                            and not _common_word(ent, article.lang)))
                   for p in gaz.lookup(ent.text, country=article.country, limit=3, fuzzy=False)):
                out.append((ent.start, ent.end))
        return out

    @staticmethod
    def _region(gaz: Gazetteer, text: str, country: str | None) -> Place | None:
        """The region (regions.tsv) exactly called `text` that lies in the story's country (or in one country,
        when the story has none): 'Darfour', 'Sud-Waziristan'. Regions of several countries ('le Sahel') locate
        no event."""
        for place, _score in gaz.lookup_scored(text, country=country, kind="region", limit=3, fuzzy=False):
            if place.feature == "region" and place.country and (country is None or place.country == country):
                return place
        return None

    @staticmethod
    def _town_of_quarter(article: Article, places: list[Place], start: int, end: int, street: bool) -> Place | None:
        doc = article.doc
        if not (street or _after_subcity_cue(doc, start)):
            return None
        after = fold(article.text[doc[end - 1].idx + len(doc[end - 1].text):][:60])
        for p in places:  # 'le quartier de Khan Abad Bandar de Kunduz': the town named right after it
            if p.feature == "city" and p.text and after.startswith(tuple(f"{w} {fold(p.text)}"
                                                                         for w in words_of(doc).of_folded)):
                return p
        sent = doc[start].sent
        para_start = article.text.rfind("\n\n", 0, doc[start].idx)
        towns = [p for p in places if p.feature == "city" and p.span and max(para_start, 0) <= p.span.start
                 and (p.span.start < sent.end_char)]
        return min(towns, key=lambda p: abs(p.span.start - doc[start].idx)) if towns else None

    def _part_of(self, article: Article, gaz: Gazetteer, s: int, e: int) -> Place | None:
        """A multi-word name whose head is a known town of the story's country ('Deraa al-Balad', 'Mossoul-Ouest')."""
        doc = article.doc
        words = [t for t in doc[s:e] if t.text not in ("-",)]
        if len(words) < 2:
            return None
        head = words[0].text
        cands = gaz.lookup(head, country=article.country, limit=1, fuzzy=False)
        if not cands or cands[0].country != article.country or cands[0].feature not in ("city", "admin1"):
            return None
        text = doc[s:e].text
        return _with(cands[0], text=text, span=Span(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), text),
                     geo_precision=2 if cands[0].feature == "city" else 3)

    @staticmethod
    def _countries_named(article: Article, gaz: Gazetteer, spans) -> set[str]:
        out = set()
        for s, e in spans:
            iso = gaz.country_of(article.doc[s:e].text)
            if iso:
                out.add(iso)
        return out

    @staticmethod
    def _namesake_in_story(gaz: Gazetteer, text: str, country: str | None, mentioned: set[str]) -> Place | None:
        """The town or province spelt exactly so in the story's country or a country it names, the most
        populous."""
        allowed = ({country} | mentioned) - {None}
        found = [gaz.place(i) for i, tier in gaz.match_tiers(text, fuzzy=False).items() if tier >= 3]
        found = [p for p in found if p.country in allowed and p.feature in ("city", "admin1")]
        return max(found, key=lambda p: p.population, default=None)  # (spelt exactly so: no loose namesake)

    @staticmethod
    def _plausible(best: Place, article: Article, text: str, mentioned: set[str]) -> bool:
        """A place outside the story's country must be a country, a region or a big city the story points to."""
        if best.feature == "country" and best.country != article.country and \
                not Gazetteer.default().spelt_as_listed(text):
            return False  # a country is named as it is spelt: 'mont Chaambi' is no loose 'Zambia'
        if not article.country or best.country == article.country or best.feature == "country":
            return True
        if best.country in mentioned:
            return True
        if best.feature == "admin1":
            return False  # a foreign province only when the story names its country
        from rapidfuzz import fuzz

        close = fuzz.ratio(fold(text), fold(best.name)) >= 90
        return close and best.population >= BIG_CITY

    def _story_country(self, article: Article, gaz: Gazetteer, spans, named, demonyms: list) -> str | None:
        votes: Counter[str] = Counter()
        doc = article.doc
        words = words_of(doc)
        seen: set[str] = set()
        capitals: set[str] = set()
        countries: set[str] = set()
        for s, e in spans:
            name = fold(doc[s:e].text)
            if name in seen:
                continue  # each name votes once: one ambiguous name repeated ('Tigré' x 6) must not outvote the rest
            seen.add(name)
            asked = cues(doc, s, e)[0]  # ('l'Etat de Borno' names Nigeria's province, not Borna in Saxony)
            cands = gaz.lookup(doc[s:e].text, country=_bracketed_country(doc, e, gaz), limit=1, fuzzy=False,
                               kind="admin1" if asked == "admin1" else None)  # a guess must not choose the country
            if cands:
                best = cands[0]
                if best.feature == "country" and _settlement_named(doc, s, e):
                    continue  # 'au village de Mann' names no country (the Isle of Man)
                weight = {"country": 2.0, "admin1": 1.5}.get(best.feature, 1.0)
                if gaz.is_capital_place(best):
                    capitals.add(best.country)
                if best.feature == "country":
                    countries.add(best.country)
                if best.feature == "country" and any(lemma in words.border_nouns for lemma in
                                                     (t.lemma_.lower() for t in doc[max(0, s - 4):s])):
                    weight = 0.3  # 'non loin de la frontière avec le Mali': a neighbour, not where the story is
                if best.feature == "city" and best.population < 5_000:
                    weight = 0.3
                if not gaz.spelt_as_listed(doc[s:e].text):
                    weight /= 2  # only a transliteration matches ('Banso', Banshō of Japan): weaker evidence
                    if best.feature == "country":
                        continue  # a country is named as it is spelt ('mont Chaambi' is not Zambia)
                votes[best.country] += weight
        for iso in capitals - countries:
            votes[iso] += 0.5  # a national capital says its country as a province does, unless the country is
            # named ('Conakry' against the 'marché de Madina' of Conakry, read as Saudi Arabia's Medina; not
            # 'Rome (Italie)', where a story of Syria was told)
        # once per country, as names vote ('les forces russes' nine times must not outvote the towns of the
        # story); in text order, so that a tie is decided the same way in every run
        for iso in dict.fromkeys(demonyms):
            if iso is not None:
                votes[iso] += 1.0
        told = set(votes)  # (by a place or a demonym)
        for _, _, actor in named:
            if actor.country and not actor.pattern:  # transnational groups say nothing of the story's country
                votes[actor.country] += 0.3
        if not votes:
            return None
        iso, vote = votes.most_common(1)[0]
        if vote < STORY_COUNTRY_MIN_VOTE and not told and len(votes) == 1:
            return iso  # no place and no nationality, only groups of one country ('MNLA rebels abducted 3
            # soldiers'): the story is where they fight
        return iso if vote >= STORY_COUNTRY_MIN_VOTE else None

    def _fallback(self, article: Article, gaz: Gazetteer, places: list[Place], start: int,
                  told: str | None = None) -> Place | None:
        """The province a place the gazetteer lacks is in: a foreign country its sentence names, else a province
        named in its sentence, else a town named right after it ('Al-Khowein, au sud-est d'Idleb'), else the
        story's most named province. A country its cue tells ('le poste béninois de X') is kept to."""
        doc = article.doc
        sent = doc[start].sent
        here = doc[start].idx
        if told and told != article.country:
            near = [p for p in places if p.span and p.country == told and p.feature in ("admin1", "city")
                    and p.admin1 and sent.start_char <= p.span.start < sent.end_char]
            if near:
                ref = min(near, key=lambda p: abs(p.span.start - here))
                return gaz.admin1_place(ref.country, ref.admin1) or gaz.country_place(told)
            return gaz.country_place(told)
        abroad = [p for p in places if p.span and p.feature == "country" and p.country != article.country
                  and sent.start_char <= p.span.start < sent.end_char and _situates(doc, p)]
        if abroad:  # 'à Gara et Hakurk, dans le nord de l'Irak' in a story told from Turkey: in that country
            return min(abroad, key=lambda p: abs(p.span.start - here))
        filed = dateline(article)  # ('(Beyrouth) Le Hezbollah a annoncé...': where the story was written)
        known = [p for p in places if p.span and p.feature in ("city", "admin1", "region") and p.admin1
                 and (not article.country or p.country == article.country) and not filed[0] <= p.span.start < filed[1]]
        in_sent = [p for p in known if sent.start_char <= p.span.start < sent.end_char]
        provinces = [p for p in in_sent if p.feature == "admin1"]
        # a town the text measures a distance from is not the province ('à 276 km au nord-est de Ouagadougou')
        known = [p for p in known if p.feature == "admin1" or not reference_point(article.text, p, words_of(doc))]
        after = [p for p in known if sent.start_char <= p.span.start < sent.end_char and 0 < p.span.start - here <= 80]
        ref = None
        if provinces:
            ref = min(provinces, key=lambda p: abs(p.span.start - here))
        elif after:
            ref = after[0]
        elif compass := _compass_province(gaz, doc, start, places, article.country):
            return compass
        elif known:
            counts: dict[str, int] = {}
            for p in known:
                counts[p.admin1] = counts.get(p.admin1, 0) + 1
            ref = max(known, key=lambda p: (counts[p.admin1], -abs(p.span.start - here)))
        if ref is None:
            # no province to go by: the story's country when its sentence places the name there ('à Indelimane,
            # dans le nord du Mali'), a place cue calls it a village ('au village de Mann') or the parser a place
            # ('in Galim', a town GeoNames lacks); the place keeps its name, with the country's precision
            named = next((p for p in places if p.span and p.feature == "country" and p.country == article.country
                          and sent.start_char <= p.span.start < sent.end_char and _situates(doc, p)), None)
            placed_there = any(p.span and p.country == article.country for p in places)
            if named is None and article.country and (cues(doc, start)[0] is not None or
                                                       doc[start].ent_type_ == "LOC" and placed_there):
                named = gaz.country_place(article.country)  # (or the parser tags it a place, in a story that
                # names a place of its country: 'in Galim, in western Cameroon'; a nationality alone, 'French
                # troops', does not tell where a village is)
            return named
        admin = gaz.admin1_place(ref.country, ref.admin1)
        return admin or Place(ref.admin1, ref.country, ref.admin1, None, None, None, "admin1", 0, 3)


def place_tokens(article: Article) -> set[int]:
    """The tokens of the story's places below the country, computed once per article: for the rules that ask
    whether a word is a place ('@place' in the lexicon, an actor phrase that is a town); the parser's entity label
    alone misses the towns it does not know."""
    doc = article.doc
    found = doc.user_data.get("wirecoder_place_tokens")
    if found is None:
        found = doc.user_data["wirecoder_place_tokens"] = {
            t.i for p in article.places if p.span and p.feature != "country"
            for t in doc.char_span(p.span.start, p.span.end, alignment_mode="expand") or []}
    return found


def _compass_part(gaz: Gazetteer, doc, start: int, region: Place) -> Place | None:
    """The province that is the named part of a region: 'dans le nord du Sinaï' is North Sinai, 'au nord de la région
    soudanaise du Darfour' North Darfur (the gazetteer holds the provinces' compass-word names)."""
    words = words_of(doc)
    for t in reversed(doc[max(doc[start].sent.start, start - 6):start]):
        if t.lower_ in words.directions:
            # the pack's first word for that bearing ('north' for 'northern'), as provinces' names use it
            word = next((w for w, v in words.compass.items() if v == words.compass.get(t.lower_)), t.lower_)
            for name in (region.text, region.name):
                found = gaz.lookup(f"{word} {name}", country=region.country, kind="admin1", limit=1, fuzzy=False)
                if found and found[0].country == region.country:
                    return found[0]
            return None
        if not (t.lower_ in words.of_prepositions or t.lower_ in words.admin_cues or t.pos_ in ("DET", "ADJ")):
            return None
    return None


def _compass_province(gaz: Gazetteer, doc, start: int, places: list[Place], country: str | None) -> Place | None:
    """The province a compass phrase right after an unlisted place names when the country has a province of that
    name: 'à Chamaa, dans le sud' or 'dans le sud du Liban' is Lebanon's South, 'dans le Nord du Burkina' its Nord.
    The country is the one the phrase names, else the story's; the centre names none."""
    words = words_of(doc)
    sent = doc[start].sent
    end = next((t.i for t in doc[start:sent.end] if t.is_punct and t.text not in ",-'’«»\""), sent.end)
    for t in doc[start + 1:min(end, start + 8)]:
        bearing = words.compass.get(t.lower_)
        if not bearing or bearing == [0, 0] or t.i == 0 or doc[t.i - 1].lower_ not in words.place_articles:
            continue
        iso = next((p.country for p in places if p.span and p.feature == "country" and
                    0 <= p.span.start - (t.idx + len(t.text)) <= 6), country)  # ('du Liban')
        # (provinces are named in the gazetteer's languages: every pack's word for the bearing is tried)
        names = {t.lower_} | {w for code in PACKS for w, v in get_pack(code).words.compass.items() if v == bearing}
        for name in sorted(names):
            found = gaz.lookup(name, country=iso, kind="admin1", limit=1, fuzzy=False)
            if found and found[0].country == iso and fold(found[0].name) == fold(name):
                return found[0]
        return None
    return None


def _chars(doc, start: int, end: int) -> tuple[int, int]:
    """Character offsets of the tokens start..end."""
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _elsewhere(best: Place, places: list[Place]) -> bool:
    """The story has placed towns or provinces in this place's country already, none in its province."""
    known = [p for p in places if p.country == best.country and p.admin1 and p.feature in ("city", "admin1")]
    return bool(known) and all(p.admin1 != best.admin1 for p in known)


def _seat_of_power(tok, dictionary) -> bool:
    """A capital named as the complement of a noun of state power ('des sources proches du régime de Yaoundé',
    'le gouvernement de Bamako'): it stands for the government."""
    words = words_of(tok)
    return tok.dep_.split(":")[0] == "nmod" and dictionary.generic_kind(tok.head) in ("state", "government") \
        and tok.head.lemma_.lower() not in words.military_sites and \
        any(c.dep_ == "case" and c.lower_ in words.of_prepositions for c in tok.children)  # (not "in")


def _other_initial(gaz: Gazetteer, text: str, best: Place) -> bool:
    """A town met only through a transliteration that starts with another letter ('Seytenga' for Zitenga): a
    loose spelling, where romanisations of one name keep its first consonant ('Hawija', 'Al Ḩawījah')."""
    return not gaz.spelt_as_listed(text) and initial(fold(text)) != initial(fold(best.name))


def _slip(text: str, name: str) -> bool:
    """Two spellings a slip apart ('Ansogo', 'Ansongo'): rapidfuzz's ratio of the folded names >= SLIP_RATIO."""
    from rapidfuzz import fuzz

    return fuzz.ratio(fold(text), fold(name)) >= SLIP_RATIO


def _street_name(doc, start: int) -> bool:
    """A name that begins with a word of streets and squares ('Place de la Bastille', 'Plaza Baquedano'), or
    follows one right away ('la place Baquedano', 'place Tahrir'; 'une place de Niamey' is in Niamey): a
    street's or a square's, in a town."""
    words = words_of(doc)
    if doc[start].text[:1].isupper() and doc[start].lower_ in words.street_cues:
        return cues(doc, start)[0] is None  # ('la localité de Pont Sondé': a town, its cue says)
    return start > 0 and doc[start - 1].lower_ in words.street_cues and doc[start - 1].text.islower()


def _after_subcity_cue(doc, start: int) -> bool:
    """A name that follows 'quartier', 'faubourg', 'banlieue'... within six words: a part of a town."""
    return bool({t.lemma_.lower() for t in doc[max(0, start - 6):start]} & words_of(doc).subcity_cues)


def _speaker(span) -> bool:
    """The name is who says something ('a indiqué Mohamed Osman'): a person, not a village."""
    inside = range(span.start, span.end)
    return any(t.dep_.startswith("nsubj") and is_report_verb(t.head) and t.head.i not in inside for t in span)


def _named_again(article: Article, places: list[Place], actor_tokens: set[int]) -> list[Place]:
    """The story's other uses of a town's name that the parser did not tag as a place ('Cabaret', also a common
    noun, tagged once), or that found no province where they stood (a village the gazetteer lacks, situated only
    the second time it is named): one name, one place in one story. A capitalised use only, apart from any other
    place or actor, and not inside a longer name."""
    doc = article.doc
    taken = set(actor_tokens)
    for p in places:
        span = doc.char_span(p.span.start, p.span.end, alignment_mode="expand") if p.span else None
        taken.update(range(span.start, span.end) if span is not None else ())
    out: list[Place] = []
    seen = set()
    starts: dict[str, list[int]] = {}  # each word's positions: a name is looked for where its first word stands
    for t in doc:
        starts.setdefault(t.text, []).append(t.i)
    for p in places:
        if not p.span or p.feature not in ("city", UNLISTED) or p.text in seen or not p.text[:1].isupper():
            continue
        seen.add(p.text)
        first = doc.char_span(p.span.start, p.span.end, alignment_mode="expand")
        n = len(first or ())
        for s in starts.get(first[0].text, ()) if n else ():
            e = s + n
            if e > len(doc) or any(i in taken for i in range(s, e)) or doc[s:e].text != p.text:
                continue
            if s > 0 and doc[s - 1].pos_ == "PROPN" and doc[s - 1].text[:1].isupper() or \
                    e < len(doc) and doc[e].pos_ == "PROPN" and doc[e].text[:1].isupper():
                continue  # part of a longer name
            if p.feature == UNLISTED and not _located(doc, s):
                continue  # (an unlisted name again only where the text uses it as a place: 'la localité de X')
            taken.update(range(s, e))
            out.append(_with(p, span=Span(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), p.text),
                             geo_precision=cues(doc, s, e)[1]))
    return out


def _one_province_per_name(places: list[Place]) -> list[Place]:
    """An unlisted village situated once ('Chamaa, dans le sud du Liban') is in that province wherever else the
    story names it ('la localité de Chamaa'): one name, one place in one story."""
    situated: dict[str, Place] = {}
    for p in places:
        if p.feature == UNLISTED and p.admin1 and p.text:
            situated.setdefault(fold(p.text), p)
    return [_with(situated[fold(p.text)], span=p.span, geo_precision=p.geo_precision)
            if p.feature == UNLISTED and not p.admin1 and p.text and fold(p.text) in situated else p for p in places]


def _settlement_named(doc, s: int, e: int) -> bool:
    """The name is the one a settlement noun right before it gives ('au village de Mann'), not a country that a
    relational noun or a longer phrase only relates it to ('la capitale du Burundi', 'une ville du nord de la
    Syrie')."""
    root = doc[s:e].root
    words = words_of(doc)
    head = root.head
    return lemma(head) in words.settlement_nouns and head.i < s and all(
        t.dep_ in ("case", "det", "amod") for t in doc[head.i + 1:s])


def _loose_elsewhere(article: Article, gaz: Gazetteer, places: list[Place]) -> list[Place]:
    """A small town matched only by a loose or transliterated spelling, in a sentence that names the province it
    is in, and that province is another (a village 'dans la province du Séno' is not its namesake of another
    province): the gazetteer lacks the place; it is kept under its own name in the province the
    sentence names, everywhere the story names it."""
    doc, moved = article.doc, {}
    for p in places:
        if p.feature != "city" or p.population >= BIG_CITY or not p.span or not p.admin1 or fold(p.text) in moved:
            continue
        if fold(p.text) == fold(p.name) or gaz.spelt_as_listed(p.text):
            continue  # spelt as the gazetteer spells it
        span = doc.char_span(p.span.start, p.span.end, alignment_mode="expand")
        if span is None:
            continue
        sent = span[0].sent
        named = [q for q in places if q.feature == "admin1" and q.country == p.country and q.span
                 and sent.start_char <= q.span.start < sent.end_char]
        if named and all(q.admin1 != p.admin1 for q in named):
            moved[fold(p.text)] = named[0]
        elif _other_initial(gaz, p.text, p):
            # only a transliteration that changes the first letter ('Seytenga' for Zitenga), and every other
            # place of the story, named before or after it, lies in another province: the story's province
            others = [q for q in places if fold(q.text or "") != fold(p.text)]
            if _elsewhere(p, others):
                moved[fold(p.text)] = _most_named_province(gaz, p.country, others)
    if not moved:
        return places
    return [_with(moved[fold(p.text)], name=p.text, text=p.text, span=p.span, geo_precision=3, feature=UNLISTED,
                  geonames_id=None, population=0) if p.text and fold(p.text) in moved else p for p in places]


def _most_named_province(gaz: Gazetteer, country: str, places: list[Place]) -> Place:
    """The province of a country that the story's towns and provinces name most often (the first named on a
    tie), else the country."""
    named = [p.admin1 for p in places if p.country == country and p.admin1 and p.feature in ("city", "admin1")]
    if not named:
        return gaz.country_place(country)
    best = max(named, key=lambda a: (named.count(a), -named.index(a)))
    return gaz.admin1_place(country, best) or gaz.country_place(country)


def _other_province(best: Place, places: list[Place], sent, here: int) -> bool:
    """A small listed town whose province is not the one its sentence (or the one before, the parser splitting
    long sentences) names before it: an unlisted namesake of that province is meant."""
    if best.feature != "city" or best.population >= BIG_CITY or not best.admin1:
        return False
    start = sent.doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
    named = [p for p in places if p.feature == "admin1" and p.country == best.country and p.span
             and start <= p.span.start < here]
    return bool(named) and all(p.admin1 != best.admin1 for p in named)


def _situates(doc, p: Place) -> bool:
    """A country named as where something is ('au Mali', 'dans le nord de l'Irak'), not as an origin or a border
    ('en provenance de Libye', 'la frontière avec Israël')."""
    span = doc.char_span(p.span.start, p.span.end, alignment_mode="expand")
    if span is None:
        return False
    words = words_of(doc)
    before = [t.lower_ for t in doc[max(0, span.start - 4):span.start] if t.lower_ not in words.place_articles]
    if before and before[-1] in words.in_country:
        return True
    return len(before) >= 2 and before[-1] in words.of_before_name and before[-2] in words.directions


def _name_like(doc, start: int, end: int) -> bool:
    """Whether words the gazetteer lacks can be a village's name: not an acronym ('AFP', 'ASEAN'), not a
    capitalised common noun after an article ('l'Etat')."""
    words = doc[start:end]
    if words.text.replace(" ", "").isupper():
        return False
    return not (start > 0 and doc[start - 1].pos_ == "DET" and end - start == 1)


def _bracketed_country(doc, end: int, gaz: Gazetteer) -> str | None:
    """The country a toponym is given in brackets right after it: 'Rome (Italie)' -> ITA."""
    if end >= len(doc) or doc[end].text != "(":
        return None
    close = next((t.i for t in doc[end + 1:end + 6] if t.text == ")"), None)
    return gaz.country_of(doc[end + 1:close].text) if close is not None and close > end + 1 else None


def _cue_country(doc, start: int, d) -> str | None:
    """The country a demonym in a toponym's cue phrase tells: 'la ville malienne de Ménaka', 'le poste
    togolais de Nakpéradou' -> MLI, TGO."""
    words = words_of(doc)
    if start < 3 or doc[start - 1].lower_ not in words.of_before_name:
        return None
    for tok in doc[max(0, start - 4):start - 1]:
        head = tok.head
        if tok.pos_ == "ADJ" and head.i < tok.i and head.i >= start - 5 and \
                head.lemma_.lower() in words.city_cues | words.admin_cues | words.facility_cues:
            iso = d.demonyms.get(fold(tok.text))
            if iso:
                return iso
    return None


def _located(doc, start: int) -> bool:
    """A toponym used as a place: after a place cue ('la localité de X') or a locative preposition ('à X')."""
    words = words_of(doc)
    before = [t.lower_ for t in doc[max(0, start - 3):start]]
    lemmas = [t.lemma_.lower() for t in doc[max(0, start - 5):start]]
    if any(w in words.city_cues or w in words.admin_cues for w in lemmas):
        return True
    if any(w in words.facility_cues for w in lemmas) and not (before and before[-1] in words.place_articles):
        return True  # ('la mosquée de Gorom', not 'l'hôpital de l'Amitié', a name)
    if len(before) >= 2 and before[-1] in words.of_before_name and before[-2] in words.near_cues:
        return True  # 'près de X', 'au nord de X', 'à 30 km de X', 'aux abords de X'
    return bool(before) and before[-1] in words.locative - words.of_before_name


def _common_word(span, lang: str | None) -> bool:
    """One word the language uses often ('in World', a page's section name; 'en Afrique'): no village the gazetteer
    lacks, whose names are rare words (wordfreq's Zipf frequency below COMMON_WORD_ZIPF: 'Huyum' 0, 'Mann' 3.2)."""
    from wordfreq import zipf_frequency

    return len(span) == 1 and zipf_frequency(span.text.lower(), lang or "fr") >= COMMON_WORD_ZIPF


def _natural_feature(doc, start: int, end: int) -> bool:
    """The name goes with a noun of a river, a lake, a mountain... right before or after it ('the Tisa river',
    'Lake Chad', 'la rivière Tisa', 'les monts Mandara'): it names that feature."""
    features = words_of(doc).natural_features
    before = doc[start - 1].lower_ if start > 0 else ""
    after = doc[end].lower_ if end < len(doc) else ""
    return before in features or after in features


def _unlabelled_names(doc) -> list:
    """The runs of capitalised proper nouns that no entity covers ('just east of Timbuktu', which the English
    parser leaves untagged), each a span; not a sentence's first word, which a capital says nothing of."""
    in_ents = {i for e in doc.ents for i in range(e.start, e.end)}
    out, i = [], 0
    while i < len(doc):
        t = doc[i]
        if t.pos_ != "PROPN" or not t.text[:1].isupper() or i in in_ents or t.is_sent_start:
            i += 1
            continue
        end = i + 1
        while end < len(doc) and end not in in_ents and (doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper()
                                                         or doc[end].text == "-" and end + 1 < len(doc)
                                                         and doc[end + 1].pos_ == "PROPN"):
            end += 1
        out.append(doc[i:end])
        i = end
    return out


def _situated_after(doc, end: int) -> bool:
    """A name that the text situates right after it, in a country or a part of one ('Khan Cheikhoun, en Syrie',
    'de Khan Cheikoun, au nord-ouest de la Syrie'): a place, whatever the parser took it for."""
    after = [t.lower_ for t in doc[end:end + 2]]
    return len(after) == 2 and after[0] == "," and after[1] in words_of(doc).in_country


def _with(place: Place, **changes) -> Place:
    from dataclasses import replace

    return replace(place, **changes)
