"""Counts and attribution: fatalities, the other central headcount, and who the facts are attributed to.

Fatalities come from death words ('tuer', 'mort', 'périr'...) in the mention's sentence, read off the number
that modifies the victims ('13 personnes ont été tuées', 'faisant six morts', 'une dizaine de soldats tués');
'aucune victime' gives 0; silence gives null. When several figures are given the smallest is kept (ACLED's
conservative rule). The headcount is the number on the people who surrendered, were arrested, abducted or
marched. The source is the object of 'selon', 'd'après', or the speaker of a reporting verb.
"""
from __future__ import annotations

from ..actors import actor_dictionary
from ..lang import NumberReader, get_pack, lang_of, pack_of, words_of
from ..model import Article, Mention, Span
from ..options import Options
from ..resources import fold
from ..syntax import clause_head, counted, is_death, is_passive, lemma, listed_before, lives_taken, object_under_day, \
    other_occurrence, per_sentence, phrase_start, timed_by
from .triggers import lexicon_for, running_total

COUNT_SUBTYPES = {"Change to group/activity", "Arrests", "Abduction/forced disappearance", "Peaceful protest",
                  "Protest with intervention", "Excessive force against protesters", "Violent demonstration",
                  "Non-violent transfer of territory"}
CLAUSE_DEPS = {"nsubj", "cop", "aux", "mark"}
ATTACKER_KINDS = {"armed", "jihadist", "rebel", "militia"}
WITH_ATTACKERS = "+attackers"  # the group of a whole toll that counts its attackers too: whole no longer


def number_on(tok, allow_one: bool = True) -> tuple[int | None, Span | None]:
    """The count carried by a noun phrase: '13 personnes', 'une trentaine de personnes', 'au moins 15'."""
    doc = tok.doc
    pack = pack_of(tok)
    qualifiers, genitive = pack.words.count_qualifiers, pack.words.genitive_prepositions
    # a clause around a predicate noun is not its number ('le bilan est de 5 morts': not 'le bilan est de')
    clause = {t.i for c in tok.children if c.dep_.split(":")[0] in CLAUSE_DEPS for t in c.subtree}
    left = [t for t in tok.subtree if t.i <= tok.i and t.dep_ not in ("punct", "acl:relcl", "cc")
            and t.i not in clause]
    start = min(t.i for t in left) if left else tok.i
    while start < tok.i and doc[start].dep_ == "case":  # 's'élève à onze morts': the preposition is not counted
        start += 1
    while start > 0 and doc[start - 1].lower_ in qualifiers and not (
            doc[start - 1].lower_ in genitive and (start < 2 or doc[start - 2].lower_ not in qualifiers)):
        start -= 1  # 'au moins', 'plus de' ('un bilan de cinq morts': that 'de' is not a qualifier's)
    for k in range(max(0, start - 3), start):  # 'Vingt et un civils': the parser may leave 'Vingt' outside
        if (doc[k].like_num or doc[k].pos_ == "NUM") and all(
                t.like_num or t.pos_ in ("NUM", "CCONJ") or t.text == "-" for t in doc[k:start]) and \
                pack.numbers.parse_count(doc[k:tok.i + 1].text) is not None:
            start = k
            break
    phrase = doc[start:tok.i + 1]
    value = pack.numbers.parse_count(phrase.text)
    if value is None and tok.head.i < tok.i and tok.head.pos_ in ("NOUN", "NUM") and tok.dep_ != "conj":
        # 'une dizaine de soldats': the approximation noun governs the victims
        head = tok.head
        hs = min(t.i for t in head.subtree if t.i <= head.i)
        phrase = doc[hs:tok.i + 1]
        value = pack.numbers.parse_count(phrase.text)
    if value is None or (value == 1 and not allow_one):
        return None, None
    return value, Span(phrase.start_char, phrase.end_char, phrase.text)


class CountStage:
    name = "counts"
    requires = ("doc", "mentions", "actors")
    assigns = ("counts",)

    def __init__(self, options: Options):
        self.options = options
        self.lexicons = {lang: lexicon_for(options, lang) for lang in options.languages}  # a bad file fails now

    def __call__(self, article: Article) -> Article:
        doc = article.doc
        lex, numbers = self.lexicons[article.lang], get_pack(article.lang).numbers
        sents = list(doc.sents)
        by_sentence: dict[int, tuple] = {}  # tolls, revision and source depend on the sentence only
        triggers: dict[int, list[int]] = {}
        others: dict[int, list[Mention]] = {}
        for m in article.mentions:  # a killing verb beside another trigger reports that event's toll (a wounding
            if not m.entry.get("kill") and m.lemma not in lex.injury_lemmas:  # verb only tells more of it)
                triggers.setdefault(m.sentence, []).append(m.trigger)
                others.setdefault(m.sentence, []).append(m)
        for m in article.mentions:  # unless it is told on a day of its own
            if m.entry.get("kill") and told_apart(m, others.get(m.sentence, []), doc):
                triggers[m.sentence].append(m.trigger)
        # ('causant la mort de 60 civils et le pillage des marchés': the dead are the fighting's, not the looting's)
        deathless = {m.trigger for m in article.mentions if m.event_type == "Strategic developments"}
        for m in article.mentions:
            sent = sents[m.sentence]
            if m.sentence not in by_sentence:
                by_sentence[m.sentence] = (self._tolls(sent), self._revised(sent), self._source(article, sent))
            tolls, revised, (m.reported_by, m.reported_by_span) = by_sentence[m.sentence]
            owners = triggers.get(m.sentence) or [m.trigger]
            owners = [t for t in owners if t not in deathless] or owners
            own = [(v, span) for v, span, at in tolls if m.trigger not in deathless and (
                m.trigger not in owners or _nearest_trigger(doc, at, _on_its_side(doc, at, owners)) == m.trigger)]
            # (a toll inside a phrase that times another occurrence is that one's: 'a day after clashes there
            # killed 15 people'; a town changing hands or a deal counts no dead: 'en entrant dans la ville, les
            # soldats ont découvert plusieurs cadavres')
            m.fatalities, m.fatalities_span = conservative(own, numbers) if own else (None, None)
            m.fatalities_revised = m.fatalities is not None and revised
            m.fatalities_group = self._group(article, m.fatalities_span)
            m.fatalities_whole = m.fatalities_group in lex.whole_toll_nouns
            if m.sub_event_type in COUNT_SUBTYPES:
                m.count, m.count_span = self._headcount(m, doc)
        article.meta["loose_tolls"] = self._loose_tolls(article, sents, {m.sentence for m in article.mentions})
        return article

    def _loose_tolls(self, article: Article, sents, told: set[int]) -> list[Mention]:
        """Tolls given in a sentence that tells no event ('Le gouverneur évoque un bilan de 5 morts', 'J'ai trouvé
        29 corps'), as mentions with only a sentence and a toll, for the events stage to hand to the event they
        count. A sentence about a war or a campaign ('le conflit a fait 35 000 morts') gives none."""
        out = []
        lex, numbers = self.lexicons[article.lang], get_pack(article.lang).numbers
        for i, sent in enumerate(sents):
            if i in told or sent.start_char < article.body_start:
                continue
            tolls = [(v, span) for v, span, _ in self._tolls(sent) if v > 0]
            if not tolls or any(lemma(t) in lex.cumulative_subjects for t in sent) or \
                    any(p in fold(sent.text) for p in lex.background_phrases):
                continue
            value, span = conservative(tolls, numbers)
            group = self._group(article, span)
            # ('le bilan a été revu à la hausse' and the new figure in the next sentence: a revision)
            before = next((x for x in reversed(sents[:i]) if any(t.is_alpha for t in x)), None)  # (not a lone '«')
            revised = self._revised(sent) or before is not None and self._revised(before) and not self._tolls(before)
            out.append(Mention(trigger=sent.start, sentence=i, sub_event_type="", event_type="", plover=None,
                               lemma="", entry={}, fatalities=value, fatalities_span=span,
                               fatalities_revised=revised, fatalities_group=group,
                               fatalities_whole=group in lex.whole_toll_nouns))
        return out

    def _tolls(self, sent) -> list[tuple[int, Span | None, int]]:
        """Every toll the sentence gives: (deaths, words, index of the death word that carries it)."""
        return per_sentence(sent, "tolls", self._find_tolls)

    def _find_tolls(self, sent) -> list[tuple[int, Span | None, int]]:
        lex, words = self.lexicons[lang_of(sent)], words_of(sent)
        kill = lex.kill_lemmas
        found: list[tuple[int, Span | None, int]] = []
        for tok in sent:
            lem = lemma(tok)
            taken = lives_taken(tok)
            if lem not in kill and not is_death(tok) and taken is None:
                continue
            victim = None
            if taken is not None:
                victim = taken  # 'l'attaque a coûté la vie à 40 civils'
            elif tok.pos_ == "VERB" or tok.pos_ == "AUX":
                passive, death = is_passive(tok), is_death(tok)
                for c in tok.children:
                    if lemma(c) in words.calendar_words:
                        continue  # ('ont tué 30 civils dimanche': the parser may read the day as an object too)
                    if death:  # 'ont péri', 'ont trouvé la mort': the subject died (the object is 'la mort')
                        if c.dep_ == "nsubj":
                            victim = c
                    elif passive and c.dep_ == "nsubj:pass":
                        victim = c  # (the last subject: the ones before it are its conjuncts, counted below)
                    elif not passive and c.dep_ == "obj" and victim is None:
                        victim = c  # (the first object: 'a tué 12 personnes, l'un des témoins...')
                if victim is None and not passive and not death:
                    victim = object_under_day(tok)  # 'ont tué vendredi cinq combattants'
                if victim is None and tok.dep_ in ("acl", "amod") and tok.head.pos_ == "NOUN" and \
                        lemma(tok.head) not in words.calendar_words:
                    victim = tok.head  # 'dix soldats tués'
                if victim is None and tok.dep_ == "xcomp" and "Part" in tok.morph.get("VerbForm") and \
                        not any(c.dep_.startswith("aux") for c in tok.children):
                    # 'dix personnes ont été retrouvées décapitées': the victims are the subject it qualifies
                    victim = next((c for c in tok.head.children if c.dep_ in ("nsubj:pass", "nsubj")), None)
                if victim is None and passive:
                    victim = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                if victim is not None and any(x.lower_ in words.part_words for x in victim.subtree if x.i < victim.i):
                    victim = _counted_before(tok) or victim  # ('dont quatre femmes' is a part of it)
                if victim is None and (passive or death):
                    victim = _counted_before(tok)  # (the parser lost the subject: 'Onze villageois, dont quatre
                    # enfants, ont péri' read with 'enfants' as the subject of nothing)
            elif tok.pos_ == "ADJ" and tok.dep_ == "amod" and tok.head.pos_ in ("NOUN", "PROPN"):
                victim = tok.head  # 'ten soldiers dead', 'dix soldats morts'
                if victim.dep_ == "conj" and victim.head.pos_ in ("NOUN", "PROPN"):
                    victim = victim.head  # 'ten militants and one soldier dead': all the conjuncts died
            elif tok.pos_ == "ADJ" and tok.dep_ == "xcomp" and any(c.dep_ == "obj" for c in tok.head.children):
                victim = next(c for c in tok.head.children if c.dep_ == "obj")  # 'left ten militants dead'
            elif tok.pos_ == "ADJ" and any(c.dep_ in ("nsubj", "obl:npmod") and c.pos_ in ("NOUN", "PROPN")
                                           for c in tok.children):
                victim = next(c for c in tok.children if c.dep_ in ("nsubj", "obl:npmod")
                              and c.pos_ in ("NOUN", "PROPN"))  # '1 MNLA dead', 'five people were dead'
            elif tok.pos_ in ("NOUN", "ADJ", "PROPN"):
                victim = tok  # 'six morts', 'aucune victime'
                if lem in words.death_nouns:  # 'a confirmé la mort de 27 personnes': its 'of' phrase counts
                    victim = next((c for c in tok.children if c.dep_ == "nmod" and c.pos_ in ("NOUN", "PROPN") and any(
                        x.dep_ == "case" and x.lower_ in words.genitive_prepositions for x in c.children)), tok)
            if victim is None:
                continue
            if any(lemma(t) in words.since_words for t in tok.subtree) or _since_in_clause(tok) or \
                    running_total(tok, lex):
                continue  # 'plus de 750 combattants tués depuis l'été dernier': a running total, no event's toll
            by_verb = tok.pos_ in ("VERB", "AUX") or victim.i != tok.i
            if any(lemma(c) in words.negation_particles for c in tok.children) or any(
                    c.lower_ in words.none_words and c.dep_ == "det" for c in victim.children):
                found.append((0, Span(tok.idx, tok.idx + len(tok.text), tok.text), tok.i))
                continue
            value, span = number_on(victim, allow_one=by_verb)  # 'la mort de X' counts nobody
            if value is None and by_verb and _one_person(victim):
                value, span = 1, _phrase(victim)  # 'killed the group's leader', 'le chef du village a été tué'
            if value is not None:
                if victim.i != tok.i:  # (not 'six morts et 13 blessés': the death word counts only its own)
                    value, span = _with_conjuncts(victim, value, span, by_verb, lex.injury_lemmas)
                found.append((value, span, tok.i))
        found = _joined_clauses(sent.doc, found)
        if not found:
            injured = [t for t in sent if lemma(t) in lex.injury_lemmas]
            if injured and not any(lemma(t) in kill for t in sent):  # only injuries reported: nobody died (ACLED codes 0)
                t = injured[0]
                return [(0, Span(t.idx, t.idx + len(t.text), t.text), t.i)]
        return found

    def _group(self, article: Article, span: Span | None) -> str:
        """The victims a toll counts: the kind of actor its head noun names, whatever the word ('huit soldats' and
        'huit membres des forces de sécurité' both count the state forces: '@state'), else the head's lemma
        ('au moins douze personnes' -> 'personne'); '' without a toll."""
        if span is None:
            return ""
        words = article.doc.char_span(span.start, span.end, alignment_mode="expand")
        if words is None or len(words) == 0:
            return ""
        head = words[-1]
        dictionary = actor_dictionary(self.options.actors, self.options.countries, article.lang)
        if lemma(head) in self.lexicons[article.lang].whole_toll_nouns:
            if _attackers_among(head, dictionary):
                return f"{lemma(head)}{WITH_ATTACKERS}"
            return lemma(head)  # ('douze personnes', 'vingt morts': everyone the occurrence killed)
        if lemma(head) in dictionary.neutral_heads:  # 'membres des forces de sécurité': the complement tells
            head = next((c for c in head.children if c.dep_.split(":")[0] == "nmod"), head)
        kind = dictionary.generic_kind(head)
        return f"@{kind}" if kind else lemma(words[-1])

    def _revised(self, sent) -> bool:
        """The sentence gives its toll as a revision of an earlier one ('le bilan s'est alourdi à 13 morts')."""
        words = f" {' '.join(fold(t.lemma_) for t in sent)} {fold(sent.text)} "
        return any(f" {w} " in words for w in self.lexicons[lang_of(sent)].revision_words)

    @staticmethod
    def _headcount(m: Mention, doc) -> tuple[int | None, Span | None]:
        actor = m.actor2 if m.sub_event_type in ("Arrests", "Abduction/forced disappearance") else m.actor1
        if actor is None or actor.span is None:
            return None, None
        toks = [t for t in doc if actor.span.start <= t.idx < actor.span.end]
        for t in toks:
            if t.pos_ in ("NOUN", "PROPN", "PRON"):
                value, span = number_on(t)
                if value is not None and value > 1 or (value == 1 and m.sub_event_type == "Arrests"):
                    return value, span
        return None, None

    @staticmethod
    def _source(article: Article, sent) -> tuple[str | None, Span | None]:
        words = words_of(sent)
        for tok in sent:
            if tok.lower_ in words.attribution_words or (tok.i > 0 and f"{tok.doc[tok.i - 1].lower_}{tok.lower_}"
                                                         in words.attribution_words):
                src = tok.head
                if src.pos_ in ("NOUN", "PROPN"):
                    return _named_source(article, src)
        for tok in sent:
            if lemma(tok) in words.saying_verbs and tok.pos_ == "VERB":
                for c in tok.children:
                    if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN"):
                        return _named_source(article, c)
        return None, None


def _one_person(victim) -> bool:
    """A victim that is one person and carries no number: a singular noun of a person or a title, or a person's
    name ('the commander', 'le journaliste', 'Al-Qaida leader Ali Ag Wadossene')."""
    words = words_of(victim)
    if victim.pos_ == "PROPN":
        return victim.ent_type_ in ("PER", "PERSON") and not any(c.dep_ == "nummod" for c in victim.children)
    return victim.pos_ == "NOUN" and "Sing" in victim.morph.get("Number") and \
        (lemma(victim) in words.individual_nouns or victim.lower_ in words.person_titles) and \
        not any(c.dep_ == "nummod" or c.lower_ in words.none_words for c in victim.children)


def _phrase(tok) -> Span:
    """The span of a noun phrase up to its head ('the group's leader')."""
    doc = tok.doc
    start = min(t.i for t in tok.subtree if t.i <= tok.i)
    return Span(doc[start].idx, tok.idx + len(tok.text), doc[start:tok.i + 1].text)


def _attackers_among(head, dictionary) -> bool:
    """A toll broken down into parts one of which is its attackers ('5 morts, dont deux civils, un policier et les
    deux kamikazes'): it counts more than the victims a bare figure gives ('tuant trois personnes'), and the two
    do not compete."""
    words = words_of(head)
    after = [t for t in head.sent if t.i > head.i]
    if not any(t.lower_ in words.part_words for t in after[:3]):
        return False
    return any(t.pos_ == "NOUN" and dictionary.generic_kind(t) in ATTACKER_KINDS for t in after[:25])


def _counted_before(verb):
    """The first counted noun of the verb's sentence before it ('Onze villageois, dont quatre femmes, ont péri'),
    not one inside a 'dont' part or a date: the subject a lost parse would have given."""
    words = words_of(verb)
    for t in verb.sent:
        if t.i >= verb.i:
            return None
        if t.pos_ != "NOUN" or lemma(t) in words.calendar_words or lemma(t) in words.time_units:
            continue
        if counted(t) and not any(
                x.lower_ in words.part_words for x in verb.doc[max(0, t.i - 3):t.i]):
            return t
    return None


def told_apart(m: Mention, others: list[Mention], doc) -> bool:
    """A killing told with a day of its own, not the day of any other occurrence its sentence tells ('neuf
    villageois tués le 14 à Djibasso, près de Nouna, attaquée le 2 lors d'une embuscade'): an occurrence of its
    own, not the toll of theirs. A noun that hangs right on the killing, or a trigger the killing hangs on, is its
    occurrence whatever day each was given ('tués dimanche dans une attaque revendiquée lundi')."""
    if not others or not m.dated_here or m.date is None:
        return False
    kill = doc[m.trigger]
    timed = timed_by(kill) if kill.pos_ in ("VERB", "AUX") and kill.dep_ not in ("acl", "amod") else None
    inside = {t.i for t in timed[0].subtree} if timed is not None else set()  # ('the attack comes two days after
    # 26 civilians were killed': a killing told as a clause in a phrase that times another occurrence is that
    # one; a participle on a count, 'celles ... qui avaient fait une quarantaine de soldats tués', stays a toll)
    return all(inside and x.trigger not in inside or
               x.dated_here and x.date is not None and x.date.iso != m.date.iso and kill.head.i != x.trigger
               and not (doc[x.trigger].pos_ == "NOUN" and doc[x.trigger].head.i == kill.i) for x in others)


def _with_conjuncts(victim, value: int, span: Span, allow_one: bool, injured: set) -> tuple[int, Span]:
    """The victims of a killing joined by a conjunction add up ('deux soldats et un civil ont été tués', 'two
    soldiers and a child were killed': 3), each read off its own number; the injured never count."""
    for c in victim.children:
        if c.dep_ != "conj" or c.pos_ not in ("NOUN", "PROPN", "PRON") or lemma(c) in injured:
            continue
        more, more_span = number_on(c, allow_one=allow_one)
        if more is None or more_span is None or more_span.start < span.end:
            continue
        value, span = value + more, Span(span.start, more_span.end, victim.doc.text[span.start:more_span.end])
    return _with_left_conjunct(victim, value, span, injured)


def _with_left_conjunct(victim, value: int, span: Span, injured: set) -> tuple[int, Span]:
    """The victims listed before 'et' and these victims that the parser left out of their coordination ('Au
    total 41 soldats et un berger ont été tués', '19 rebelles, 3 civils et 2 gendarmes ont perdu la vie') add
    up, each group read off its own modifiers."""
    doc = victim.doc
    first = doc.char_span(span.start, span.end, alignment_mode="expand")
    if first is None:
        return value, span
    for noun in listed_before(victim, first.start):
        phrase = doc[phrase_start(noun):noun.i + 1]
        more = pack_of(noun).numbers.parse_count(phrase.text) if len(phrase) > 1 else None
        if not more or lemma(noun) in injured:
            break
        value, span = more + value, Span(phrase.start_char, span.end, doc.text[phrase.start_char:span.end])
    return value, span


def _since_in_clause(tok) -> bool:
    """The verb that carries a death noun is dated by 'depuis' ('les attaques ont fait plus de 500 morts depuis
    2015'): a running total."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    verb = clause_head(tok)
    since = words_of(tok).since_words
    return verb.i != tok.i and any(lemma(x) in since for c in verb.children if c.i != tok.i
                                   and c.dep_.startswith("obl") for x in c.children if x.dep_ == "case")


def _joined_clauses(doc, found: list[tuple[int, Span | None, int]]) -> list[tuple[int, Span | None, int]]:
    """Tolls of killing clauses joined by a conjunction add up ('twelve soldiers were martyred and six terrorists
    were killed': 18; 'dix soldats ont été tués et cinq assaillants neutralisés': 15): each counts other dead of
    one occurrence, where figures that are not joined are alternatives (the smallest is kept)."""
    out = list(found)
    for k, (value, span, a) in enumerate(found):
        j = next((j for j in range(k) if _coordinated(doc[found[j][2]], doc[a])), None)
        if j is None or out[j] is None or value <= 0 or out[j][0] <= 0 or span is None or out[j][1] is None:
            continue
        v0, s0, a0 = out[j]
        start, end = min(s0.start, span.start), max(s0.end, span.end)
        out[j], out[k] = (v0 + value, Span(start, end, doc.text[start:end]), a0), None
    return [t for t in out if t is not None]


def _coordinated(first, second) -> bool:
    """Two verbs joined by a conjunction: the second a conjunct of the first (or a participle on a noun that is:
    'tués et cinq assaillants neutralisés'), or both complements of one verb with a coordinating word between
    them ('were martyred and six terrorists were killed, the military said')."""
    if first.pos_ not in ("VERB", "AUX") or second.pos_ not in ("VERB", "AUX") or first.i >= second.i:
        return False
    if second.dep_ == "conj" and second.head.i == first.i:
        return True
    if second.dep_ == "acl" and second.head.dep_ == "conj" and second.head.head.i == first.i:
        return True  # 'dix soldats ont été tués et cinq assaillants neutralisés': the second verb left out
    return second.head.i == first.head.i and second.dep_ == first.dep_ and first.head.i != first.i and any(
        t.pos_ == "CCONJ" and t.head.i in (first.i, second.i) for t in first.doc[first.i + 1:second.i])


def conservative(tolls: list[tuple[int, Span | None]], numbers: NumberReader) -> tuple[int, Span | None]:
    """Of several figures for one event, the smallest positive one (ACLED's conservative rule), else a zero. A
    figure wins over a vague plural ('plusieurs morts', 'des dizaines de victimes'), which only bounds it;
    `numbers` is the language's number reader, which tells vague plurals."""
    positive = [t for t in tolls if t[0] > 0]
    figures = [t for t in positive if not (t[1] is not None and numbers.is_vague(t[1].text))]
    return min(figures or positive, key=lambda t: t[0]) if positive else tolls[0]


def _tree_distance(doc, i: int, j: int) -> int:
    """Edges between two tokens of one sentence in the dependency tree."""
    up: dict[int, int] = {}
    tok, n = doc[i], 0
    while True:  # (spaCy makes a new Token object per access: compare indices, never identity)
        up[tok.i] = n
        if tok.head.i == tok.i:
            break
        tok, n = tok.head, n + 1
    tok, n = doc[j], 0
    while tok.i not in up:
        if tok.head.i == tok.i:
            return n + len(up)
        tok, n = tok.head, n + 1
    return n + up[tok.i]


def _on_its_side(doc, at: int, triggers: list[int]) -> list[int]:
    """The triggers a toll may belong to: those on its side of any phrase that times another occurrence."""
    return [t for t in triggers if at not in other_occurrence(doc[t])] or triggers


def _nearest_trigger(doc, at: int, triggers: list[int]) -> int:
    """The trigger a toll belongs to: the closest in the tree ('neuf villageois tués le 14 à Djibasso, près de
    Nouna, frappée le 2 par un attentat ayant fait 12 morts' gives each town its own toll); ties go to the
    closer in the text."""
    return min(triggers, key=lambda t: (_tree_distance(doc, at, t), abs(at - t)))


def _named_source(article: Article, head) -> tuple[str, Span]:
    toks = [t for t in head.subtree if abs(t.i - head.i) <= 6 and t.dep_ not in ("acl:relcl", "punct")
            and not (t.i < head.i and t.head.i in (head.i, t.i - 1) and t.dep_ in ("case", "fixed"))] or [head]
    # (the source, not 'selon' / 'according to' before it)
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t.text) for t in toks)
    text = article.text[start:end]
    key = text.lower()
    for short, name in words_of(head).sources.items():
        if short in key.split() or short in key:
            return name, Span(start, end, text)
    return text, Span(start, end, text)
