"""Small questions asked of a spaCy dependency parse (Universal Dependencies labels, any language).

Kept apart from the stages so that each rule reads as domain logic: "is this trigger negated?", "who is its
subject?", rather than as tree walking. The words a rule needs ('se', 'mourir', 'contre') come from the pack of
the language the token was parsed in (`wirecoder.lang.words_of`).
"""
from __future__ import annotations

from collections.abc import Iterator

from .lang import pack_of, words_of

SUBJECT_DEPS = {"nsubj", "nsubj:pass", "csubj"}
CHAIN_DEPS = {"xcomp", "conj", "ccomp"}  # a trigger under these shares its governor's subject


def lemma(tok) -> str:
    return tok.lemma_.lower()


def children(tok, *deps: str) -> Iterator:
    for c in tok.children:
        if not deps or c.dep_ in deps or c.dep_.split(":")[0] in deps:
            yield c


def is_death(tok) -> bool:
    """'sont morts', 'ont péri', 'ont perdu la vie', 'ont trouvé la mort': its subject is a victim."""
    words = words_of(tok)
    lem = lemma(tok)
    if lem in words.death_verbs:
        return True
    if lem in words.death_light_verbs:
        return any(c.dep_ == "obj" and lemma(c) in words.death_objects for c in tok.children)
    return False


def lives_taken(tok):
    """The people whose lives the verb says it took ('a coûté la vie à 40 civils', 'cost the lives of twelve
    soldiers'), or None."""
    words = words_of(tok)
    if tok.pos_ != "VERB" or lemma(tok) not in words.life_taking_verbs:
        return None
    life = next((c for c in tok.children if c.dep_ == "obj" and lemma(c) in words.death_objects), None)
    if life is None:
        return None
    return next((c for c in tok.children if c.i > life.i and c.dep_ in ("obl:arg", "obl", "obl:mod", "iobj", "dative")
                 and c.pos_ in ("NOUN", "PROPN", "PRON", "NUM")), None) or \
        next((c for c in life.children if c.dep_ in ("nmod", "prep")), None)  # (after 'la vie': not a place before it)


def is_report_verb(tok) -> bool:
    """A verb of saying: its subject tells of an attack, it did not carry it out ('des habitants ont rapporté des
    enlèvements', 'l'ONU dénonce les frappes')."""
    return lemma(tok) in words_of(tok).report_verbs


def is_passive(tok) -> bool:
    """Passive voice: 'ont été tués par'. Not 'sont entrés' (an unaccusative verb, whose compound tenses take
    'être') nor 'se sont rendus' (reflexive)."""
    if lemma(tok) in words_of(tok).unaccusative_verbs or is_reflexive(tok):
        return False
    return any(c.dep_ in ("aux:pass", "nsubj:pass") for c in tok.children)


def is_reflexive(tok) -> bool:
    reflexive = words_of(tok).reflexive_pronouns
    return any(c.lower_ in reflexive and c.dep_.startswith(("expl", "obj", "iobj")) for c in tok.children)


def clause_head(tok):
    """The verb that governs a noun trigger ('a mené une attaque' -> mené), or the token itself."""
    if tok.pos_ in ("VERB", "AUX"):
        return tok
    cur = tok
    for _ in range(3):
        if cur.head.i == cur.i:
            return cur
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur
    return tok


def ancestors_upto(tok, n: int = 3) -> Iterator:
    cur = tok
    for _ in range(n):
        if cur.head is cur:
            return
        cur = cur.head
        yield cur


def is_negated(tok, negators: set[str]) -> bool:
    """A negation on the trigger, on the verb that governs a noun trigger, or a 'sans'/'aucun' determiner."""
    for t in {tok, clause_head(tok)}:
        for c in t.children:
            if lemma(c) in negators and c.dep_ in ("advmod", "det", "case", "mark", "cc"):
                return True
    return False


def tense_is_future(tok) -> bool:
    """Simple future, near future ('va attaquer') or simple conditional ('tenterait de capturer') on the trigger,
    its auxiliaries or the verb whose infinitive it is."""
    verb = clause_head(tok)
    for t in [verb, *children(verb, "aux")]:
        if "Fut" in t.morph.get("Tense"):
            return True
    if verb.morph.get("VerbForm") == ["Inf"] and lemma(verb.head) in words_of(tok).near_future_verbs and \
            verb.dep_ == "xcomp":
        return True
    # a simple conditional, the future of reported speech: 'il a annoncé qu'il tenterait de capturer le chef de
    # la police' ('l'attaque aurait fait vingt morts', a compound conditional, reports a past event)
    lexical = verb.head if verb.morph.get("VerbForm") == ["Inf"] and verb.dep_ == "xcomp" else verb
    return lexical.pos_ == "VERB" and ("Cnd" in lexical.morph.get("Mood") or pack_of(tok).conditional(lexical))


def is_simple_present(tok) -> bool:
    """The clause of a trigger is in the simple present indicative ('combattent', 'attaquent'), not a compound
    past ('ont attaqué', whose participle carries no tense of its own)."""
    verb = clause_head(tok)
    if verb.pos_ not in ("VERB", "AUX") or "Pres" not in verb.morph.get("Tense"):
        return False
    mood = verb.morph.get("Mood")  # (the English model gives a present 'claim', 'attack' no mood: indicative)
    if verb.morph.get("VerbForm") != ["Fin"] or mood and "Ind" not in mood:
        return False
    return not any(c.dep_ == "aux:pass" for c in verb.children)


def is_habitual(tok, habitual: set[str]) -> bool:
    """A present-tense state or habit rather than one occurrence: 'un groupe qui combat l'EI', 'les jihadistes
    attaquent régulièrement les forces', 'des Iraniens descendent dans la rue depuis des jours'."""
    verb = tok if tok.dep_ == "acl:relcl" else clause_head(tok)
    if verb.dep_ == "acl:relcl" and not any(c.dep_.startswith("aux") for c in verb.children) and \
            "Part" not in verb.morph.get("VerbForm") and "Past" not in verb.morph.get("Tense") and \
            any(c.dep_.startswith("nsubj") and c.lower_ in words_of(tok).relative_pronouns for c in verb.children):
        # describes its antecedent ('un groupe qui combat l'EI'); 'où ils affrontent le M23' may be news, and so
        # is a simple past ('protesters who marched on parliament')
        return True
    if _generic_relative(verb) or _listed_after_relative(verb):
        return True
    clause = [t for t in verb.subtree if t.i - verb.i <= 12 and verb.i - t.i <= 12]
    if any(_for_months(t) for t in clause):
        return True  # ('have been fighting the Shabaab for fifteen years'), whatever the tense
    if not is_simple_present(tok):
        return any(is_simple_present(a) and any(lemma(c) in habitual for c in a.children if c.dep_ == "advmod")
                   for a in ancestors_upto(verb, 4) if a.pos_ in ("VERB", "AUX"))
    since = words_of(tok).since_words
    if any(lemma(t) in habitual or (lemma(t) in since and (_since_long_ago(t) or _since_then(t))) for t in clause):
        return True
    # a clause under a habit: 'les autorités utilisent souvent ce mot pour dire que les militants ont été tués'
    return any(is_simple_present(a) and any(lemma(c) in habitual for c in a.children if c.dep_ == "advmod")
               for a in ancestors_upto(verb, 4) if a.pos_ in ("VERB", "AUX"))


def counted(noun) -> bool:
    """The noun carries a number of its own ('trois villages', '12 morts')."""
    return any(c.dep_ == "nummod" or c.like_num for c in noun.children)


def _generic_relative(verb) -> bool:
    """A relative clause in the present that says what goes on somewhere, to no one in particular: 'une région
    où des bandits attaquent des villages et volent du bétail' (objects in the indefinite plural, no number);
    'où les FARDC affrontent le M23' names its sides and may be news, unless it describes a whole province or
    country."""
    base = verb
    while base.dep_ == "conj" and base.head is not base:
        base = base.head
    relative = base.dep_ in ("acl:relcl", "relcl") or any("Rel" in c.morph.get("PronType") for c in base.children)
    if not relative or not is_simple_present(verb):
        return False
    words = words_of(verb)
    areas = words.admin_cues | words.country_nouns | words.area_nouns
    if base.dep_ in ("acl:relcl", "relcl") and any(lemma(a) in areas for a in (base.head, *ancestors_upto(base.head, 3))
                                                   if a.pos_ == "NOUN"):
        return True  # 'le Liptako, région où l'armée traque les jihadistes', 'une zone appelée Kerfi, où des
        # soldats pourchassent des rebelles': what goes on in a whole area
    objects = [c for c in verb.children if c.dep_ == "obj"]
    definite = words.definite_determiners
    return bool(objects) and all("Plur" in o.morph.get("Number") and not counted(o)
                                 and not any(c.lower_ in definite for c in o.children) for o in objects)


def _for_months(prep) -> bool:
    """'for more than fifteen years', 'pendant des mois': a stretch of a month or more, a state of affairs."""
    words = words_of(prep)
    if prep.dep_ != "case" or prep.lower_ not in words.duration_prepositions:
        return False
    return words.time_units.get(lemma(prep.head), 0) >= 30


def called(head):
    """The name a naming participle gives the noun ('un cartel nommé « Los Tequileros »', 'a gang called X'): the
    proper noun under it, or None."""
    for c in head.children:
        if c.dep_ in ("acl", "amod") and names(c):
            return next((x for x in c.children if x.pos_ == "PROPN" and not any(y.dep_ == "case" for y in x.children)),
                        None)
    return None


def names(verb) -> bool:
    """A participle that gives its noun a name ('nommé', 'called'), not 'calling for peace in Mali'."""
    return lemma(verb) in words_of(verb).naming_verbs and "Part" in verb.morph.get("VerbForm") and \
        verb.dep_ in ("acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN")


def is_occurring(verb) -> bool:
    """'survenir', 'se produire', 'se dérouler', 'avoir lieu', 'take place', 'happen'."""
    words = words_of(verb)
    return verb.pos_ in ("VERB", "AUX") and (lemma(verb) in words.occurring_verbs or any(
        c.dep_ == "obj" and lemma(c) in words.scene_nouns and not any(x.dep_ == "det" for x in c.children)
        for c in verb.children))


def _since_then(depuis) -> bool:
    """A bare 'depuis' ('Depuis, l'armée bombarde la ville'): ever since, an ongoing campaign."""
    return depuis.dep_ == "advmod" and not any(True for _ in depuis.children)


def _listed_after_relative(verb) -> bool:
    """A present verb with no subject of its own listed after a relative clause in the present ('des bandits qui
    pillent, volent et kidnappent', the parser hanging the last ones elsewhere): they describe the antecedent."""
    if verb.dep_ != "conj" or not is_simple_present(verb) or any(c.dep_.startswith("nsubj") for c in verb.children):
        return False
    doc = verb.doc
    return any(t.dep_ == "acl:relcl" and is_simple_present(t) and any(
        c.dep_.startswith("nsubj") and c.lower_ in words_of(t).relative_pronouns for c in t.children)
        for t in doc[max(verb.sent.start, verb.i - 6):verb.i])


def _since_long_ago(depuis) -> bool:
    """'depuis des jours', 'depuis 2013': a stretch of time; not 'depuis ce jeudi matin' (live news)."""
    obj = depuis.head if depuis.dep_ == "case" else None
    if obj is None:
        return False
    return "Plur" in obj.morph.get("Number") or any(t.like_num and len(t.text) == 4 for t in obj.subtree)


def is_bare_infinitive(tok) -> bool:
    """An infinitive with no perfect auxiliary: a purpose or plan ('pour prendre'), not 'avoir pris'."""
    verb = clause_head(tok)
    if verb.morph.get("VerbForm") != ["Inf"]:
        return False
    return not any(lemma(c) in words_of(tok).perfect_auxiliaries for c in children(verb, "aux"))


def _infinitive(verb) -> bool:
    """An infinitive, simple or compound ('tuer', 'avoir tué')."""
    return "Inf" in verb.morph.get("VerbForm") or any(
        c.dep_.startswith("aux") and "Inf" in c.morph.get("VerbForm") for c in verb.children)


def subject(tok):
    """The grammatical subject of a verb, inherited through xcomp/conj/ccomp chains ('ont affirmé s'être emparés')."""
    cur = tok
    for _ in range(4):
        for c in cur.children:
            if c.dep_ in SUBJECT_DEPS:
                if cur.dep_ == "acl:relcl" and "Rel" in c.morph.get("PronType"):
                    return cur.head  # 'des individus, qui ont ouvert le feu': the noun 'qui' stands for
                return c
        if cur.dep_ in CHAIN_DEPS or cur.dep_ in ("acl", "advcl", "acl:relcl"):
            if cur.dep_ == "acl:relcl":  # 'les rebelles qui ont pris X': the antecedent noun
                return cur.head
            if cur.dep_ == "acl" and _infinitive(cur) and (cur.head.dep_ == "obl:mod" or
                                                         lemma(cur.head) in words_of(cur).calendar_words):
                cur = cur.head.head  # 'a affirmé vendredi avoir tué', the infinitive hung on the day: the
                continue  # verb of saying's subject did it
            cur = cur.head
            continue
        break
    return None


def times_its_clause(tok) -> bool:
    """A noun under 'après', 'avant' or 'depuis' ('renforcées depuis l'enlèvement'): its clause only dates
    itself by that occurrence, whose initiator and target it does not name."""
    words = words_of(tok)
    return tok.pos_ == "NOUN" and any(c.dep_ == "case" and (c.lower_ in words.sequence_words or
                                                            lemma(c) in words.since_words) for c in tok.children)


def _hung_on_day(noun, verb) -> bool:
    """A noun the parser hung on the day before it, under the verb whose object it is ('a conduit dans la nuit de
    mardi à mercredi des raids'): the chain up to the verb holds a weekday or a month and nothing but nouns."""
    calendar, cur, crossed = words_of(noun).calendar_words, noun, False
    for _ in range(3):
        if cur.dep_ != "nmod" or cur.head.pos_ != "NOUN":
            break
        cur = cur.head
        crossed = crossed or lemma(cur) in calendar
    return crossed and cur.head.i == verb.i and cur.dep_.startswith("obl")


def object_under_day(verb):
    """The object the parser hung on the day before it ('ont tué vendredi cinq combattants': 'combattants' as a
    complement of 'vendredi'): a noun with no preposition under a time complement of the verb."""
    for c in verb.children:
        if c.dep_ == "obl:mod" and c.pos_ == "NOUN" and not any(x.dep_ == "case" for x in c.children):
            for g in c.children:
                if g.dep_ == "nmod" and g.i > c.i and g.pos_ == "NOUN" and \
                        not any(x.dep_ == "case" for x in g.children):
                    return g
    return None


def agent_and_target(tok):
    """(initiator token, target token) of a trigger from its dependency roles; passive voice included."""
    agent = target = None
    verb = tok
    words = words_of(tok)
    if tok.pos_ == "VERB":
        # a past participle as the attribute of another verb is passive: 'retrouvées décapitées' (not 'avoir
        # frappé', a compound infinitive)
        passive = is_passive(tok) or (tok.dep_ == "xcomp" and "Part" in tok.morph.get("VerbForm")
                                      and not any(c.dep_.startswith("aux") for c in tok.children))
        subj = subject(tok)
        agent = by_phrase(tok)  # (a passive verb's 'par' phrase, however the parser labels it)
        for c in tok.children:
            if c.dep_ in ("obj",) and target is None:
                target = c
            elif c.dep_ == "obl:arg" and target is None and lemma(c) not in words.hands_nouns:
                target = c
        if target is None and not passive:
            target = object_under_day(tok)
        if target is None and tok.dep_ in ("acl", "amod") and tok.head.pos_ in ("NOUN", "PROPN") and \
                "Part" in tok.morph.get("VerbForm") and not any(c.dep_.startswith("aux") for c in tok.children) \
                and tok.head.i < tok.i:
            return agent, tok.head  # a participle on its noun undergoes: '30 rebels killed', 'trente rebelles tués'
        if subj is not None:
            if passive and subj.dep_ == "nsubj:pass":
                target = target or subj
            elif passive and agent is None:
                target = target or subj
            elif lemma(subj.head) in words.undergo_verbs:
                target = target or subj  # 'un camion de l'armée a sauté sur une mine, tuant deux soldats': struck
            else:
                agent = agent or subj
    else:  # noun trigger: 'l'attaque des jihadistes contre l'armée', 'X a mené une attaque'
        claimant = bare = None
        between = False
        for c in tok.children:
            cases = [x for x in c.children if x.dep_ == "case"]
            preps = {x.lower_ for x in cases} | {lemma(x) for x in cases}  # the lemmatizer reads 'entre' as 'entrer'
            if c.dep_.startswith("nmod") or c.dep_.startswith("obl"):
                if preps & words.between_prepositions:  # 'des heurts entre des habitants et les forces de l'ordre'
                    agent = agent or c
                    target = target or next((x for x in c.children if x.dep_ == "conj"), None)
                    between = target is not None
                elif preps & words.against_prepositions:
                    if target is not None and target is bare and c.ent_type_ not in ("LOC", "GPE") and c.i not in \
                            tok.doc.user_data.get("wirecoder_place_tokens", ()):  # 'une attaque de bandits contre
                        agent, target = agent or bare, None  # le village': with a target after it, the bare noun acts
                        # (not before a mere place: 'des enlèvements d'élèves à Kankara')
                    target = target or c
                elif preps & words.of_prepositions and lemma(c) in words.target_nouns:
                    target = target or c
                elif {x.lower_ for x in cases} & words.genitive_prepositions and c.pos_ == "NOUN" and not any(
                        x.dep_ in ("det", "nmod:poss") for x in c.children):
                    bare = bare or c
                    target = target or c  # 'l'enlèvement d'élèves', 'le massacre de civils': a bare noun undergoes
                elif preps & words.agent_prepositions:
                    agent = agent or c
            elif c.dep_ == "acl" and lemma(c) in words.claim_verbs:  # 'des raids menés par des avions russes'
                claimant = next((x for x in c.children if x.dep_ == "obl:agent"), None)
                agent = agent or claimant
        verb = clause_head(tok)
        role = "obj" if _hung_on_day(tok, verb) else tok.dep_  # ('a conduit dans la nuit de mardi à mercredi des
        # raids', the parser hanging the raids on the day): the verb's object
        if target is None and role == "obj" and (tok.head.i == verb.i or role != tok.dep_):
            # 'a lancé un bombardement ... contre des positions arméniennes': the light verb's 'contre' phrase
            target = next((c for c in verb.children if c.dep_.startswith("obl") and lemma(c) not in
                           words.calendar_words and any(x.dep_ == "case" and x.lower_ in words.against_prepositions
                                                        for x in c.children)), None)
        if verb.pos_ == "NOUN" and lemma(verb) in words.target_predicates and tok.head.i == verb.i:
            # 'le poste a été la cible d'une attaque', 'a fait l'objet d'une attaque': the subject undergoes it
            target = target or next((c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
        if verb is not tok and role in ("obj", "obl:arg", "obl:mod", "obl") and not between and \
                not times_its_clause(tok):  # (not one who only acts before or after it: 'après l'attaque, trois
            # écoliers étaient introuvables')
            subj = subject(verb)
            if subj is not None and (is_passive(verb) or subj.dep_ == "nsubj:pass" or is_death(verb)
                                     or lemma(verb) in words.undergo_verbs):
                # 'trois gendarmes ont été tués dans une embuscade': people before things; 'la colonne est tombée
                # dans une embuscade', 'l'armée a repoussé l'attaque': the subject undergoes it (as does a passive
                # subject inherited through a conjunct: 'onze soldats ont été tués et des véhicules volés dans
                # l'attaque'); not when the noun names both sides ('six morts lors d'affrontements entre X et Y')
                target = subj
                agent = agent or next((c for c in verb.children if c.dep_ == "obl:agent"), None)
            elif lemma(verb) not in words.report_verbs and claimant is None:
                agent = subj or agent  # (not over its own claimant: 'après une contre-attaque revendiquée par
                # l'EI, les forces irakiennes ont fouillé les quartiers')
        elif verb is not tok and tok.dep_.startswith("nsubj"):
            for c in verb.children:
                if c.dep_ == "obj":
                    target = target or c
            if lemma(verb) in words.claim_verbs:
                agent = agent or by_phrase(verb)  # 'l'attaque a été revendiquée par le JNIM'
    return agent, target


def by_phrase(verb):
    """The agent of a passive verb: its 'par' phrase, however the parser labels it ('revendiquée en ligne par
    un gang', read as a mere oblique)."""
    labelled = next((c for c in verb.children if c.dep_ == "obl:agent"), None)
    if labelled is not None or not is_passive(verb):
        return labelled
    by = words_of(verb).passive_prepositions
    return next((c for c in verb.children if c.dep_ in ("obl", "obl:mod")
                 and any(x.dep_ == "case" and x.lower_ in by for x in c.children)), None)


def other_occurrence_chars(tok) -> set[int]:
    """Character offsets of the trigger's sentence inside a phrase that dates it against another occurrence by a
    span of time ('L'attaque intervient cinq jours après un attentat à Kaboul', 'une semaine après que l'armée a
    repris Fallouja'): the places and dates there are that occurrence's, not the trigger's. A bare 'après' may
    tell the same occurrence's course ('ils ont tué dix villageois après être entrés à X'), so it does not
    count. A dated 'depuis' phrase names another occurrence too ('depuis la mort de son chef lundi soir')."""
    return _outside(tok, "timed", _timed_phrases)


def source_chars(tok) -> set[int]:
    """Character offsets of the phrases of the trigger's sentence that say whom it is told by ('selon l'Agence
    France-Presse', 'according to a doctor in Kaya'): a place there is the source's, not the event's. (The
    subject of a verb of saying may name the event's place: 'the police chief of Guilan announced arrests'.)"""
    return _outside(tok, "source", _source_phrases)


def across_response(tok) -> set[int]:
    """The tokens of the sentence on the other side of a phrase of response from `tok` ('ont tiré une salve en
    riposte à un raid qui avait fait deux morts'): the act responded to is the other side's, so who acts, and
    with what, on one side of that boundary says nothing of the other. Empty when the sentence has none."""
    phrases = _phrases(tok, "response", _response_phrases)
    if not phrases:
        return set()
    return {t.i for t in tok.sent if any((tok.i in tokens) != (t.i in tokens) for tokens, _ in phrases)}


def other_occurrence(tok) -> set[int]:
    """The tokens of the sentence inside a phrase that times another occurrence and does not hold `tok` ('comes two
    days after 26 civilians were killed by a landmine': the landmine is that occurrence's, not the attack's)."""
    return {i for tokens, _ in _phrases(tok, "timed", _timed_phrases) if tok.i not in tokens for i in tokens}


def responded_to(tok) -> bool:
    """The token lies in a phrase of response ('en riposte à une frappe'): the act responded to."""
    return any(tok.i in tokens for tokens, _ in _phrases(tok, "response", _response_phrases))


def in_source_phrase(tok) -> bool:
    """The token lies in a phrase that says whom its sentence is told by ('selon une ONG basée à Londres')."""
    return any(tok.i in tokens for tokens, _ in _phrases(tok, "source", _source_phrases))


def _timed_phrases(sent, words) -> list:
    """The heads of the sentence's phrases introduced by a sequence word ('après', 'after') that a unit of time
    measures ('cinq jours après ...'), and of the dated occurrences its 'depuis' phrases name."""
    heads = _heads_of(sent, ("case", "mark"), words.sequence_words)
    timed = [_clause_of_unit(t, unit) for t in heads if (unit := _time_unit(t, words)) is not None]
    # and the occurrence a 'depuis' phrase names ('sa première riposte depuis la mort de son
    # commandant lundi soir'): its day is that occurrence's (a bare 'depuis mardi' is a date phrase of its own)
    since = [t for t in _heads_of(sent, ("case",), words.since_words) if t.pos_ == "NOUN"
             and t.lemma_.lower() not in words.time_units and t.lower_ not in words.calendar_words
             and any(x.lower_ in words.calendar_words for x in t.subtree if x.i != t.i)]  # (dated: not 'depuis
    # la bande de Gaza', where a rocket came from)
    # and a dated clause ('the 12th attack since Buhari took office on May 29', 'depuis qu'il a pris ses
    # fonctions le 29 mai')
    since += [t for t in _heads_of(sent, ("mark",), words.since_words) if t.pos_ in ("VERB", "AUX")
              and any(x.lower_ in words.calendar_words for x in t.subtree if x.i != t.i)]
    return sorted(timed + since, key=lambda t: t.i)


def _clause_of_unit(head, unit):
    """The phrase a timed phrase really heads: the clause whose verb the parser hung its unit of time on ('a day
    after clashes there killed 15 people' read as '[a day [after clashes]] killed': the killing is in it)."""
    if unit.dep_ in ("obl:npmod", "obl:tmod") and unit.head.pos_ == "VERB" and unit.head.dep_ in ("advcl", "acl") \
            and head.i in {t.i for t in unit.subtree} and head.i < unit.head.i:
        return unit.head
    return head


def _time_unit(head, words):
    """The unit of time that measures the phrase `head` heads ('cinq jours après ...'; 'two days' hung on 'after'
    itself: 'comes two days after 26 civilians were killed'), or None. A counted span after the word is how long,
    not how far ('après plusieurs heures de combats': the same occurrence's course)."""
    seq = [m for m in head.children if m.lower_ in words.sequence_words and m.dep_ in ("case", "mark")]
    near = _around(head) + [g for m in seq for g in m.children]
    return next((c for c in near if c.lemma_ in words.time_units and not (seq and c.i > seq[0].i and any(
        x.dep_ == "nummod" or x.lower_ in words.several_words for x in c.children))), None)


def _around(t) -> list:
    """A phrase head's children, its head and its head's children: where the unit of 'deux jours après' hangs."""
    return [*t.children, *([t.head, *t.head.children] if t.head is not t else [])]


def listed_before(head, first: int | None = None) -> list:
    """The nouns listed before the phrase headed by `head` (starting at token `first`, else at its own
    modifiers), which the parser left out of its coordination: one before 'et', then one before each comma ('19
    rebelles, 3 civils et 2 gendarmes', '41 soldats et un berger' with 'soldats' under 'Au total'); nearest first.
    A noun that is an argument of another verb ends the list ('ont attaqué 3 villages et un civil a été tué')."""
    doc, out, conjunction = head.doc, [], True
    start = phrase_start(head) if first is None else first
    while start >= 2:
        separator = doc[start - 1]
        if not (separator.pos_ == "CCONJ" if conjunction else separator.text == ","):
            break
        noun = doc[start - 2]
        other_clause = noun.head.pos_ in ("VERB", "AUX") and not (noun.head.i == head.head.i
                                                                 and noun.dep_ == head.dep_)
        if noun.pos_ not in ("NOUN", "PROPN") or other_clause or noun.i in {t.i for t in head.subtree}:
            break
        out.append(noun)
        start, conjunction = phrase_start(noun), False
    return out


def phrase_start(noun) -> int:
    """Where a noun's phrase starts counting its own modifiers only."""
    return min([noun.i] + [t.i for t in own_modifiers(noun)])


def own_modifiers(noun) -> list:
    """The tokens of a noun's own modifiers before it ('25', 'au moins dix', 'les deux'), whatever else the parser
    hung under it."""
    return [t for c in noun.children if c.i < noun.i and c.dep_ in ("nummod", "det", "amod", "advmod")
            for t in c.subtree]


def timed_by(tok):
    """(head, sequence word, unit) of the phrase holding the trigger that dates it against the occurrence its
    clause tells ('deux jours après avoir reconquis Gao' in 'ont repris lundi Tombouctou, deux jours après ...'),
    or None."""
    words = words_of(tok)
    for head in _timed_phrases(tok.sent, words):
        if tok.i not in {t.i for t in head.subtree} or head.i == tok.sent.root.i:
            continue
        unit = _unit_of(head, words)
        seq = next((c for c in [*head.children, *(unit.subtree if unit is not None else ())] if c.dep_ in (
            "case", "mark") and c.lower_ in words.sequence_words), None)  # (under the unit in a misparsed clause)
        if seq is not None and unit is not None:
            return head, seq, unit
    return None


def _unit_of(head, words):
    """The unit of time of a timed phrase's head, the one the parser hung on its verb included ('a day after
    clashes killed 15 people', read as '[a day [after clashes]] killed')."""
    unit = _time_unit(head, words)
    if unit is None and head.pos_ == "VERB":
        unit = next((c for c in head.children if c.lemma_ in words.time_units and _clause_of_unit(c, c) is head),
                    None)
    return unit


def _source_phrases(sent, words) -> list:
    """The heads of the sentence's phrases introduced by a word of attribution ('selon', 'according to'), and the
    complements of a verb of saying put after a quote with its subject after it ('», a-t-il déclaré lors d'un
    point presse à Maiduguri'): where and when it was said, not where what it tells happened."""
    incises = [t for t in sent if is_report_verb(t) and (t.dep_ == "parataxis" or any(
        c.dep_.startswith("nsubj") and c.i > min([t.i] + [a.i for a in t.children if a.dep_.startswith("aux")])
        for c in t.children))]  # (hung on the quote, or with its subject after it or after its auxiliary: 'a-t-il
    # déclaré', 'a dit le chef')
    said = [c for t in incises for c in t.children if c.i > t.i and c.dep_ in ("obl", "obl:mod", "advmod")]
    return sorted(_heads_of(sent, ("case",), words.attribution_words) + said, key=lambda t: t.i)


def _response_phrases(sent, words) -> list:
    """The complements of the sentence's nouns of response ('en réponse à une frappe': the strike)."""
    return [c for t in sent if lemma(t) in words.response_nouns or t.lower_ in words.response_nouns
            for c in t.children if c.dep_.split(":")[0] in ("nmod", "obl", "acl", "prep")]  # ('prep': English)


def _heads_of(sent, deps: tuple[str, ...], markers) -> list:
    """The tokens of the sentence, in order, that have a child of one of `deps` whose lower-case form is in
    `markers` (found from the markers: most sentences have none)."""
    heads = {c.head.i: c.head for c in sent if c.lower_ in markers and c.dep_ in deps and c.head.i != c.i}
    return [heads[i] for i in sorted(heads)]


def per_sentence(sent, kind: str, compute):
    """`compute(sent)`, worked out once per sentence of the article (a rule asks it again for every mention of the
    sentence): kept on the doc under `kind`, which names what `compute` finds."""
    cache = sent.doc.user_data.setdefault("wirecoder_per_sentence", {})
    key = (kind, sent.start)
    if key not in cache:
        cache[key] = compute(sent)
    return cache[key]


def _phrases(tok, kind: str, find) -> list:
    """(token indices, character offsets) of each phrase of `find` in the token's sentence, found once per
    sentence (every mention of the sentence asks)."""
    return per_sentence(tok.sent, f"phrases:{kind}", lambda sent: [
        (frozenset(x.i for x in t.subtree), {x.idx for x in t.subtree}) for t in find(sent, words_of(sent))])


def _outside(tok, kind: str, find) -> set[int]:
    """The character offsets of the phrases of `find` in the trigger's sentence that do not hold the trigger."""
    out: set[int] = set()
    for tokens, chars in _phrases(tok, kind, find):
        if tok.i not in tokens:
            out |= chars
    return out
