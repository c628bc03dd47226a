"""Events: mentions become frozen `Event` records, one per (type, actors, place, day), with evidence offsets.

Each mention yields one event per place the location stage attached to it (a sentence naming two places for
one action yields two events). Background mentions are dropped, and so is a count of occurrences ('deux
attaques') when the story tells them one by one; a mention that only refers back to an event ('l'attaque a été
revendiquée') lends it its details, as does a toll told in a sentence of its own ('le bilan est de cinq morts');
the same occurrence told twice in a story is merged, keeping the most precise fields.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date as Date, timedelta

from .. import confidence
from ..actors import STATE_FORCES, actor_dictionary, actor_kind, as_rioters, is_vague
from ..lang import NumberReader, Words, get_pack, words_of
from ..model import Actor, Article, Event, Mention, Place, ResolvedDate, Span, paragraph_of
from ..options import Options
from ..syntax import clause_head, counted, lemma, subject
from .counts import conservative, told_apart
from .triggers import lexicon_for, taxonomy

TERRITORY_FIGHT = {"Armed clash", "Non-state actor overtakes territory", "Government regains territory"}
TERRITORY_TAKING = TERRITORY_FIGHT - {"Armed clash"}
UNOPPOSED = "Non-violent transfer of territory"
VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
PEACEFUL = {"Peaceful protest", "Protest with intervention"}
FAMILY = {"Battles": "fight", "Explosions/Remote violence": "fight", "Violence against civilians": "fight",
          "Protests": "protest", "Riots": "protest", "Strategic developments": "strategic"}


def _crowd_arrested(m: Mention, doc, lex) -> bool:
    """The arrests take protesters, rioters or a number of unnamed people ('35 personnes ont été interpellées'),
    not named leaders or journalists."""
    kinds = {actor_kind(a.inter, a.name) for a in (m.actor1, m.actor2) if a is not None}
    if kinds & {"protester", "rioter"}:  # (protesters as initiator: the parser's subject was the arrested)
        return True
    if m.actor2 is None or m.actor2.span is None or actor_kind(m.actor2.inter, m.actor2.name) != "civilian":
        return False
    span = doc.char_span(m.actor2.span.start, m.actor2.span.end, alignment_mode="expand")
    return span is not None and lemma(span.root) in lex.whole_toll_nouns


def _without_arrests_at_protests(mentions: list[Mention], doc, lex) -> list[Mention]:
    """Arrests of a crowd at a protest or riot of the same place and day are the police's intervention in it,
    which ACLED codes in the protest, not as arrests of their own."""
    gatherings = [x for x in mentions if x.event_type in ("Protests", "Riots")]

    def at_gathering(m: Mention) -> bool:
        return any(_same_day(m.date, x.date) and any(_same_place(p, q) for p in m.places or [None]
                                                     for q in x.places or [None]) for x in gatherings)
    return [m for m in mentions if not (m.sub_event_type == "Arrests" and _crowd_arrested(m, doc, lex)
                                        and at_gathering(m))]


def _vague(actor) -> bool:
    """No actor, a default one the text did not name, or one that names nobody in particular."""
    return actor is None or not actor.text or is_vague(actor.name)


def title_end(article: Article) -> int:
    """End offset of the headline: a short first line of the body that does not end a sentence."""
    body = article.text[article.body_start:]
    stripped = body.lstrip()
    lead = len(body) - len(stripped)
    line = stripped.split("\n", 1)[0]
    if "\n" in stripped and len(line) < 200 and not line.rstrip().endswith((".", "!", "?", "»", '"')):
        return article.body_start + lead + len(line)
    return article.body_start


def in_headline(article: Article, tok) -> bool:
    """The token stands in the story's headline (its end is computed once per article)."""
    if "title_end" not in article.meta:
        article.meta["title_end"] = title_end(article)
    return tok.idx < article.meta["title_end"]


def _same_place(p: Place | None, q: Place | None) -> bool:
    """Same place, or either is unknown or only the country. (Within one story a province named apart from a
    town is usually a different occurrence; across stories issue 4's dedup uses containment.)"""
    if p is None or q is None:
        return True
    if place_key(p) == place_key(q):
        return True
    for a, b in ((p, q), (q, p)):
        if a.feature == "country" and a.country == b.country:
            return True
        if a.feature == "admin1" and a.admin1 == b.admin1 and a.country == b.country and _named_as_itself(a):
            return True
    return False


def _lend_place(killing: Mention, event: Mention) -> None:
    """A killing told as part of an event ('un attentat a frappé la province, tuant trois personnes à Mora')
    places it more precisely, when the event names only the province or the country the killing lies in."""
    broad = ("admin1", "country", "region")
    if not killing.places or any(p.feature not in broad for p in event.places):
        return
    if all(any(q.country == p.country and (p.feature != "admin1" or q.admin1 == p.admin1) for p in event.places)
           for q in killing.places):
        event.places = list(killing.places)


def _lend_victims(killing: Mention, event: Mention, doc, dictionary) -> None:
    """A killing told as the toll of an event that names no target ('le bilan de cette attaque faisait état de
    79 civils tués'): the civilians its noun names are whom the event struck, so an attack on no one named is an
    attack on them, not a battle ('huit soldats tués dans une attaque' stays one on soldiers)."""
    tok = doc[killing.trigger]
    victims = tok.head if tok.dep_ == "acl" else next((c for c in tok.children if c.dep_ == "nsubj:pass"), None)
    if victims is None and "Part" in tok.morph.get("VerbForm") and tok.i > 0 and doc[tok.i - 1].pos_ in ("NOUN", "ADJ"):
        victims = doc[tok.i - 1]  # a participle right after its noun ('civils', tagged either), however parsed
    if _vague_target(event) and killing.actor2 is not None and event.entry.get("by_target", {}).get("civilian") \
            and victims is not None and dictionary.generic_kind(victims) == "civilian":
        event.actor2 = killing.actor2


def _vagueness(p: Place) -> tuple[int, int]:
    """How vaguely a place locates an event: its precision, then a province or a country after a named town or
    village at the same precision ('Pont Sondé', which the gazetteer lacks, before 'Artibonite')."""
    return p.geo_precision, p.feature in ("admin1", "country", "region")


def _same_province(p: Place | None, q: Place | None) -> bool:
    return p is not None and q is not None and p.admin1 is not None and (p.country, p.admin1) == (q.country, q.admin1)


def place_key(p: Place | None):
    """What makes two places the same: the resolved name, or for a village known only by its province, its
    own name (two villages of one province are two places)."""
    if p is None:
        return None
    if p.feature == "unlisted":
        return ("unlisted", p.country, p.text)
    return p.name


def _named_as_itself(p: Place) -> bool:
    """An admin1 that the text names ('la province de Deraa'), not a fallback for an unknown village."""
    from rapidfuzz import fuzz

    from ..resources import fold

    return fuzz.partial_ratio(fold(p.text), fold(p.name)) >= 80


def _same_day(a: ResolvedDate | None, b: ResolvedDate | None) -> bool:
    """Dates that agree within their precisions ('2018-02' holds '2018-02-20')."""
    if a is None or b is None:
        return True
    n = min(len(a.iso), len(b.iso))
    return a.iso[:n] == b.iso[:n] or _night_before(a, b) or _night_before(b, a)


def _same_known_day(a: ResolvedDate | None, b: ResolvedDate | None) -> bool:
    return a is not None and b is not None and a.precision == 1 and b.precision == 1 and (
        a.iso == b.iso or _night_before(a, b) or _night_before(b, a))


def _night_before(a: ResolvedDate, b: ResolvedDate) -> bool:
    """`a` is the night that ended on `b`'s day ('dans la nuit du 2 au 3' and 'dimanche 3')."""
    if not a.overnight or len(a.iso) != 10 or len(b.iso) != 10:
        return False
    return Date.fromisoformat(a.iso) + timedelta(days=1) == Date.fromisoformat(b.iso)


def _one_occurrence(a: Mention, b: Mention, referential: set[int], bound: set = frozenset()) -> bool:
    """Two violent mentions of different sub-types that can tell one occurrence ('l'attaque', 'l'explosion',
    'la tuerie' of one morning in one village): both dated to the same day, or one refers back with no date of
    its own ('l'attaque', 'cette explosion', the headline), or one verb carries on the other's clause ('ont
    attaqué un lycée, enlevant des élèves': `bound`); neither takes territory; their initiators do not conflict.
    The caller still requires the same place and a compatible date."""
    if FAMILY[a.event_type] != "fight" or FAMILY[b.event_type] != "fight":
        return False
    told_twice = a.dated_here and b.dated_here and _same_day_words(a.date, b.date)
    named_targets = not _vague_target(a) and not _vague_target(b)
    linked = frozenset((id(a), id(b))) in bound and not (named_targets and a.actor2.name != b.actor2.name)
    if not (_same_known_day(a.date, b.date) or told_twice or linked or id(a) in referential or id(b) in referential):
        return False  # two verbs of one month in one province are two events
    if (a.sub_event_type in TERRITORY_TAKING) != (b.sub_event_type in TERRITORY_TAKING):
        return False  # taking a town and shelling it are two events
    return not _actors_conflict(a, b)


def _undated_at_one_spot(a: Mention, b: Mention, p: Place | None, q: Place | None) -> bool:
    """Two violent mentions at one town or village, in sentences close together, of a story that gives them no
    day, only its month ('Une attaque a frappé le hameau de Kouri', then 'les assaillants ont tiré sur
    les fidèles'): the story's one occurrence there told twice."""
    if FAMILY[a.event_type] != "fight" or FAMILY[b.event_type] != "fight" or a.dated_here or b.dated_here:
        return False
    if abs(a.sentence - b.sentence) > 1:
        return False  # (one told further on may be another: 'En riposte, l'aviation a frappé la ville')
    if a.date is None or b.date is None or a.date.precision != 3 or a.date.iso != b.date.iso:
        return False
    if p is None or q is None or p.feature in ("admin1", "country", "region") or place_key(p) != place_key(q):
        return False
    if (a.sub_event_type in TERRITORY_TAKING) != (b.sub_event_type in TERRITORY_TAKING):
        return False
    return not _actors_conflict(a, b)


def _other_victims(a: Mention, b: Mention, referential: set[int], bound: set = frozenset()) -> bool:
    """Two violent mentions that name targets of different kinds, civilians and armed men or forces, where
    neither refers back to the other and no one clause carries both: two occurrences, even of one sub-type on
    one day in one place ('un attentat-suicide a frappé une noce' and 'un autre a visé la caserne')."""
    if FAMILY[a.event_type] != "fight" or FAMILY[b.event_type] != "fight" or _vague_target(a) or _vague_target(b):
        return False
    if a.event_type == b.event_type == "Battles":
        return False  # (the people a battle killed are no side of it: 'treize personnes tuées dans des combats')
    if frozenset((id(a), id(b))) in bound or id(a) in referential or id(b) in referential:
        return False
    return (actor_kind(a.actor2.inter, a.actor2.name) == "civilian") != \
        (actor_kind(b.actor2.inter, b.actor2.name) == "civilian")


def _one_taking(a: Mention, b: Mention) -> bool:
    """A town taken and the same side entering it ('se sont emparés de la ville', 'ils y sont entrés sans
    combattre'): one change of hands, whatever words tell it. The caller requires the same place and day."""
    both = {a.sub_event_type, b.sub_event_type}
    return UNOPPOSED in both and both <= TERRITORY_TAKING | {UNOPPOSED} and not _actors_conflict(a, b)


def _same_toll(a: Mention, b: Mention) -> bool:
    """Two mentions that count the same dead, more than one ('au moins 40 civils tués dans une attaque contre un
    village' and 'l'attaque contre le village de X a coûté la vie à au moins 40 civils'): one occurrence told
    twice, the second time more precisely."""
    return a.fatalities is not None and a.fatalities > 1 and a.fatalities == b.fatalities and \
        a.fatalities_group == b.fatalities_group and not _actors_conflict(a, b)


def _struck_kind(m: Mention) -> str | None:
    """The kind of people the mention's target is (civilian, state, police, ...), None without one."""
    return actor_kind(m.actor2.inter, m.actor2.name) if m.actor2 is not None else None


def _vague_target(m: Mention) -> bool:
    """No target, or a default one the text did not name."""
    return m.actor2 is None or not m.actor2.text


def _bound(doc, mentions: list[Mention]) -> set:
    """Pairs of mentions (by id) whose verbs one clause carries on ('ont attaqué le village, enlevant trente
    femmes', 'ont attaqué et pillé')."""
    out = set()
    for a in mentions:
        t = doc[a.trigger]
        for b in mentions:
            u = doc[b.trigger]
            if a is not b and a.sentence == b.sentence and t.head.i == u.i and t.dep_ in ("advcl", "conj", "xcomp") \
                    and t.pos_ == u.pos_ == "VERB":  # ('des attentats et des attaques' are two kinds of occurrence)
                out.add(frozenset((id(a), id(b))))
    return out


def _actors_conflict(a: Mention, b: Mention) -> bool:
    """Two named initiators that differ, or one turned against the other's initiator while that one struck a
    third party ('des hommes armés ont attaqué les villages' and 'l'armée a bombardé les hommes armés': a raid
    and the reprisal; in a battle each side is the other's target, one occurrence)."""
    if _turned_against(a, b) != _turned_against(b, a):
        return True
    return not (_vague(a.actor1) or _vague(b.actor1) or a.actor1.name == b.actor1.name)


def _turned_against(a: Mention, b: Mention) -> bool:
    """`a`, whose initiator the text names, targets `b`'s initiator."""
    return not _vague(a.actor1) and a.actor2 is not None and b.actor1 is not None and \
        a.actor2.name == b.actor1.name != a.actor1.name


def _as_unrest(m: Mention, protest: Mention) -> Mention:
    """A death told in a story of protests, somewhere none of them is placed: a violent demonstration there, by
    the story's protesters turned rioters."""
    m = replace(m, sub_event_type="Violent demonstration", event_type="Riots")
    if protest.actor1 is not None:
        m.actor1 = replace(as_rioters(protest.actor1), span=None, text="")
    return m


def _with_deaths(m: Mention) -> Mention:
    """People died: no longer a peaceful protest but a violent demonstration, by rioters."""
    if m.fatalities and m.sub_event_type in PEACEFUL:
        m = replace(m, sub_event_type="Violent demonstration", event_type="Riots")
        m.actor1 = as_rioters(m.actor1) if m.actor1 is not None else None
    return m


def _struck(m: Mention, dictionary, country: str | None) -> Mention:
    """A blast, shell or strike that killed people the text names no side of: civilians (ACLED; soldiers or
    fighters it killed would have been named as its target)."""
    if m.event_type == "Explosions/Remote violence" and m.actor2 is None and m.fatalities:
        m = replace(m)
        m.actor2 = dictionary.default_actor("civilian", country)
    return m


def _armed_sides(m: Mention, dictionary, article: Article) -> Mention:
    """A battle whose other side came out as civilians, from the dead it counts ('au moins 13 personnes ont
    péri dans les affrontements'): the people killed between two armed sides are not one of them. The other
    side is the one ACLED names when the text gives none: the state's forces against a named group, the story's
    main group against the state, and an unnamed armed group against unnamed armed men."""
    if m.event_type != "Battles" or m.actor1 is None or m.actor2 is None or \
            actor_kind(m.actor2.inter, m.actor2.name) != "civilian":
        return m
    m = replace(m)
    kind = actor_kind(m.actor1.inter, m.actor1.name)
    dominant = article.meta.get("dominant_group")
    if kind in ("state", "police") and dominant is not None:
        named = dictionary.resolve_named(dominant, "", article.country)
        other = Actor(named.name, "", named.inter, named.country)
    elif kind == "nonstate" and not is_vague(m.actor1.name):
        other = dictionary.default_actor("state", article.country)
    else:
        other = dictionary.default_actor("armed", article.country)
    m.actor2 = other if other is None or other.name != m.actor1.name or is_vague(other.name) else None
    return m


def _subject_of(noun, verb) -> bool:
    """The noun is the verb's subject, or a bare noun before it that the parser hung there instead ('un troisième
    attentat-suicide a visé la caserne')."""
    if verb.pos_ != "VERB" or noun.pos_ != "NOUN" or noun.i >= verb.i:
        return False
    subj = subject(verb)
    if subj is not None:
        return subj.i == noun.i
    return noun.head.i == verb.i and noun.dep_.startswith("obl") and not any(c.dep_ == "case" for c in noun.children)


def _abducted_in_killing(killing: Mention, abduction: Mention) -> bool:
    """People taken away in an occurrence that killed ('ont tué six civils ... d'autres habitants ont été
    enlevés'): an attack, the abduction told in it (ACLED codes the killing)."""
    return abduction.sub_event_type == "Abduction/forced disappearance" and bool(killing.fatalities) and \
        killing.event_type in ("Battles", "Violence against civilians") and killing.sub_event_type != \
        abduction.sub_event_type


def _specificity(m: Mention) -> tuple[int, bool]:
    """Which of two mentions of one occurrence gives its type: the higher lexicon priority, then the one whose
    sentence made it more specific ('attentat' + 'suicide' is a suicide bomb, beside a bare 'attentat')."""
    return m.entry.get("priority", 0), m.sub_event_type != m.entry.get("sub")


def _same_day_words(a: ResolvedDate | None, b: ResolvedDate | None) -> bool:
    """The same day phrase ('lundi soir' in two sentences), even when a month-only dateline leaves the day
    unresolved."""
    return a is not None and b is not None and a.span is not None and b.span is not None and \
        a.iso == b.iso and a.span.text.lower().strip() == b.span.text.lower().strip()


def _sums_up(m: Mention, tok) -> bool:
    """A plural noun that counts several occurrences ('deux attaques', 'au moins quatre attaques', 'une série
    d'attentats', 'plusieurs raids', 'de nombreuses attaques') or spreads them over several places ('les
    manifestations ont gagné plusieurs villes'): a summary of the events the story tells one by one.
    Weapons and attackers counted ('trois grenades', 'deux kamikazes') are not occurrences."""
    if tok.pos_ != "NOUN" or "Plur" not in tok.morph.get("Number") or m.entry.get("instrument") or \
            m.entry.get("agent"):
        return False
    words = words_of(tok)
    if any(c.dep_ == "nummod" for c in tok.children) or _several(tok, words):
        return True
    if tok.dep_ == "nmod" and lemma(tok.head) in words.series_nouns:
        return True
    # (the places hang on the trigger, its verb or, in a sentence the parser split in two, the other root)
    heads = {tok, clause_head(tok), *(t for t in tok.sent if t.dep_ == "ROOT")}
    places = words.city_cues | words.admin_cues
    return any(lemma(c) in places and "Plur" in c.morph.get("Number") and _several(c, words)
               for h in heads for c in h.children)


def _several(tok, words: Words) -> bool:
    """'plusieurs villes', 'de nombreuses attaques', 'numerous attacks'."""
    return any(c.dep_ in ("det", "amod") and lemma(c) in words.several_words for c in tok.children)


def _told_one_by_one(summary: Mention, told: list[Mention], sent) -> bool:
    """The story tells events of the summary's type on their own, and the summary names no place of its own
    that they lack ('deux attaques dans le nord du pays' adds nothing; 'une série de fusillades dans la
    municipalité de Buenavista' is news of its own)."""
    same = [m for m in told if m.event_type == summary.event_type or  # (protests told as riots)
            FAMILY[m.event_type] == FAMILY[summary.event_type] == "protest"]
    own = [p for p in summary.places if p.span and sent.start_char <= p.span.start < sent.end_char]
    return bool(same) and not any(all(not _same_place(p, q) for m in same for q in m.places or [None])
                                  for p in own)


def _split_shared_tolls(merged: list[tuple[Mention, Place | None]]) -> list[tuple[Mention, Place | None]]:
    """One toll told for several places ('des obus sur Bab Touma et Doueila ont tué un enfant') is shared by
    their events, not repeated in each (ANNOTATION: a shared toll is split across its events): evenly, the
    remainder to the first place told."""
    shared: dict[tuple[int, int], list[int]] = {}
    for k, (x, _) in enumerate(merged):
        if x.fatalities and x.fatalities_span is not None:
            shared.setdefault((x.fatalities_span.start, x.fatalities), []).append(k)
    out = list(merged)
    for (_, toll), ks in shared.items():
        if len({place_key(merged[k][1]) for k in ks}) < 2:
            continue
        ks.sort(key=lambda k: merged[k][1].span.start if merged[k][1] is not None and merged[k][1].span else 0)
        share, extra = divmod(toll, len(ks))
        for j, k in enumerate(ks):
            out[k] = (replace(merged[k][0], fatalities=share + (extra if j == 0 else 0)), merged[k][1])
    return out


def _other_side(m: Mention) -> Actor | None:
    """The second actor, unless it is the first again: rioters do not riot against rioters (two sides of one
    name only fight: 'deux groupes armés non identifiés se sont affrontés')."""
    if m.actor1 is not None and m.actor2 is not None and m.actor2.name == m.actor1.name and \
            m.event_type != "Battles":
        return None
    return m.actor2


def _where_acting(actor: Actor | None, place: Place | None) -> Actor | None:
    """A state's forces are foreign forces (inter 8) where they act abroad and its own (1) at home: the event's
    country decides, not the story's (Azerbaijan's shells on Goris in a story told from Baku)."""
    if actor is None or place is None or not place.country or not actor.country or actor.inter not in (1, 8) \
            or not actor.name.startswith(STATE_FORCES):
        return actor
    inter = 1 if actor.country == place.country else 8
    return actor if inter == actor.inter else replace(actor, inter=inter)


def _event_id(doc_id: str, key: str) -> str:
    return hashlib.sha1(f"{doc_id}|{key}".encode()).hexdigest()[:16]


class EventStage:
    name = "events"
    requires = ("doc", "mentions", "places", "locations", "dates", "counts")
    assigns = ("events",)

    def __init__(self, options: Options):
        self.options = options
        self.weights = confidence.weights(options.confidence_model)

    def __call__(self, article: Article) -> Article:
        doc = article.doc
        pack = get_pack(article.lang)
        sents = list(doc.sents)
        mentions = [m for m in article.mentions if not m.background]
        dictionary = actor_dictionary(self.options.actors, self.options.countries, article.lang)
        lex = lexicon_for(self.options, article.lang)
        injury = lex.injury_lemmas
        mentions = self._drop_absorbed(mentions, pack.words, doc, dictionary, injury)
        mentions = _without_arrests_at_protests(mentions, doc, lex)
        mentions = [m for m in mentions if not self._taken_in_the_fight(article, m, mentions, pack.words)]
        sums = {id(m) for m in mentions if _sums_up(m, doc[m.trigger])}  # 'deux attaques dans le nord'
        told = [m for m in mentions if id(m) not in sums]
        summaries = [m for m in mentions if id(m) in sums and _told_one_by_one(m, told, sents[m.sentence])]
        summed = {id(m) for m in summaries}
        mentions = [m for m in mentions if id(m) not in summed]
        is_weak = {id(m): self._weak(article, m) for m in mentions}
        strong = [m for m in mentions if not is_weak[id(m)]]
        weak = [m for m in mentions if is_weak[id(m)]]
        placed: list[tuple[Mention, Place | None]] = []
        for m in strong:
            seen = set()
            for p in m.places or [None]:
                if place_key(p) not in seen:
                    seen.add(place_key(p))
                    placed.append((m, p))
        for m in mentions:  # 'l'attaque a été revendiquée par les chebab': the claimant is the initiator
            m.claimed = lemma(clause_head(doc[m.trigger])) in pack.words.responsibility_verbs and not _vague(m.actor1)
        referential = {id(m) for m in strong if not m.dated_here and self._referential(article, doc[m.trigger])}
        told_again = {id(m) for m in strong if self._named_again(doc[m.trigger]) and not (
            m.entry.get("instrument") or m.entry.get("agent"))}  # ('l'aviation israélienne a frappé': who struck,
        # not the story's strike named again)
        own_place = {id(m): self._placed_here(article, m) for m in strong}
        bound = _bound(doc, strong)
        merged: list[tuple[Mention, Place | None]] = []
        for item in placed:
            i = self._compatible(merged, item, referential, told_again, bound)
            if i is None and not own_place[id(item[0])]:
                i = self._elaborated(merged, item[0])
                if i is not None:  # it lends its details, never its type or place
                    merged[i] = self._merge(merged[i], (item[0], None), pack.numbers, weak=True)
                    continue
            if i is None:
                merged.append(item)
            else:
                merged[i] = self._merge(merged[i], item, pack.numbers)
        killings = {m.trigger for m in article.mentions if m.entry.get("kill")}
        for m in weak:  # an anaphoric mention adds its details to the event it refers to
            if self._generic(doc[m.trigger]) and doc[m.trigger].head.i not in killings:
                continue  # 'ses attaques ont fait 20 000 morts': a trend, no one event's details ('a mechanic
                # was killed during the airstrikes' is one killing in them: the strikes are its event)
            fam = FAMILY[m.event_type]
            fits = [i for i, (x, q) in enumerate(merged) if self._may_refer(article, m, x, q)]
            if self._classifies(doc[m.trigger]) and (merged or fits):
                fits = [i for i in fits if merged[i][0].sub_event_type == m.sub_event_type]
                if not fits:
                    continue  # 'il s'agit de la quatrième attaque de poste en deux mois': the count, no news
            if m.lemma in injury and not m.dated_here:  # 'Dozens had been wounded': in whatever violence was told
                same = [i for i in fits if merged[i][0].event_type in VIOLENT_TYPES or
                        merged[i][0].sub_event_type == "Excessive force against protesters"]
            elif m.entry.get("kill"):  # a killing's type only says who died: the event that struck their kind
                # ('huit militaires ont été tués' after a mine blast under a convoy is the blast's toll, not that
                # of an earlier ambush of gendarmes)
                kin = [i for i in fits if FAMILY[merged[i][0].event_type] == fam and _struck_kind(merged[i][0]) ==
                       _struck_kind(m)]
                same = kin or [i for i in fits if FAMILY[merged[i][0].event_type] == fam]
            else:
                same = [i for i in fits if merged[i][0].sub_event_type == m.sub_event_type] or \
                    [i for i in fits if FAMILY[merged[i][0].event_type] == fam]
            protests = [i for i, (x, _) in enumerate(merged) if FAMILY[x.event_type] == "protest"]
            if not same and m.entry.get("kill") and protests:
                # 'un jeune a été tué par balle' in a story of protests: a death in the protest of its place,
                # else in unrest of its own there
                same = [i for i in protests if any(_same_place(p, merged[i][1]) for p in m.places or [None])]
                if not same:
                    m = _as_unrest(m, merged[protests[0]][0])
            if same:
                if self._placed_here(article, m):  # 'l'assaut contre Kamba a fait 30 morts': the one there
                    same = [i for i in same if any(place_key(p) == place_key(merged[i][1]) for p in m.places)] or same
                i = min(same, key=lambda i: abs(merged[i][0].sentence - m.sentence))
                merged[i] = self._merge(merged[i], (m, None), pack.numbers, weak=True)
            elif not self._aftermath(doc[m.trigger]):
                for p in m.places or [None]:
                    merged.append((m, p))
        for i, p in article.meta.get("place_statements", []):  # 'il est survenu dans le village de Djambala'
            k = self._placed_by(merged, i, p)
            if k is not None:
                merged[k] = (merged[k][0], p)
        for toll in article.meta.get("loose_tolls", []):  # 'Le gouverneur évoque un bilan de 5 morts'
            i = self._counted(article, merged, toll, sents, pack.numbers)
            if i is not None:
                merged[i] = self._merge(merged[i], (toll, None), pack.numbers, weak=True)
        for m in summaries:  # 'une série d'attentats a fait 32 morts', the attacks then told one by one
            i = self._summed(merged, m)
            if i is not None:
                merged[i] = self._merge(merged[i], (m, None), pack.numbers, weak=True)
        merged = _split_shared_tolls(merged)
        first = next((i for i, s in enumerate(sents) if s.end_char > article.body_start), 0)  # of the body
        events = [self._event(article, _armed_sides(_struck(_with_deaths(m), dictionary, article.country),
                                                    dictionary, article), p, sents[m.sentence], first)
                  for m, p in merged]
        events.sort(key=lambda e: e.evidence["trigger"].start)
        article.events = [e for e in events if e.confidence >= self.options.min_confidence]
        article.candidates = [e for e in events if e.confidence < self.options.min_confidence]
        return article

    @staticmethod
    def _placed_by(merged: list[tuple[Mention, Place | None]], sentence: int, p: Place) -> int | None:
        """The event a sentence saying where an occurrence happened places: the closest one told at or before it
        that the place lies in (its country, or its province for a town), when the place is more precise."""
        def inside(q: Place | None) -> bool:
            if q is None:
                return True
            if q.country != p.country or _vagueness(p) >= _vagueness(q) and q.admin1 != p.admin1:
                return False
            return q.feature == "country" or q.admin1 == p.admin1 and p.feature != "admin1"
        fits = [k for k, (x, q) in enumerate(merged) if x.sentence <= sentence and inside(q)]
        return max(fits, key=lambda k: merged[k][0].sentence) if fits else None

    @staticmethod
    def _counted(article: Article, merged: list[tuple[Mention, Place | None]], toll: Mention, sents,
                 numbers) -> int | None:
        """The violent event a toll told on its own counts: the closest told before it in its paragraph, at most
        three sentences back; failing that, in a story of one violent event that has no toll yet (or a vague plural
        only), that event, for a figure ('le bilan a atteint lundi 32 morts', far from the lead), never a vague plural ('des
        dizaines de morts')."""
        para = paragraph_of(article, sents[toll.sentence].start_char)
        near = [i for i, (x, _) in enumerate(merged) if FAMILY[x.event_type] == "fight" and x.sentence < toll.sentence
                and toll.sentence - x.sentence <= 3 and paragraph_of(article, sents[x.sentence].start_char) == para]
        if near:
            return max(near, key=lambda i: merged[i][0].sentence)
        violent = [i for i, (x, _) in enumerate(merged) if FAMILY[x.event_type] == "fight"]
        if len(violent) == 1 and toll.fatalities_span is not None and not numbers.is_vague(toll.fatalities_span.text):
            x = merged[violent[0]][0]  # (or only a vague plural so far: 'des dizaines de civils tués'; or the
            # text raises the toll: 'le bilan a été revu à la hausse : 54 corps' after 'une cinquantaine')
            if x.fatalities is None or x.fatalities_span is not None and numbers.is_vague(x.fatalities_span.text) \
                    or toll.fatalities_revised and not x.fatalities_revised and toll.fatalities > x.fatalities:
                return violent[0]
        return None

    @staticmethod
    def _summed(merged: list[tuple[Mention, Place | None]], summary: Mention) -> int | None:
        """The one event a summary told one by one adds its toll to: the only event of its family without a toll,
        among those struck the same kind of people when the summary says who died ('32 personnes tuées dans
        une série d'attentats' and the bombings of a wedding, a funeral and a hospital, told as one event beside
        the bombing of an army post)."""
        if summary.fatalities is None:
            return None
        fits = [i for i, (x, _) in enumerate(merged) if FAMILY[x.event_type] == FAMILY[summary.event_type]
                and x.fatalities is None]
        if summary.actor2 is not None:
            kind = actor_kind(summary.actor2.inter, summary.actor2.name)
            fits = [i for i in fits if merged[i][0].actor2 is not None and
                    actor_kind(merged[i][0].actor2.inter, merged[i][0].actor2.name) == kind] or fits
        return fits[0] if len(fits) == 1 else None

    @staticmethod
    def _drop_absorbed(mentions: list[Mention], words: Words, doc, dictionary, injury: set) -> list[Mention]:
        """Mentions that only describe another trigger of their sentence: a killing verb reports that event's
        toll ('tués dans une attaque'), and so does a wounding beside a killing ('30 rebels killed, 2 troops
        wounded'); arrests during a march are the police intervention in that protest."""
        by_sentence: dict[int, list[Mention]] = {}
        for m in mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        out = []
        for m in mentions:
            others = [x for x in by_sentence[m.sentence] if x is not m and not x.entry.get("kill")
                      and x.sub_event_type != "Looting/property destruction"]  # (the killing is the attack)
            told = [x for x in others if x.sub_event_type != "Arrests" and x.lemma not in injury]
            # (and the people taken or wounded in it are part of it: 'killed a leader and arrested several others'
            # is a fight, not arrests)
            if m.lemma in injury and not told_apart(m, told, doc) and \
                    any(x.entry.get("kill") and x.fatalities for x in by_sentence[m.sentence]):
                continue
            if m.entry.get("kill") and told and not told_apart(m, told, doc):
                for x in told:
                    _lend_place(m, x)
                    _lend_victims(m, x, doc, dictionary)
                continue
            if m.sub_event_type == "Arrests" and any(x.event_type == "Protests" for x in others):
                continue
            if m.sub_event_type == "Arrests" and any(x.event_type == "Battles" for x in by_sentence[m.sentence]) and \
                    not any(lemma(c) in words.later_words for c in doc[m.trigger].children) and \
                    not told_apart(m, others, doc):
                continue  # '6 Islamists killed & 5 arrested', 'killing one and arresting two': taken in the fighting,
                # part of the battle ('Malian forces later arrested 5 people': an arrest of its own)
            noun = next((x for x in by_sentence[m.sentence] if _subject_of(doc[x.trigger], doc[m.trigger])), None)
            if noun is not None and noun is not m:  # 'un attentat-suicide a visé la caserne': the noun names the
                # occurrence, the verb only what it struck
                if _vague_target(noun) and m.actor2 is not None:
                    noun.actor2 = m.actor2
                if _vague(noun.actor1) and not _vague(m.actor1):
                    noun.actor1 = m.actor1
                if noun.fatalities is None and m.fatalities is not None:
                    noun.fatalities, noun.fatalities_span = m.fatalities, m.fatalities_span
                    noun.fatalities_revised, noun.fatalities_group = m.fatalities_revised, m.fatalities_group
                    noun.fatalities_whole = m.fatalities_whole
                noun.places = noun.places or m.places
                continue
            if m.event_type in ("Battles", "Violence against civilians") and m.lemma in words.operation_nouns and \
                    not m.fatalities and any(x.sub_event_type == "Arrests" for x in others):
                continue  # 'le raid a permis d'arrêter quatorze personnes', 'arrested during the Israeli raid': a
                # police operation, coded as arrests
            if m.sub_event_type == "Looting/property destruction" and any(
                    x.event_type in VIOLENT_TYPES for x in by_sentence[m.sentence]):
                continue  # 'ont tué, incendié et pillé': the burning is part of the attack
            out.append(m)
        return out

    @staticmethod
    def _generic(tok) -> bool:
        """A definite plural noun with no number: 'les attaques', 'ses attaques' (a trend, not one occurrence)."""
        if tok.pos_ != "NOUN" or "Plur" not in tok.morph.get("Number"):
            return False
        if counted(tok):
            return False
        definite = words_of(tok).definite_determiners
        return any(c.lower_ in definite for c in tok.children if c.dep_ in ("det", "nmod:poss"))

    @staticmethod
    def _classifies(tok) -> bool:
        """A noun that says what the story's occurrence was, not a new one: the predicate of 'il s'agit de la
        quatrième attaque', 'c'est la deuxième série d'attentats', 'it was the worst ambush', or a judgement on it
        ('un véritable massacre')."""
        if tok.pos_ != "NOUN":
            return False
        while tok.dep_ in ("nmod", "conj") and tok.head.pos_ == "NOUN" and tok.head is not tok:
            tok = tok.head  # ('la troisième série d'attentats', 'la quatrième attaque ou tentative d'attaque')
        words = words_of(tok)
        if tok.dep_ in ("obl:arg", "obj") and lemma(tok.head) in words.identity_verbs:
            return True
        if any(c.dep_ == "amod" and lemma(c) in words.characterising_adjectives for c in tok.children):
            return True  # '« Un véritable rapt », dénonce l'avocat': a judgement on what was told
        return any(c.dep_ == "cop" for c in tok.children) and any(
            c.dep_ == "nsubj" and c.lower_ in words.identity_subjects for c in tok.children)

    @staticmethod
    def _referential(article: Article, tok) -> bool:
        """A trigger that names an occurrence told elsewhere: in the headline, or a noun after a definite,
        demonstrative or possessive determiner ('l'attaque', 'cette explosion', 'leur assaut')."""
        if in_headline(article, tok):
            return True
        return tok.pos_ == "NOUN" and any(c.lower_ in words_of(tok).definite_determiners for c in tok.children
                                          if c.dep_ in ("det", "nmod:poss"))

    @staticmethod
    def _named_again(tok) -> bool:
        """A singular noun after a definite or demonstrative determiner ('l'attaque', 'cet assaut'): the
        occurrence the story is about, named again; not one of a sequence ('la première attaque')."""
        if tok.pos_ != "NOUN" or "Plur" in tok.morph.get("Number") or any(
                "Ord" in c.morph.get("NumType") for c in tok.children if c.dep_ == "amod"):
            return False
        return any(c.lower_ in words_of(tok).definite_determiners for c in tok.children if c.dep_ == "det")

    def _may_refer(self, article: Article, m: Mention, x: Mention, q: Place | None) -> bool:
        """A mention that refers back may refer to event `x` (at `q`) unless its own date or the province of its
        own place says otherwise ('quarante villageois tués dans la nuit du 11 au 12 à Gorgadji' is not the
        gendarmes killed on Thursday in another region)."""
        if m.dated_here and not _same_day(m.date, x.date):
            return False
        if q is None or q.admin1 is None or not self._placed_here(article, m):
            return True
        return not any(p.admin1 and p.country == q.country and p.admin1 != q.admin1 for p in m.places)

    @staticmethod
    def _aftermath(tok) -> bool:
        """The trigger only says whose victims or survivors the sentence is about ('les victimes des
        bombardements', 'plusieurs journalistes ont été victimes d'enlèvements'): an occurrence told elsewhere, or
        none."""
        nouns = words_of(tok).aftermath_nouns  # (the tagger reads 'ont été victimes de' as a verb 'victimer')
        head = tok.head
        if head.pos_ == "VERB" and head.lower_.endswith(("é", "és", "ée", "ées", "ed")) and \
                any(c.dep_ == "aux:pass" for c in head.children):
            return False  # a passive participle: 'trois gardes ont été blessés lundi dans un autre raid' tells the
            # attack (where 'ont été victimes d'enlèvements' only says whose victims they are)
        return tok.pos_ == "NOUN" and tok.dep_.startswith(("nmod", "obl")) and \
            (lemma(head) in nouns or head.lower_.rstrip("s") in nouns)

    def _weak(self, article: Article, m: Mention) -> bool:
        """True for a mention that refers back to (or sums up) an event rather than reporting a new one."""
        tok = article.doc[m.trigger]
        if self._aftermath(tok) or self._classifies(tok):
            return True
        if (m.entry.get("kill") and tok.pos_ != "NOUN" or m.lemma in lexicon_for(self.options, article.lang)
                .injury_lemmas) and (m.actor1 is None or not m.actor1.text):
            return True  # a toll with no one to blame, or the wounded ('17 wounded'): they belong to the event
            # they count ('le massacre', a noun, names the occurrence itself)
        base = tok
        while base.dep_ == "conj" and base.head is not base:
            base = base.head
        if tok.pos_ == "VERB" and base.dep_ == "acl" and not any(c.dep_.startswith("aux") for c in tok.children):
            return True  # 'des régions reconquises par Damas', 'soldats tués ou exécutés': a description
        if m.dated_here:
            return False
        if not any(t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm") for t in tok.sent):
            return True  # an undated sentence with no finite verb is a headline or an intertitle: it names
        if in_headline(article, tok):
            return True
        if tok.pos_ != "NOUN":
            return False
        sent = tok.sent
        if any(p.span and sent.start_char <= p.span.start < sent.end_char and p.feature != "country"
               for p in article.places):
            return False  # 'les premiers bombardements ont touché Ras al-Aïn': its own place, a new event
        dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "nmod:poss")}
        return bool(dets & words_of(tok).definite_determiners)

    def _taken_in_the_fight(self, article: Article, m: Mention, mentions: list[Mention], words: Words) -> bool:
        """Arrests told in the sentence after a fight, with no day, place, arrester or 'later' of their own ('Three
        attackers arrested.', 'He was immediately arrested.'): the people taken in that fight, part of it ('the army
        arrested more than 300 in two days' is an operation of its own)."""
        if m.sub_event_type != "Arrests" or m.dated_here or self._placed_here(article, m) or not _vague(m.actor1):
            return False
        tok = article.doc[m.trigger]
        if any(lemma(c) in words.later_words for t in (tok, clause_head(tok)) for c in t.children):
            return False  # ('Police later arrested three suspects': an arrest of its own)
        return any(x.event_type in VIOLENT_TYPES and 0 < m.sentence - x.sentence <= 1 and _same_day(x.date, m.date)
                   for x in mentions)

    @staticmethod
    def _placed_here(article: Article, m: Mention) -> bool:
        """The mention's sentence names a place below the country of its own ('les premiers bombardements ont
        touché Ras al-Aïn', 'à Kalembe' that no gazetteer knows), not one it inherits from the paragraph or the
        story."""
        sent = article.doc[m.trigger].sent
        here = [p for p in article.places if p.span and sent.start_char <= p.span.start < sent.end_char]
        if any(p.feature != "country" for p in here):
            return True
        countries = {p.span.start for p in here}
        words = words_of(sent[0])
        for t in sent:  # a name the parser tagged as a place, or one after a preposition of place
            if t.i == sent.start or not t.text[:1].isupper() or t.pos_ not in ("PROPN", "NOUN") or \
                    t.lower_ in words.state_nouns or t.lower_ in words.directions or \
                    any(t.idx <= c < t.idx + len(t.text) for c in countries):
                continue  # ('les médias d'État', 'dans l'Ouest')
            if t.ent_type_ in ("LOC", "GPE") or t.ent_type_ not in ("ORG", "MISC") and t.dep_ != "flat:name" and any(
                    c.dep_ == "case" and c.lower_ in words.place_prepositions for c in t.children):
                return True
        return False

    @staticmethod
    def _elaborated(merged: list[tuple[Mention, Place | None]], m: Mention) -> int | None:
        """The event told earlier that a mention naming no place of its own goes on telling ('d'autres habitants
        ont été enlevés', 'les assaillants ont aussi brûlé des cases', 'un deuxième kamikaze s'est fait exploser'
        after the lead; burning by the attackers it names): the closest one before it of its family with the same
        sides, on its day when the mention has a date of its own, of its event type unless it is the vaguer word
        ('les raids' after 'des frappes aériennes'). A place of its own, another day, an initiator it names for the
        first time ('l'armée a ensuite lancé une contre-offensive') or another target ('ils ont ensuite tiré sur
        les villageois en fuite', after the fight with the soldiers) makes it news of its own."""
        fam = FAMILY[m.event_type]
        if m.sub_event_type == "Looting/property destruction" and m.actor1 is not None and m.actor1.text:
            fam = "fight"  # 'les assaillants ont incendié des maisons': the attackers' doing, part of the attack
        if fam == "strategic":
            return None

        def same_sides(x: Mention) -> bool:
            named = m.actor1 is not None and not is_vague(m.actor1.name)
            if named and x.event_type == m.event_type == "Battles" and x.actor2 is not None and \
                    x.actor2.name == m.actor1.name and (m.actor2 is None or x.actor1 is None or
                                                        m.actor2.name == x.actor1.name):
                return True  # in a battle each side is the other's target: 'les soldats ont tué trois
                # insurgés' after 'un accrochage entre des jihadistes et l'armée'
            if named and (x.actor1 is None or x.actor1.name != m.actor1.name):
                return False
            return x.actor2 is None or m.actor2 is None or not m.actor2.text or x.actor2.name == m.actor2.name

        def same_kind(x: Mention) -> bool:  # (air raids after a ground counter-attack are a strike of their own)
            return x.event_type == m.event_type or fam != FAMILY[m.event_type] or \
                _specificity(m)[0] <= _specificity(x)[0] or m.sub_event_type in PEACEFUL  # ('les manifestations'
            # after the clashes they turned into)

        earlier = [i for i, (x, _) in enumerate(merged) if x.sentence < m.sentence and FAMILY[x.event_type] == fam
                   and same_kind(x) and same_sides(x) and (not m.dated_here or _same_known_day(x.date, m.date))]
        return max(earlier, key=lambda i: merged[i][0].sentence) if earlier else None

    @staticmethod
    def _compatible(merged: list[tuple[Mention, Place | None]], item: tuple[Mention, Place | None],
                    referential: set[int], told_again: set[int] = frozenset(), bound: set = frozenset()) -> int | None:
        """Index of an already kept event that is the same occurrence: same type, place and day. The story's
        attack named again ('L'attaque a eu lieu dans un hameau proche de Kafanchan', in its province) may
        be placed anywhere in its province."""
        m, p = item
        for i, (x, q) in enumerate(merged):
            if x.sub_event_type != m.sub_event_type and not (
                    {x.sub_event_type, m.sub_event_type} <= TERRITORY_FIGHT and _same_known_day(m.date, x.date)) \
                    and not _one_occurrence(x, m, referential | told_again, bound) and not _one_taking(x, m) \
                    and not _undated_at_one_spot(x, m, p, q):
                continue  # (fighting for a town on the day the story says it was taken is part of the taking)
            if not _same_day(m.date, x.date) or _other_victims(x, m, referential | told_again, bound):
                continue  # ('trois orpailleurs enlevés' and 'deux gendarmes tués dans une embuscade': two events)
            if _same_place(p, q) or (id(m) in told_again or m is not x and _same_toll(m, x)) and _same_province(p, q):
                return i
        return None

    @staticmethod
    def _merge(a: tuple[Mention, Place | None], b: tuple[Mention, Place | None], numbers: NumberReader,
               weak: bool = False) -> tuple[Mention, Place | None]:
        """Keep the higher-priority mention; fill its missing fields from the other; smallest positive toll.

        With `weak`, `b` only refers back to `a`: it lends details but never changes the type or place."""
        ma, pa = a
        mb, pb = b
        first = _specificity(mb) > _specificity(ma)
        if _one_taking(ma, mb):  # taken without a fight: the story says how the town changed hands
            first = mb.sub_event_type == UNOPPOSED
        if _abducted_in_killing(ma, mb) or _abducted_in_killing(mb, ma):
            first = _abducted_in_killing(mb, ma)
        if not weak and first:
            ma, mb, pa, pb = mb, ma, pb, pa
        keep = replace(ma)
        keep.actor1 = ma.actor1 or mb.actor1
        if (_vague(keep.actor1) or mb.claimed) and mb.actor1 is not None and not _vague(mb.actor1) and \
                (keep.actor2 is None or mb.actor1.name != keep.actor2.name):
            keep.actor1 = mb.actor1  # 'l'attaque a été revendiquée par le JNIM' names the unknown attackers
        keep.actor2 = ma.actor2 or mb.actor2
        if _vague_target(ma) and ma.entry.get("by_target") and mb.actor2 is not None and \
                not _actors_conflict(ma, mb) and (keep.actor1 is None or mb.actor2.name != keep.actor1.name) and \
                (mb.actor2.text or mb.entry.get("kill") and actor_kind(mb.actor2.inter, mb.actor2.name) == "civilian"):
            keep.actor2 = mb.actor2  # an attack on no one named struck the people it killed, not the side a fight
            # would have by default ('une attaque de bandits armés' and 'une vingtaine de personnes tuées')
        if keep.sub_event_type == UNOPPOSED and ma.actor2 is None and _one_taking(ma, mb) and _vague_target(mb):
            keep.actor2 = None  # (not the side a fight would have been with by default: the text names who left)
        if keep.actor1 is not None and keep.actor2 is not None and keep.actor1.name == keep.actor2.name:
            keep.actor2 = ma.actor2 if ma.actor2 is not None and ma.actor2.name != keep.actor1.name else None
        if keep.date is None or (mb.date is not None and mb.date.precision < keep.date.precision
                                 and _same_day(mb.date, keep.date)):
            keep.date = mb.date
        elif mb.date is not None and mb.date.span is not None and keep.date.span is None and \
                _same_known_day(mb.date, keep.date):
            keep.date = mb.date  # the night the text tells ('dans la nuit de jeudi à vendredi'), not the day of
            # publication an undated mention fell back to
        told = [x for x in (ma, mb) if x.fatalities is not None]
        revised = [x for x in told if x.fatalities_revised]
        if len(revised) == 1 and len(told) == 2:  # the text's own revision wins over its first figure
            keep.fatalities, keep.fatalities_span = revised[0].fatalities, revised[0].fatalities_span
            keep.fatalities_whole, keep.fatalities_group = revised[0].fatalities_whole, revised[0].fatalities_group
            keep.fatalities_revised = True
        elif len(told) == 2 and ma.sentence != mb.sentence and not (
                all(x.fatalities_whole for x in told) or told[0].fatalities_group == told[1].fatalities_group):
            # 'un soldat a été tué' and 'l'attaque a fait vingt morts': a part and the whole, not two figures
            # ('dix soldats' and '22 soldats' are two figures: the lowest is kept)
            big = max(told, key=lambda x: x.fatalities)
            keep.fatalities, keep.fatalities_span = big.fatalities, big.fatalities_span
            keep.fatalities_whole, keep.fatalities_group = big.fatalities_whole, big.fatalities_group
        elif told:
            keep.fatalities, keep.fatalities_span = conservative([(x.fatalities, x.fatalities_span) for x in told],
                                                                 numbers)
            chosen = next(x for x in told if x.fatalities_span == keep.fatalities_span)
            keep.fatalities_whole, keep.fatalities_group = chosen.fatalities_whole, chosen.fatalities_group
            # (the victims go with the figure: a mention with no toll lends none)
        if keep.count is None:
            keep.count, keep.count_span = mb.count, mb.count_span
        if keep.reported_by is None:
            keep.reported_by, keep.reported_by_span = mb.reported_by, mb.reported_by_span
        keep.support = ma.support + (mb.support if mb.event_type else 0)  # a toll alone tells no occurrence
        target = keep.entry.get("by_target", {}).get("civilian")
        if target and keep.event_type == "Battles" and keep.actor2 is not None and \
                actor_kind(keep.actor2.inter, keep.actor2.name) == "civilian":
            # 'l'assaut de séparatistes armés' and 'un commerçant a été tué': civilians are no side in a battle
            keep.sub_event_type, keep.event_type = target, taxonomy()[target]
        keep = _with_deaths(keep)
        place = min((x for x in (pa, pb) if x is not None), key=_vagueness, default=None)
        return keep, place

    def _event(self, article: Article, m: Mention, p: Place | None, sent, first: int) -> Event:
        doc = article.doc
        tok = doc[m.trigger]
        trigger = Span(tok.idx, tok.idx + len(tok.text), tok.text)
        evidence = {"trigger": trigger}
        for name, span in (("actor1", m.actor1.span if m.actor1 else None),
                           ("actor2", m.actor2.span if m.actor2 else None),
                           ("location", p.span if p else None),
                           ("date", m.date.span if m.date else None),
                           ("fatalities", m.fatalities_span), ("count", m.count_span),
                           ("reported_by", m.reported_by_span)):
            if span is not None:
                evidence[name] = span
        date: ResolvedDate | None = m.date
        signals = self._signals(m, p, first)
        sentence = Span(sent.start_char, sent.end_char, sent.text)
        where = f"{p.name}|{p.span.start if p.span else ''}" if p else ""
        dictionary = actor_dictionary(self.options.actors, self.options.countries, article.lang)

        def placed(actor: Actor | None) -> Actor | None:
            return dictionary.placed(actor, p.country if p else None)

        key = f"{m.sub_event_type}|{where}|{date.iso if date else ''}|{trigger.start}"
        return Event(
            event_id=_event_id(article.id, key), doc_id=article.id, event_type=m.event_type,
            sub_event_type=m.sub_event_type, plover=m.plover, actor1=_where_acting(placed(m.actor1), p),
            actor2=_where_acting(placed(_other_side(m)), p), location=p,
            date=date.iso if date else None, time_precision=date.precision if date else None,
            date_text=date.span.text if date and date.span else None, fatalities=m.fatalities, count=m.count,
            reported_by=m.reported_by, evidence=evidence, sentence=sentence,
            confidence=confidence.score(signals, self.weights), signals=signals)

    @staticmethod
    def _signals(m: Mention, p: Place | None, first: int) -> dict[str, float]:
        """The language-free facts about an event's evidence that its confidence rests on (confidence.SIGNALS);
        `first` is the index of the body's first sentence."""
        on = {
            "early": m.sentence - first <= 2,
            "place_town": p is not None and p.feature == "city" and p.geo_precision == 1,
            "date_in_sentence": m.dated_here,
            "actor1_named": not _vague(m.actor1),
            "actor2": m.actor2 is not None,
            "reported": m.reported_by is not None,
        }
        signals = {k: 1.0 for k, v in on.items() if v}
        signals["support"] = (min(m.support, 4) - 1) / 3
        return signals
