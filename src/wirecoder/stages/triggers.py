"""Event triggers: lemma and dependency patterns from the packaged lexicon, with a human coder's filters.

A token (or a multi-word lemma sequence) listed in the lexicon becomes a `Mention` unless it is negated, a plan,
threat or purpose (future tense, a bare infinitive, governed by 'prévoir', 'menacer'...), a denial, or a noun
that needs a particular verb ('conclure un accord'). Sub-types are refined from the sentence's other words
('frappe' + 'drone' -> Air/drone strike); the actor-dependent refinements happen once actors are known.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..errors import Code, ConfigError
from ..lang import get_pack, lang_of, words_of
from ..model import Article, Mention
from ..options import Options
from ..resources import data_file, fold
from ..syntax import (across_response, agent_and_target, ancestors_upto, clause_head, is_bare_infinitive,
                      is_habitual, is_negated, is_passive, is_reflexive, lemma, other_occurrence, responded_to,
                      subject, tense_is_future)


@lru_cache(maxsize=1)
def taxonomy() -> dict[str, str]:
    """ACLED sub-event type -> event type, shared by every language (data/taxonomy_acled.json)."""
    return dict(data_file("", "taxonomy_acled.json")["types"])


@dataclass(frozen=True)
class Lexicon:
    types: dict
    triggers: dict  # single lemma -> entry
    phrases: dict  # tuple of folded lemmas -> (key, entry)
    refine: list
    phrases_by_first: dict  # first folded word -> ((words, (key, entry)), ...)
    negation: set
    plan_heads: set
    denial_heads: set
    cumulative_subjects: set
    kill_lemmas: set
    injury_lemmas: set
    instrument_heads: set
    background_phrases: tuple
    habitual_adverbs: set
    occasion_heads: set
    revision_words: tuple
    whole_toll_nouns: set
    teaser_cues: tuple
    running_total_phrases: tuple = ()

    @classmethod
    def load(cls, path: str = "", lang: str = "fr") -> "Lexicon":
        """The user's lexicon file, or language `lang`'s packaged one; a malformed one raises [E205]."""
        return _load_lexicon(path, lang)

    @classmethod
    def _build(cls, path: str, lang: str) -> "Lexicon":
        default = get_pack(lang).lexicon
        data = data_file(path, default)
        types = taxonomy()
        missing = [k for k in REQUIRED_KEYS if k not in data]
        if missing:
            raise ConfigError(Code.E205, path=path or default, reason=f"missing {', '.join(missing)}")
        for key, entry in data["triggers"].items():
            if entry.get("sub") not in types:
                raise ConfigError(Code.E205, path=path or default,
                                  reason=f"trigger {key!r} has unknown sub-type {entry.get('sub')!r}")
        folding = get_pack(lang).words.determiner_folding
        single, phrases = {}, {}
        for key, entry in data["triggers"].items():
            if " " in key:
                phrases[tuple(folding.get(w, w) for w in fold(key).split())] = (key, entry)
            else:
                single[key] = entry
        by_first: dict = {}
        for words, value in phrases.items():
            by_first[words[0]] = by_first.get(words[0], ()) + ((words, value),)
        return cls(types, single, phrases, data.get("refine", []), by_first, set(data["negation"]),
                   set(data["plan_heads"]), set(data["denial_heads"]), set(data["cumulative_subjects"]),
                   set(data["kill_lemmas"]), set(data.get("injury_lemmas", [])),
                   set(data.get("instrument_heads", [])),
                   tuple(fold(x) for x in data.get("background_phrases", [])),
                   set(data.get("habitual_adverbs", [])), set(data.get("occasion_heads", [])),
                   tuple(fold(x) for x in data.get("revision_words", [])),
                   set(data.get("whole_toll_nouns", [])),
                   tuple(fold(x) for x in data.get("teaser_cues", [])),
                   tuple(fold(x) for x in data.get("running_total_phrases", [])))

    def event_type(self, sub: str) -> str:
        return self.types[sub]


REQUIRED_KEYS = ("triggers", "negation", "plan_heads", "denial_heads", "cumulative_subjects", "kill_lemmas")


@lru_cache(maxsize=8)
def _load_lexicon(path: str, lang: str) -> Lexicon:
    return Lexicon._build(path, lang)


def lexicon_for(options: Options, lang: str) -> Lexicon:
    """The lexicon of language `lang`: the user's file the options name for it, else its pack's."""
    return Lexicon.load(options.lexicon_file(lang), lang)


def running_total(tok, lex: Lexicon) -> bool:
    """The clause of a death word counts over a stretch of time ('killed ... this year', 'tués depuis le début de
    l'année'): a running total, not one event's toll. Its subject is left out: 'the attack, the third this year,
    killed five' is one event."""
    if not lex.running_total_phrases:
        return False
    head = clause_head(tok)
    # 'cette année, l'armée a tué douze rebelles, arrêté 90 de leurs complices, tandis que 15 combattants se
    # sont rendus': the verbs the tally's verb governs share its span of time, however the parser hung them (on
    # it, or on its object)
    up = head
    for _ in range(4):
        if up.head.i == up.i or (up.pos_ in ("VERB", "AUX") and up.dep_ not in ("conj", "dep", "advcl", "acl")):
            break
        up = up.head
    if up.pos_ in ("VERB", "AUX"):
        head = up
    subjects = {x.i for c in head.children if c.dep_.startswith("nsubj") for x in c.subtree}
    words = " ".join(fold(t.text) for t in head.subtree if t.i not in subjects)
    return any(f" {p} " in f" {words} " for p in lex.running_total_phrases) or _over_a_span(head)


def _over_a_span(head) -> bool:
    """A clause on a counted span of time ('11 days of unrest in which 21 people have been killed', 'trois ans de
    guerre qui ont fait 5 000 morts'): what it tells adds up over that span."""
    if head.dep_ not in ("acl:relcl", "relcl", "acl"):
        return False
    units = words_of(head).time_units
    noun = head.head
    for _ in range(3):
        if noun.lemma_ in units and any(c.dep_ == "nummod" or c.like_num for c in noun.children):
            return True
        if noun.head.i == noun.i or not noun.dep_.startswith("nmod"):
            return False
        noun = noun.head
    return False


def sentence_lemmas(sent) -> list[str]:
    """The sentence's folded lemmas, determiners folded together so that lexicon phrases match whatever article
    the text uses (computed once per sentence: several rules ask)."""
    cache = sent.doc.user_data.setdefault("wirecoder_lemmas", {})
    key = (sent.start, sent.end)
    found = cache.get(key)
    if found is None:
        folding = words_of(sent).determiner_folding
        found = cache[key] = [folding.get(w, w) for w in (fold(t.lemma_) or t.lower_ for t in sent)]
    return found


def sentence_words(sent) -> set[str]:
    """Folded lemmas and surface words of a sentence, plus its folded text for multi-word lookups."""
    words = {fold(t.lemma_) for t in sent} | {fold(t.text) for t in sent}
    return words


def _one_person(subj) -> bool:
    """The subject is one person of a side: a singular noun of `individual_nouns` that no number or conjunct
    makes more than one ('a suicide bomber', not 'two gunmen' nor 'a soldier and his men')."""
    if subj is None or subj.pos_ != "NOUN" or lemma(subj) not in words_of(subj).individual_nouns:
        return False
    return "Sing" in subj.morph.get("Number") and not any(c.dep_ in ("nummod", "conj") for c in subj.children)


def sentence_context(sent) -> tuple[set[str], str, str]:
    """What the refinements look at in a sentence: its words and lemmas, its folded text, its lemma text."""
    return sentence_words(sent), fold(sent.text), " ".join(sentence_lemmas(sent))


def side_context(tok) -> tuple[set[str], str, str] | None:
    """The refinements' view of the trigger's side of a phrase of response ('ont lancé des roquettes en riposte à
    une frappe': the rockets do not make the strike a shelling) and outside the phrases that time another
    occurrence ('the attack comes two days after ... a landmine'), or None when its sentence has neither."""
    other = across_response(tok) | other_occurrence(tok)
    if not other:
        return None
    side = [t for t in tok.sent if t.i not in other]
    folding = words_of(tok).determiner_folding
    return ({fold(t.lemma_) for t in side} | {fold(t.text) for t in side}, fold(" ".join(t.text for t in side)),
            " ".join(folding.get(w, w) for w in (fold(t.lemma_) or t.lower_ for t in side)))


def mentions_phrase(sent_text_folded: str, lemma_text: str, phrase: str) -> bool:
    f = fold(phrase)
    if " " in f:
        return f" {f} " in f" {sent_text_folded} " or f" {f} " in f" {lemma_text} "
    return False


def refinement(lex: Lexicon, sub: str, sent, context: tuple | None = None) -> dict | None:
    """The first of the lexicon's context refinements ('frappe' + 'drone' -> Air/drone strike) that applies to a
    sub-type in a sentence, or None.

    `context` is (words, folded text, lemma text) of the sentence when the caller already computed it."""
    words, text, lemtext = context or sentence_context(sent)

    def present(w: str) -> bool:
        return mentions_phrase(text, lemtext, w) if " " in w else fold(w) in words

    etype = lex.types[sub]
    for rule in lex.refine:
        if rule["from"] != etype:
            continue
        if any(present(w) for w in rule["any"]) and not any(present(w) for w in rule.get("unless", [])):
            return rule
    return None


def _classifier(tok, lex: Lexicon) -> bool:
    """A bare singular noun that only qualifies another noun ('lieu de rassemblement', 'fusil d'assaut',
    'complicité d'assassinat'): a kind of thing, not an occurrence. Plurals are kept ('série d'attentats',
    'scènes de pillage' tell of occurrences), and so is a trigger under another trigger ('prise d'otage')."""
    if tok.dep_ != "nmod" or tok.head.pos_ != "NOUN" or "Sing" not in tok.morph.get("Number"):
        return False
    if any(c.dep_ in ("det", "nummod", "nmod:poss") for c in tok.children):
        return False
    if not any(c.dep_ == "case" and c.lower_ in words_of(tok).genitive_prepositions for c in tok.children):
        return False
    heads = (tok.head, tok.head.head)  # two levels: the parser may hang it on an adjective read as a noun
    return not any(w in lex.triggers or w in lex.occasion_heads
                   for head in heads for w in (head.lemma_.lower(), head.lower_))


def _compound_classifier(tok, lex: Lexicon) -> bool:
    """A bare singular noun compounded onto a noun that names no occurrence ('riot police', 'attack helicopter',
    'protest movement'): a kind of thing. ('rocket attack', 'protest march': the head is the occurrence.)"""
    if tok.dep_ != "compound" or tok.pos_ not in ("NOUN", "PROPN") or tok.head.pos_ not in ("NOUN", "PROPN") or \
            "Sing" not in tok.morph.get("Number"):
        return False
    head = tok.head  # ('a rape attempt': an attempt tells the occurrence)
    return not any(w in lex.triggers or w in lex.occasion_heads or w in words_of(tok).accomplished_heads
                   for w in (head.lemma_.lower(), head.lower_))


def _pos(tok) -> str:
    """The part of speech, a participle the tagger misread taken as the verb its auxiliary shows ('ont violé'
    tagged as an adverb)."""
    if tok.pos_ not in ("VERB", "AUX") and any(c.dep_ in ("aux:tense", "aux:pass") for c in tok.children):
        return "VERB"
    return tok.pos_


def _a_place(tok) -> bool:
    """The word names a place: a place entity, one of the story's places, or a noun of place ('l'enclave')."""
    words = words_of(tok)
    return tok.ent_type_ == "LOC" or tok.i in tok.doc.user_data.get("wirecoder_place_tokens", ()) or \
        lemma(tok) in words.city_cues or lemma(tok) in words.admin_cues or lemma(tok) in words.facility_cues or \
        lemma(tok) in words.target_nouns


def _where(tok) -> bool:
    """A place named as where the action happened ('les combats ont repris à Goma'), not what it took."""
    words = words_of(tok)
    where = (words.locative - words.of_before_name) | words.destination_prepositions  # ('au Nord-Kivu')
    return any(c.dep_ == "case" and (c.lower_ in where or lemma(c) in where) for c in tok.children)


CAPTION_LINE = 300  # characters: a line this short that holds a '©' is a caption or a credit


def _told_in_sequence(verb, words) -> bool:
    """An infinitive told as the next step of a past action ('ont incendié l'école avant de tirer sur
    les élèves'): it happened, unlike a purpose ('pour prendre') or a plan."""
    governor = verb.head
    return any(c.dep_ == "mark" and c.lower_ in words.sequence_words for c in verb.children) and \
        governor.pos_ in ("VERB", "AUX") and (
            "Past" in governor.morph.get("Tense") or any("Past" in a.morph.get("Tense") or a.dep_ == "aux:tense"
                                                       for a in governor.children if a.dep_.startswith("aux")))


class TriggerStage:
    name = "triggers"
    requires = ("doc",)
    assigns = ("mentions",)

    def __init__(self, options: Options):
        self.options = options
        # small; loading them here makes a bad file fail at start-up
        self.lexicons = {lang: lexicon_for(options, lang) for lang in options.languages}

    def __call__(self, article: Article) -> Article:
        lex = self.lexicons[article.lang]
        doc = article.doc
        mentions = []
        for s_i, sent in enumerate(doc.sents):
            if sent.start_char < article.body_start or self._not_the_story(article.text, sent):
                continue
            context = None
            for tok, key, entry in self._candidates(sent, lex):
                if self._filtered(tok, entry, lex) or " " not in key and _compound_classifier(tok, lex):
                    continue
                context = context or sentence_context(sent)
                rule = refinement(lex, entry["sub"], sent, side_context(tok) or context)
                sub = rule["to"] if rule is not None else entry["sub"]
                if entry.get("generic") and rule is None:
                    # 'cet attentat odieux' names any attack: its default sub-type gives way to the one a
                    # more concrete mention of the occurrence tells ('ont abattu quatorze passagers')
                    entry = {**entry, "priority": 0}
                if "territory_objects" in entry and not self._takes(tok, key, entry["territory_objects"]):
                    # 'prendre d'assaut le QG' storms a building; 'prendre d'assaut la ville' takes a town
                    sub = entry["sub_otherwise"]
                    entry = {k: v for k, v in entry.items() if k != "by_actor"}
                    if "by_actor_otherwise" in entry:  # ('the assailants captured 153 soldiers': an abduction)
                        entry["by_actor"] = entry["by_actor_otherwise"]
                if sub in ("Peaceful protest", "Protest with intervention") and any(
                        c.dep_ == "amod" and lemma(c) in words_of(tok).violent_modifiers for c in tok.children):
                    sub = "Violent demonstration"  # 'de violentes manifestations'
                mentions.append(Mention(trigger=tok.i, sentence=s_i, sub_event_type=sub,
                                        event_type=lex.event_type(sub), plover=entry.get("plover"), lemma=key,
                                        entry=entry, future=tense_is_future(tok)))
        article.mentions = mentions
        return article

    def _not_the_story(self, text: str, sent) -> bool:
        """The sentence is a photo caption or credit ('... le 10 décembre 2015 ©AFP', alone on its short line or
        holding the sign itself) or the headline of another story announced by a teaser line ('A lire aussi')."""
        at = sent.start_char
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        line = text[start:end if end >= 0 else len(text)]
        if "©" in sent.text or ("©" in line and len(line) <= CAPTION_LINE):
            return True
        end = start - 1  # the line before, over blank lines, without copying the text before it
        while end > 0 and text[end - 1] == "\n":
            end -= 1
        previous = fold(text[text.rfind("\n", 0, max(end, 0)) + 1:max(end, 0)]).strip(" :.")
        return previous in self.lexicons[lang_of(sent)].teaser_cues

    def _candidates(self, sent, lex: Lexicon):
        lemmas = sentence_lemmas(sent)
        folding = words_of(sent).determiner_folding
        surface = [folding.get(w, w) for w in (fold(t.text) for t in sent)]
        taken: set[int] = set()
        for i in range(len(lemmas)):
            for words, (key, entry) in lex.phrases_by_first.get(lemmas[i], ()) + lex.phrases_by_first.get(
                    surface[i], ()):
                n = len(words)
                if tuple(lemmas[i:i + n]) == words or tuple(surface[i:i + n]) == words:
                    tok = sent[i]
                    if tok.i in taken:
                        continue
                    taken.update(range(tok.i, tok.i + n))
                    yield tok, key, entry
        for tok in sent:
            if tok.i in taken:
                continue
            lem = tok.lemma_.lower()
            pos = _pos(tok)
            by_pos = lex.triggers.get(f"{lem}#{pos}")  # 'bomb#VERB': a lemma whose noun and verb differ
            if by_pos is not None:
                yield tok, lem, by_pos
                continue
            entry = lex.triggers.get(lem) or lex.triggers.get(tok.lower_)
            if entry is None:
                continue
            if "pos" in entry and pos not in entry["pos"]:
                continue
            yield tok, lem if lem in lex.triggers else tok.lower_, entry

    def _filtered(self, tok, entry: dict, lex: Lexicon) -> bool:
        """True when a human coder would not code this trigger as an event."""
        words = words_of(tok)
        if tok.text[:1].isupper() and tok.lower_ in words.calendar_words:
            return True  # 'In March, ...': the month, not a march
        if entry.get("reflexive") and not is_reflexive(tok):
            return True
        if entry.get("not_reflexive") and is_reflexive(tok):
            return True
        if tok.pos_ == "NOUN" and "Plur" in tok.morph.get("Number") and responded_to(tok):
            return True  # 'en réponse aux attaques répétées de HTS': what provoked the act, in general
        if "context" in entry and not self._in_context(tok, entry["context"]):
            return True
        if entry.get("reflexive") and lemma(tok) in words.travel_verbs:
            # 'se rendre à Goma', 'dans leurs champs' is travel, not surrender ('se rendre aux autorités'): a
            # place after it, or a preposition only a destination takes
            # ('se rendre aux troupes dans le secteur de Kukawa' is surrender, somewhere)
            going = surrendering = False
            hung = [g for c in tok.children if c.dep_ == "obl:mod" for g in c.children if g.dep_ == "nmod"]
            for c in [*tok.children, *hung]:  # (and a place the parser hangs on the time: 's'est rendu ce
                # matin à Seytenga')
                preps = {lemma(x) for x in c.children if x.dep_ == "case"}
                if not (c.dep_.startswith(("obl", "advmod")) or c in hung) or \
                        not preps & words.destination_prepositions:
                    continue
                if c.ent_type_ == "LOC" or lemma(c) in words.travel_places or preps & words.travel_prepositions:
                    going = True
                elif c.dep_ == "obl:arg":  # (not 'à minuit')
                    surrendering = True
            if going and not surrendering:
                return True
        if entry.get("territory") and self._takes_the_country(tok):
            return True
        if "object" in entry and not self._has_object(tok, entry["object"],
                                                      destination=entry.get("destination", False)):
            return True
        if entry.get("destination") and any(lemma(c) in words.causative_verbs and c.i < tok.i for c in tok.children):
            return True  # 'ont tenté de faire entrer un camion piégé dans la ville': the truck, not the side
        if "exclude_modifier" in entry and any(c.dep_ in ("amod", "nmod") and lemma(c) in entry["exclude_modifier"]
                                               for c in tok.children):
            return True
        if "exclude_object" in entry and self._has_object(tok, entry["exclude_object"]):
            return True
        if entry.get("instrument") and not self._strikes(tok, lex):
            return True
        if entry.get("territory") and tok.pos_ == "VERB" and not is_passive(tok) and _one_person(subject(tok)):
            return True  # 'a suicide bomber was trying to enter Kabul': one person takes no territory
        if "needs_verb" in entry:
            head = clause_head(tok)
            if lemma(head) not in entry["needs_verb"]:
                return True
        if tok.i > 0 and (tok.doc[tok.i - 1].lower_ in words.anti_prefixes or
                          tok.lower_.startswith(tuple(p for p in words.anti_prefixes if p.endswith("-")))):
            return True  # 'brigade anti-émeute', 'missile anti-char': a name, not the event
        if tok.pos_ == "NOUN" and not entry.get("instrument") and _classifier(tok, lex):
            return True  # 'un lieu de rassemblement', 'complicité d'assassinat', 'des fusils d'assaut'
        if tok.pos_ == "NOUN" and tok.dep_.startswith(("nmod", "obl")) and lemma(tok.head) in words.legal_heads:
            return True  # 'le procès pour viol de l'ancien ministre', 'inculpé de meurtre': a charge, not an event
        if entry.get("actor_only"):
            return True  # protest nouns name actors; the events they take part in come from their verbs
        if is_negated(tok, lex.negation):
            return True
        sent_text = f" {fold(tok.sent.text)} "
        if any(f" {b} " in sent_text for b in lex.background_phrases):
            return True
        if is_habitual(tok, lex.habitual_adverbs):
            return True  # a habit or a state in the present tense, not one occurrence
        if is_bare_infinitive(tok) and lemma(clause_head(tok).head) not in words.accomplished_heads and \
                not _told_in_sequence(clause_head(tok), words):
            return True
        below = tok
        for anc in ancestors_upto(tok, 3):
            if below.dep_.startswith("nsubj"):
                break  # the trigger describes the subject ('les jihadistes qui ont attaqué Boni ont fui')
            lem = lemma(anc)
            if lem in lex.plan_heads and anc.pos_ in ("VERB", "NOUN"):
                return True
            if lem in lex.denial_heads:
                return True
            if lem in words.commemoration_words and anc.pos_ in ("NOUN", "VERB"):
                return True  # 'commémorait l'anniversaire de l'attentat': remembered, not news
            below = anc
        if (entry.get("kill") or tok.pos_ == "VERB" or tok.pos_ == "NOUN" and not tok.dep_.startswith("nsubj")
                and clause_head(tok).i != tok.i and lemma(clause_head(tok)) in lex.kill_lemmas) and \
                running_total(tok, lex):  # (and the occurrences a tally's killing counts: 'killed in clashes')
            return True  # 'rebels have killed more than 350 policemen this year', 'à ce jour, quelque 180
            # suspects ont été arrêtés': a running total
        if entry.get("kill"):
            agent, _ = agent_and_target(tok)
            if agent is not None and lemma(agent) in lex.cumulative_subjects:
                return True
        for t in tok.sent:
            if lemma(t) not in words.since_words:
                continue
            if t.head.i == tok.i and t.dep_ == "mark":
                return True  # 'has cracked down on protesters since it took power': where a state began, not news
            if _a_place(t.head):
                continue  # 'des obus tirés depuis le territoire voisin', 'depuis X': from a place, not since
            if entry.get("kill") or (tok.pos_ == "NOUN" and "Plur" in tok.morph.get("Number")):
                return True  # 'tués depuis décembre', 'les attaques depuis 2011': a running toll, not one event
            if any(c.like_num and len(c.text) == 4 for c in t.head.subtree):
                return True  # 'pris depuis 2015 dans une spirale de violences': a state since a year
        return False

    @staticmethod
    def _in_context(tok, words: list[str]) -> bool:
        """One of `words` (lemmas or surface forms; a word ending in a hyphen is a prefix: 'anti-' in
        'anti-MNLA') in the trigger's sentence or the sentence before."""
        doc = tok.doc
        sent = tok.sent
        start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        wanted = {fold(w) for w in words}
        prefixes = tuple(w for w in wanted if w.endswith("-"))
        return any(t.i != tok.i and (fold(t.lemma_) in wanted or fold(t.text) in wanted or
                                     prefixes and fold(t.text).startswith(prefixes)) for t in doc[start:sent.end])

    @staticmethod
    def _strikes(tok, lex: Lexicon) -> bool:
        """A weapon noun used as the thing that struck ('des roquettes ont frappé', 'tirs de roquettes')."""
        for anc in [tok.head, clause_head(tok)]:
            if lemma(anc) in lex.instrument_heads and anc is not tok:
                return True
        return False

    @staticmethod
    def _takes(tok, key: str, wanted: list[str]) -> bool:
        """What the trigger seizes is one of `wanted` (or a place): its direct object, or its subject in the
        passive ('la ville a été prise d'assaut'), itself, not a word hung on it ('a police station in the town
        of X' is a building); with no such object, any object or oblique of the trigger after it decides."""
        own = set(re.split(r"[\s'’]+", key))  # a phrase's own noun read as the object: 'pris d'assaut Bunia'
        calendar = words_of(tok).calendar_words  # ('lundi' read as an object)
        seized = next((c for c in tok.children if c.dep_ in ("obj", "nsubj:pass") and lemma(c) not in own
                       and lemma(c) not in calendar), None)
        if seized is None:
            seized = next((n for c in tok.children if lemma(c) in own for n in c.children if n.dep_ == "nmod"), None)
        if seized is None:
            return TriggerStage._has_object(tok, wanted, undergone=True)
        places = tok.doc.user_data.get("wirecoder_place_tokens", ())
        # (a common noun inside a place entity, 'le commissariat de Kaya', is no place)
        return lemma(seized) in wanted or ("@place" in wanted and (
            seized.ent_type_ == "LOC" and seized.pos_ == "PROPN" or seized.i in places))

    @staticmethod
    def _takes_the_country(tok) -> bool:
        """A taking whose object is the country or most of it ('ont pris le contrôle de la majeure partie du
        pays'): the sum of a campaign, no one town changing hands."""
        country = words_of(tok).country_nouns
        for obj in (c for c in tok.children if c.dep_ == "obj"):
            chain = [obj, *(c for c in obj.children if c.dep_ == "nmod")]
            chain += [g for c in chain[1:] for g in c.children if g.dep_ == "nmod"]
            if any(lemma(c) in country for c in chain):
                return True
        return False

    @staticmethod
    def _has_object(tok, wanted: list[str], undergone: bool = False, destination: bool = False) -> bool:
        """One of `wanted` heads the trigger's object or an oblique (`undergone`: only what undergoes it, never
        the active subject's words, 'les miliciens de la capitale ont pris d'assaut le QG'). A place after a
        locative preposition is where it happened, not its object ('les combats ont repris à Goma'), unless the
        verb's object is a `destination` ('entrer à Goma')."""
        if tok.dep_ == "acl:relcl" and lemma(tok.head) in wanted:  # 'des villes qu'ils ont prises'
            return True
        places = tok.doc.user_data.get("wirecoder_place_tokens", ())  # (set by the places stage)
        doers = {x.i for c in tok.children if undergone and c.dep_ == "nsubj" for x in c.subtree}
        prefixes = tuple(fold(w) for w in wanted if w.endswith("-"))  # 'anti-': 'une marche anti-MNLA'
        if prefixes and any(fold(c.text).startswith(prefixes) for c in tok.children):
            return True
        for c in tok.subtree:
            own = c.head.i == tok.i and c.dep_ in ("obj", "nsubj:pass")  # (its own object, however far)
            if c.i == tok.i or (c.i > tok.i + 12 or c.i < tok.i - 6) and not own or c.i in doers:
                continue
            if c.dep_ == "case" and c.head.head.i == tok.i and lemma(c) in wanted:
                return True  # a complement's preposition: 'une marche contre la vie chère'
            if c.dep_ not in ("obj", "obl", "obl:arg", "obl:mod", "nmod", "nsubj:pass", "nsubj", "appos", "flat:name"):
                continue
            if lemma(c) in wanted:
                return True
            if "@place" in wanted and (c.ent_type_ == "LOC" and (not destination and not _where(c) or destination
                                                                 and (c.head.i == tok.i or lemma(c.head) in wanted)) or
                                       c.i in places and c.head.i == tok.i and c.dep_ == "obj"):
                return True  # (a place the parser did not tag counts as the trigger's direct object only: 'captured
                # Jaffna', not 'tried to enter the school at Kankara'; one enters the town, not a school in it)
            if "@person" in wanted and c.ent_type_ == "PER":
                return True
        return False
