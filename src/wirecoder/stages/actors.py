"""Actors: who did it (actor1) and to whom (actor2), from dependency roles, then typing that depends on them.

Named groups come from the actor dictionary; generic agents ('l'armée', 'des civils') are resolved with the
story's country or a demonym in the phrase; pronouns and unnamed jihadists take the nearest earlier actor or the
story's dominant named group. Once actors are known, the lexicon's `by_target` / `by_actor` rules set the
sub-type: a killing of soldiers is a clash, of villagers an attack on civilians; an attack by rioters is a riot.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ..actors import ActorDictionary, NamedActor, actor_dictionary, actor_kind, as_rioters, is_vague
from ..lang import get_pack, lang_of, words_of
from ..model import Actor, Article, Mention, Span, dateline
from ..options import Options
from ..resources import fold
from ..syntax import across_response, agent_and_target, called, clause_head, counted, is_death, is_passive, \
    is_report_verb, lemma, listed_before, lives_taken, other_occurrence, per_sentence, source_chars, \
    times_its_clause
from .places import place_tokens
from .triggers import lexicon_for

VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


def phrase_span(article: Article, head) -> Span:
    """The noun phrase of a head token, trimmed of relative clauses and long appendages."""
    toks = [t for t in head.subtree if abs(t.i - head.i) <= 8 and t.dep_ not in ("acl:relcl", "punct")] or [head]
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t.text) for t in toks)
    return Span(start, end, article.text[start:end])


def _in_place_phrase(tok) -> bool:
    """The noun stands in a phrase that says where ('dans la mosquée du quartier général de la police'): it
    names a place, not who acted."""
    node, steps = tok, 0
    where = words_of(tok).place_prepositions
    while steps < 6:
        if any(c.dep_ == "case" and c.lower_ in where for c in node.children):
            return True
        if node.head.i == node.i or node.head.pos_ not in ("NOUN", "PROPN") or \
                node.dep_ not in ("nmod", "obl", "obl:mod"):
            return False
        node, steps = node.head, steps + 1
    return False


def _preceding(tok) -> list:
    """The tokens before `tok` in its sentence and the sentence before it, nearest first: where a pronoun's
    antecedent is looked for."""
    doc = tok.doc
    return list(doc[doc[max(0, tok.sent.start - 1)].sent.start:tok.i])[::-1]


def _demonym(d, head) -> tuple:
    """(adjective, country) of the first demonym among a noun's adjectives and theirs ('frappe aérienne russe':
    russe hangs on aérienne), or (None, None)."""
    adjectives = [a for a in head.children if a.dep_ == "amod" or a.dep_ == "compound" and a.pos_ == "PROPN"]
    for a in adjectives + [b for a in adjectives for b in a.children if b.dep_ == "amod"]:
        iso = d.demonym_at(a) if a.dep_ == "amod" else _country_name(d, a.text)
        if iso:  # (a country's name as a modifier: 'a US drone strike')
            return a, iso
    return None, None


def _country_name(d, text: str) -> str | None:
    """The country a name gives, an initialism written without its dots too ('US' as 'U.S.')."""
    iso = d.country_words.get(tuple(fold(text).split()))
    if iso is None and text.isupper() and 2 <= len(text) <= 3:
        iso = d.country_words.get(tuple(fold(".".join(text)).split()))
    return iso


def _counts_people(tok) -> bool:
    """A noun that counts the people an occurrence killed or struck ('douze morts', 'les victimes'), not its
    toll as a whole ('le bilan de l'attentat commis par les shebab')."""
    words = words_of(tok)
    return lemma(tok) in words.death_nouns or lemma(tok) in words.casualty_nouns


def _counts_the_dead(head, killed: set[int]) -> bool:
    """The phrase is, or counts, the victims of a killing verb of its sentence ('des soldats tués', 'le nombre
    de soldats tués')."""
    return head.i in killed or any(c.i in killed for c in head.children if c.dep_ == "nmod")


STRIKES = {"Air/drone strike", "Shelling/artillery/missile attack"}  # fire from afar, which states' forces deliver


class ActorStage:
    name = "actors"
    requires = ("doc", "mentions", "country")
    assigns = ("actors",)

    def __init__(self, options: Options):
        self.options = options
        # small; loading them here makes a bad file fail at start-up
        self.dictionaries = {lang: actor_dictionary(options.actors, options.countries, lang)
                             for lang in options.languages}
        self.lexicons = {lang: lexicon_for(options, lang) for lang in options.languages}

    def _dictionary(self, article: Article) -> ActorDictionary:
        return self.dictionaries[article.lang]

    def __call__(self, article: Article) -> Article:
        doc = article.doc
        words = get_pack(article.lang).words
        named = article.meta.get("named_actors")
        if named is None:  # the places stage usually found them already
            named = article.meta["named_actors"] = self._dictionary(article).named(doc)
        # a group named as the parent of another its sentence names ('la branche sahélienne d'Al-Qaïda, le
        # JNIM') is not who acts; alone, it names its local branch ('des insurgés liés à l'EI')
        taken = {i for s, e, _ in named for i in range(s, e)}

        def affiliation(t) -> bool:
            return lemma(t) in words.affiliation_words or t.lower_ in words.affiliation_words

        def parent(hit) -> bool:  # 'affiliés à Al-Qaïda', 'an affiliate of al-Qaeda', 'the Al-Qaeda-linked group'
            before = doc[max(0, hit[0] - 5):hit[0]]
            after = doc[hit[1]:hit[1] + 2]
            return any(affiliation(t) and not any(x.i in taken for x in doc[t.i + 1:hit[0]]) for t in before) or \
                any(affiliation(t) for t in after)

        parents = [hit for hit in named if parent(hit)]
        named = [hit for hit in named if hit not in parents or not any(
            other not in parents and doc[other[0]].sent == doc[hit[0]].sent for other in named)]
        by_token: dict[int, tuple[int, int, NamedActor]] = {}
        for hit in named:
            for i in range(hit[0], hit[1]):
                by_token[i] = hit
        # (what is found per article stays on the article, never on the stage: one stage codes many articles,
        # from several threads in the server)
        dominant = article.meta["dominant_group"] = self._dominant_group(named)
        filed = dateline(article)
        triggers = {m.trigger for m in article.mentions}
        kept: list[Mention] = []
        previous: Mention | None = None
        for m in article.mentions:
            tok = doc[m.trigger]
            agent_tok, target_tok = agent_and_target(tok)
            if target_tok is not None and target_tok.head.i == tok.i and lemma(target_tok) in m.lemma.split()[1:]:
                # the trigger's own words ('ouvrir le feu'): its 'sur' phrase is the target ('sur les fidèles')
                target_tok = next((c for c in tok.children if c.dep_.startswith("obl") and any(
                    x.dep_ == "case" and x.lower_ in words.against_prepositions for x in c.children)), target_tok)
            if target_tok is not None and target_tok.i in triggers and target_tok.i != tok.i:
                target_tok = None  # 'une frappe de drones': the weapon that struck, itself told as the strike
            if agent_tok is not None and filed[0] <= agent_tok.idx < filed[1]:
                agent_tok = None  # 'NAIROBI (Reuters) - Gunmen killed...': the dateline acts in nothing
            if agent_tok is not None and agent_tok.i in across_response(tok):
                agent_tok = None  # 'X a tiré des roquettes en riposte à une frappe': X did not strike
            if agent_tok is not None and _counts_the_dead(agent_tok, self._killed_tokens(tok.sent)):
                agent_tok = None  # 'le nombre de soldats tués lors de cet assaut': they did not carry it out
            if agent_tok is not None and (agent_tok.lower_ in words.anaphoric_pronouns or agent_tok.pos_ == "PRON"):
                agent_tok = self._antecedent(article, tok, by_token, dominant) or agent_tok
            if lemma(tok) in words.into_hands_verbs:  # 'tombée aux mains des rebelles': the holder of the hands
                for c in tok.children:
                    if lemma(c) in words.hands_nouns:
                        agent_tok = next((x for x in c.children if x.dep_.startswith("nmod")), agent_tok)
                        target_tok = None
            m.actor1 = self._actor(article, agent_tok, by_token, dominant, previous)
            m.actor2 = self._side(article, target_tok, by_token, dominant, previous, target=True)
            if m.actor2 is None:
                m.actor2 = self._victims(article, tok, by_token, dominant)
            if m.actor2 is None and target_tok is not None:
                m.actor2 = self._national_site(article, target_tok)
            if m.actor2 is None and target_tok is not None and lemma(target_tok) in words.civilian_sites and \
                    not self._armed_modifier(article, target_tok, by_token):
                # 'ont attaqué des villages', 'attacked a truck carrying migrants' (not 'military vehicles')
                m.actor2 = self._dictionary(article).default_actor("civilian", article.country)
            if m.event_type in VIOLENT and (m.actor1 is None or is_vague(m.actor1.name)):
                m.actor1 = self._national_weapon(article, tok, m) or \
                    self._named_in_sentence(article, tok, by_token, m.actor2, target_tok) or m.actor1
            if m.actor1 is None and agent_tok is not None:
                m.actor1 = self._national_agent(article, agent_tok)  # 'par la défense antiaérienne israélienne'
            if m.actor1 is None and not times_its_clause(tok):
                m.actor1 = self._nearest(article, tok, by_token, dominant, exclude=m.actor2)
            if m.actor1 is not None and m.actor2 is not None and m.actor1.name == m.actor2.name:
                m.actor2 = None
            if not self._type(m, article):
                continue
            kept.append(m)
            previous = m
        self._foreign_striker(kept, article)
        article.mentions = kept
        return article

    # -- who ---------------------------------------------------------------------------------------------
    def _dominant_group(self, named) -> NamedActor | None:
        counts = Counter(h[2] for h in named if h[2].inter in (2, 3))
        return counts.most_common(1)[0][0] if counts else None

    def _police_in_story(self, article: Article) -> bool:
        """The story names the police or gendarmes ('les forces de l'ordre ont tiré des gaz lacrymogènes');
        read once per article."""
        if "police_named" not in article.meta:
            d = self._dictionary(article)
            article.meta["police_named"] = any(d.generic_kind(t) == "police" for t in article.doc
                                               if t.pos_ == "NOUN" and t.idx >= article.body_start)
        return article.meta["police_named"]

    @staticmethod
    def _unrest_story(article: Article) -> bool:
        """The story tells protests or riots (of its own time, not background); read once per article."""
        if "unrest_story" not in article.meta:
            article.meta["unrest_story"] = any(m.event_type in ("Protests", "Riots") and not m.background
                                               for m in article.mentions)
        return article.meta["unrest_story"]

    def _foreign_striker(self, mentions: list[Mention], article: Article) -> None:
        """Strikes and shelling the text gives no author, in a story whose named strikes and attacks are all a
        foreign state's ('des frappes russes' or 'l'attaque russe' on Kharkiv, then 'un missile a touché un
        immeuble' in Kryvyi Rih): that state's forces, not the host's own, which the default would give."""
        doc = article.doc

        def by_adjective(m: Mention) -> bool:  # 'l'attaque russe': the occurrence bears the state's adjective
            span = doc.char_span(m.actor1.span.start, m.actor1.span.end) if m.actor1.span else None
            return span is not None and len(span) == 1 and span[0].pos_ == "ADJ" and span[0].head.i == m.trigger
        named = {m.actor1.name: m.actor1 for m in mentions if m.actor1 is not None and m.actor1.text
                 and m.actor1.inter == 8 and (m.sub_event_type in STRIKES or by_adjective(m))}
        if not named:  # no strike signed: the one foreign army the story names at all ('pointant du doigt les
            # troupes russes' accusées par le gouverneur, 'l'armée russe a démenti'), in a story of strikes on its host
            named = {a.name: a for a in self._foreign_forces(article)}
        if len(named) != 1:
            return
        foreign = next(iter(named.values()))
        for m in mentions:
            if m.sub_event_type in STRIKES and m.actor1 is not None and not m.actor1.text \
                    and m.actor1.inter in (1, 3) and m.actor1.country == article.country:  # (a default: the host's
                # forces for a strike, unidentified for shelling)
                m.actor1 = replace(foreign, text="", span=None)

    def _foreign_forces(self, article: Article) -> list[Actor]:
        """The military forces of other countries than the story's that its phrases name by their country ('les
        troupes russes', 'l'armée russe'), not a soldier or a number of them."""
        d = self._dictionary(article)
        out, doc = {}, article.doc
        for i, template, iso in self._national_forces(article):
            head = doc[i]
            one = any(c.dep_ == "det" and "Ind" in c.morph.get("Definite") and "Sing" in c.morph.get("Number")
                      for c in head.children)
            if counted(head) or one:
                continue  # 'six blessés dont un soldat américain': people counted among the struck, not an army
            if iso != article.country and template.startswith("Military Forces"):
                actor = d.default_actor("state", iso)
                if actor is not None:
                    out[actor.name] = Actor(actor.name, head.text, 8, iso)
        return list(out.values())

    def _story_forces(self, article: Article) -> Actor | None:
        """The state forces an unnamed side stands for: the story's country's, unless the story names only the
        army of another country ('L'armée israélienne ...' in a story of Jenin: Israel's, not Palestine's)."""
        d = self._dictionary(article)
        if "story_forces" not in article.meta:
            named = {iso for _, template, iso in self._national_forces(article)
                     if template.startswith("Military Forces")}
            article.meta["story_forces"] = named.pop() if len(named) == 1 else article.country
        return d.default_actor("state", article.meta["story_forces"])

    def _antecedent(self, article: Article, tok, by_token, dominant):
        """The subject a pronoun stands for: the closest earlier subject that names a non-civilian actor."""
        for t in _preceding(tok):
            if t.dep_ in ("nsubj", "nsubj:pass", "obl:agent") and t.pos_ in ("NOUN", "PROPN"):
                actor = self._actor(article, t, by_token, dominant, None, strict=True)
                if actor is not None and actor.inter not in (7, None):
                    return t
        return None

    def _agreeing(self, article: Article, pron, by_token, dominant) -> Actor | None:
        """The actor a personal pronoun stands for: the closest noun before it, in its sentence or the one before,
        that agrees with it in gender and number and names an actor ('des villageois ... lorsqu'ils ont été
        encerclés': the villagers; 'les forces armées ... elles tomberont dans une embuscade': the forces)."""
        gender, number = pron.morph.get("Gender"), pron.morph.get("Number")
        if not number:
            return None
        for t in _preceding(pron):
            if t.pos_ not in ("NOUN", "PROPN") or t.morph.get("Number") != number or \
                    (gender and t.morph.get("Gender") and t.morph.get("Gender") != gender):
                continue
            actor = self._actor(article, t, by_token, dominant, None, strict=True)
            if actor is not None:
                return actor
        return None

    def _national_weapon(self, article: Article, tok, m: Mention) -> Actor | None:
        """The state whose adjective the strike, its weapon or the agent a participle gives it bears: 'une frappe
        israélienne', 'une frappe aérienne russe a tué', 'un tir de missile russe', 'des bombardements attribués
        à l'aviation russe' (its military forces; inter 8 outside its country)."""
        d, words = self._dictionary(article), words_of(tok)
        if m.event_type != "Explosions/Remote violence":
            # only an adjective of the occurrence itself ('l'attaque russe', 'l'offensive turque'), not of its
            # victims ('l'enlèvement de ressortissants italiens')
            fights = m.event_type == "Battles" or m.sub_event_type == "Attack"  # (a kidnapping's adjective: whom)
            a, iso = _demonym(d, tok) if tok.pos_ == "NOUN" and fights else (None, None)
            return self._forces_of(article, a, iso)
        base = [tok] + [c for c in tok.children if c.dep_ in ("nsubj", "nsubj:pass") and tok.pos_ == "VERB"]
        # the strike's agent told by a participle: 'des raids menés par des avions russes', 'attribués à
        # l'aviation russe'
        base += [g for c in base for k in c.children if k.dep_ == "acl" and k.pos_ == "VERB"
                 for g in k.children if g.dep_ in ("obl:agent", "obl:arg", "obl")]
        heads = base + [c for b in base for c in b.children if c.dep_ == "nmod"
                        and any(lemma(x) in words.genitive_prepositions for x in c.children if x.dep_ == "case")]
        for h in heads:
            if d.agents.get(lemma(h), {}).get("kind") not in (None, "state", "police", "government"):
                continue  # 'un kamikaze irakien', 'des jihadistes maliens': people's nationality, not a state's arms
            a, iso = _demonym(d, h)
            if iso:
                return self._forces_of(article, a, iso)
        return None

    def _national_agent(self, article: Article, agent) -> Actor | None:
        """The state forces an agent phrase names by a demonym on something only a state fields ('par la défense
        antiaérienne israélienne', 'French pilots'), not on people ('des jihadistes maliens') nor on a place."""
        d = self._dictionary(article)
        if agent.pos_ != "NOUN" or d.agents.get(lemma(agent), {}).get("kind") not in (None, "state", "government"):
            return None
        words = words_of(agent)
        if lemma(agent) in words.city_cues | words.admin_cues | words.country_nouns:
            return None  # a place: 'la capitale irakienne a connu l'explosion' says where, not who
        return self._forces_of(article, *_demonym(d, agent))

    def _forces_of(self, article: Article, adjective, iso: str | None) -> Actor | None:
        """The state forces a demonym adjective names ('russe'), inter 8 outside their country; None without one."""
        actor = self._dictionary(article).default_actor("state", iso) if iso else None
        if actor is None:
            return None
        inter = 8 if article.country and iso != article.country else actor.inter
        text = adjective.text
        return Actor(actor.name, text, inter, iso, Span(adjective.idx, adjective.idx + len(text), text))

    def _operation_forces(self, article: Article, tok) -> Actor | None:
        """The forces of the operation during which people were held ('arrested during the Israeli raid', 'lors
        d'une opération de l'armée malienne'): its demonym's state, else the forces its complement names."""
        words = words_of(tok)
        for c in [*tok.children, *(g for a in tok.children if a.dep_ == "advmod" for g in a.children)]:  # ('lors de')
            if not c.dep_.startswith("obl") or lemma(c) not in words.operation_nouns:
                continue
            a, iso = _demonym(self._dictionary(article), c)
            if iso:
                return self._forces_of(article, a, iso)
            for n in c.children:
                if n.dep_ == "nmod":
                    generic = self._dictionary(article).generic(n, article.country, n.text)
                    if generic is not None and generic.inter in (1, 8):
                        return generic
        return None

    def _armed_modifier(self, article: Article, tok, by_token) -> bool:
        """A word on the noun names armed forces or a group as its owner ('military vehicles', 'army trucks',
        'un véhicule militaire', 'the convoy's lead vehicle'): what was struck was theirs, not civilians'."""
        d = self._dictionary(article)
        sites = words_of(tok).military_sites  # ('le véhicule de tête du convoi')
        return any(c.dep_ in ("amod", "compound", "nmod") and (c.i in by_token or lemma(c) in sites or d.generic_kind(
            c) not in (None, "civilian")) for c in tok.children)

    def _national_site(self, article: Article, tok) -> Actor | None:
        """The forces a struck military site or vehicle belongs to, by its demonym ('des positions militaires
        arméniennes', 'un convoi de l'armée' is the complement's): that country's state forces."""
        if lemma(tok) not in words_of(tok).military_sites:
            return None
        d = self._dictionary(article)
        iso = _demonym(d, tok)[1]
        return d.default_actor("state", iso) if iso else None

    def _killed_tokens(self, sent) -> set[int]:
        """Tokens of the phrases a killing verb of the sentence has as its victims (a new set each time: callers
        add to it)."""
        return set(per_sentence(sent, "killed", self._find_killed))

    def _find_killed(self, sent) -> frozenset[int]:
        out: set[int] = set()
        kill = self.lexicons[lang_of(sent)].kill_lemmas
        for t in sent:
            taken = lives_taken(t)
            if taken is not None:  # 'a coûté la vie à 40 civils'
                out.update(x.i for x in taken.subtree)
                continue
            died = is_death(t)  # 'ont péri', 'ont trouvé la mort': the subject died
            if t.pos_ == "NOUN" and _counts_people(t) and t.i != t.head.i:
                out.update(x.i for x in t.subtree)  # 'neuf morts dont trois militaires': the toll counts them
                continue
            if not died and (t.pos_ not in ("VERB", "ADJ") or lemma(t) not in kill):
                continue
            role = ("nsubj:pass", "nsubj") if died or t.pos_ == "ADJ" or is_passive(t) else ("obj",)
            for c in t.children:
                if c.dep_ in role:
                    out.update(x.i for x in c.subtree)
            if t.dep_ in ("acl", "amod") and t.head.pos_ in ("NOUN", "PROPN"):  # 'le nombre de soldats tués',
                out.add(t.head.i)  # 'neuf personnes dont trois militaires morts dans une embuscade'
        return frozenset(out)

    def _victims(self, article: Article, tok, by_token, dominant) -> Actor | None:
        """Who was killed in the trigger's sentence ('ont attaqué le village, tuant douze civils'), outside the
        phrases that time another occurrence ('comes two days after 26 civilians were killed')."""
        kill = self.lexicons[article.lang].kill_lemmas
        elsewhere = other_occurrence(tok)
        for t in tok.sent:
            if t.i in elsewhere:
                continue
            if t.i != tok.i and t.pos_ == "NOUN" and _counts_people(t):  # 'neuf morts dont trois militaires'
                for c in t.children:
                    actor = self._side(article, c, by_token, dominant, None, strict=True) \
                        if c.pos_ in ("NOUN", "PROPN") else None
                    if actor is not None:
                        return actor
            taken = lives_taken(t) if t.i != tok.i else None
            if taken is not None:  # 'l'attaque a coûté la vie à 40 civils'
                actor = self._side(article, taken, by_token, dominant, None, strict=True)
                if actor is not None:
                    return actor
                continue
            died = t.i != tok.i and (is_death(t) or t.pos_ == "ADJ" and lemma(t) in kill)  # 'sont mortes'
            if not died and (t.i == tok.i or t.pos_ != "VERB" or lemma(t) not in kill):
                continue
            passive = is_passive(t)
            for c in t.children:
                if (died and c.dep_ == "nsubj") or (passive and c.dep_ == "nsubj:pass") or (
                        not passive and not died and c.dep_ in ("obj", "obl:arg")):
                    actor = self._side(article, c, by_token, dominant, None, strict=True)
                    if actor is not None:
                        return actor
        return None

    def _side(self, article: Article, head, by_token, dominant, previous: Mention | None,
              strict: bool = False, target: bool = False) -> Actor | None:
        """The actor of a phrase, with the ones listed before it that the parser left out of its coordination
        ('41 soldats et un berger ont été tués'): when armed men are among those struck, the attack was on their
        side."""
        actor = self._actor(article, head, by_token, dominant, previous, strict, target)
        if head is None or head.pos_ not in ("NOUN", "PROPN"):
            return actor
        listed = [self._actor(article, x, by_token, dominant, None, strict=True) for x in listed_before(head)]
        found = [a for a in [actor, *listed] if a is not None]
        return next((a for a in found if a.inter not in (None, 7)), actor)

    def _named_in_sentence(self, article: Article, tok, by_token, exclude: Actor | None,
                           target=None) -> Actor | None:
        """A named armed group in the trigger's sentence, when the roles gave only a generic or no initiator;
        never one the sentence kills ('quatre combattants du Hezbollah ont été tués dans une frappe')."""
        killed = self._killed_tokens(tok.sent) | ({t.i for t in target.subtree} if target is not None else set())
        told_by = source_chars(tok)  # ('selon un commandant des talibans': who tells it)
        # a participle that describes another noun says who holds it, not who acted ('un quartier tenu
        # par le groupe X')
        if "trigger_tokens" not in article.meta:  # ('un bourg passé aux mains de l'EI' tells an event)
            article.meta["trigger_tokens"] = {m.trigger for m in article.mentions}
        triggers = article.meta["trigger_tokens"]
        claim = words_of(tok).claim_verbs  # ('l'attentat commis par les shebab', however the parser hangs it)
        described = {x.i for t in tok.sent if t.dep_ == "acl" and t.head.i != tok.i and t.i not in triggers and
                     lemma(t) not in claim and tok.i not in {y.i for y in t.subtree} for x in t.subtree}
        # ('des frappes sur des cibles du Hamas', 'une attaque contre les positions de l'EI': who is struck)
        against = words_of(tok).against_prepositions
        struck = {x.i for t in tok.sent if t.i != tok.i and any(
            c.dep_ == "case" and c.lower_ in against and lemma(c) != "à" for c in t.children)  # ('attribuée à X')
            for x in t.subtree}
        other_side = across_response(tok)  # ('en riposte à une frappe': the responder did not strike)
        for i in range(tok.sent.start, tok.sent.end):
            if i in by_token and i not in killed and article.doc[i].idx not in told_by and i not in described \
                    and i not in struck and i not in other_side:
                s, e, named = by_token[i]
                if named.inter in (2, 3, 4) and (exclude is None or named.name.split(" (")[0] not in exclude.name):
                    doc = article.doc
                    return self._dictionary(article).resolve_named(named, doc[s:e].text, article.country,
                                                         Span(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text),
                                                              doc[s:e].text))
        return None

    def _actor(self, article: Article, head, by_token, dominant, previous: Mention | None,
               strict: bool = False, target: bool = False) -> Actor | None:
        """The actor named by the phrase headed by `head`; `strict` ignores names the dictionary lacks. A pronoun
        stands for the previous event's initiator; a personal pronoun that is the target (`target`) for the noun
        before it that agrees with it ('des villageois ... lorsqu'ils ont été encerclés')."""
        if head is None:
            return None
        d = self._dictionary(article)
        country = article.country
        if head.i in place_tokens(article) and head.i not in by_token:
            return None
        if head.i in by_token:
            s, e, named = by_token[head.i]
            return d.resolve_named(named, article.doc[s:e].text, country, Span(article.doc[s].idx,
                                   article.doc[e - 1].idx + len(article.doc[e - 1].text), article.doc[s:e].text))
        # a named group inside the phrase: 'les combattants du groupe EI', 'des miliciens Codeco'
        for t in sorted(head.subtree, key=lambda t: abs(t.i - head.i)):  # the name nearest the head: 'the
            # Al-Qaeda-linked Shabaab group' is the Shabaab
            if abs(t.i - head.i) <= 6 and t.i in by_token and t.dep_ not in ("acl:relcl",):
                s, e, named = by_token[t.i]
                if named.inter in (5, 6, 7):
                    continue
                return d.resolve_named(named, phrase_span(article, head).text, country, phrase_span(article, head))
        led = d.led_coalition(head)  # 'la coalition pilotée par Riyad'
        if led is not None:
            return d.resolve_named(led, phrase_span(article, head).text, country, phrase_span(article, head))
        words = words_of(head)
        if head.lower_ in words.anaphoric_pronouns or head.pos_ == "PRON":
            personal = head.lower_ in words.anaphoric_pronouns or "Prs" in head.morph.get("PronType")
            if target and personal:
                found = self._agreeing(article, head, by_token, dominant)
                if found is not None:
                    return found
            if previous is not None:
                return previous.actor1
            return None
        if d.holder(head):  # 'une patrouille de Casques bleus', 'le camp de la Monusco': the forces it names
            inner = self._complement_actor(article, head, by_token, dominant)
            if inner is not None:
                return inner
        span = phrase_span(article, head)
        if head.pos_ == "PROPN" and head.ent_type_ in ("PER", "PERSON"):
            title = next((c for c in head.children if c.dep_ in ("compound", "appos") and (
                c.pos_ == "NOUN" or c.text.islower()) and d.generic_kind(c) is not None), None)
            head = title if title is not None else head  # 'jihadist commander Musa Adamou': the side his title
            # names
        kind = d.generic_kind(head)
        name = called(head) if kind is not None else None
        if name is not None and kind not in ("state", "police", "civilian"):  # 'un cartel nommé « Los Tequileros »'
            text = " ".join(t.text for t in [name, *(c for c in name.children if c.dep_ == "flat:name")])
            generic = d.generic(head, country, span.text, span)
            return Actor(text, span.text, generic.inter if generic else 3, country, span)
        if kind in ("jihadist", "rebel") and dominant is not None:
            return d.resolve_named(dominant, span.text, country, span)
        generic = d.generic(head, country, span.text, span)
        if generic is not None:
            if generic.inter == 1 and d.own_country(head) is None:
                told = self._forces_told_before(article, head)  # 'L'armée israélienne a affirmé...', then
                if told is not None and told != generic.country:  # 'L'armée a affirmé...': the same army
                    return d.generic(head, told, span.text, span)
            return generic
        iso = None
        if head.dep_ in ("nsubj", "obl:agent", "obj", "nsubj:pass") and head.pos_ == "PROPN":
            iso = d.country_words.get(tuple(fold(head.text).split()))
        if iso is None and head.lemma_.lower() in words.state_nouns:
            iso = d.country_in([t for t in head.subtree])
        if iso:  # 'Israël a mené des frappes', 'la Russie a bombardé': the country's armed forces
            cname = d.acled_country(iso)
            inter = 1 if iso == country else 8
            return Actor(f"Military Forces of {cname}", span.text, inter, iso, span)
        inner = self._complement_actor(article, head, by_token, dominant)  # 'un poste de l'armée syrienne'
        if inner is not None:
            return inner
        if strict:
            return None
        if head.ent_type_ in ("ORG", "MISC") and head.pos_ == "PROPN" and not target and head.dep_ in (
                "nsubj", "obl:agent", "obj", "nsubj:pass", "nmod") and \
                fold(head.text) not in {fold(p.text) for p in article.places if p.text}:
            # (a name the story uses as a place is not a group; an unknown name struck is a building or a
            # company more often than a side: 'ont incendié l'Institut français')
            ent = next((e for e in article.doc.ents if e.start <= head.i < e.end), None)
            text = ent.text if ent is not None else head.text
            if not text[:1].isupper():
                return None  # 'le massacre de Houla' tagged as a name: an occurrence, not a group
            return Actor(text, text, None, country, span)
        return None

    def _forces_told_before(self, article: Article, head) -> str | None:
        """The country of the nearest earlier phrase naming state forces of the same kind with their country
        ('l'armée israélienne' before a bare 'l'armée'): in-document coreference of a story's forces."""
        template = self._dictionary(article).state_template(head)
        before = [iso for i, kind, iso in self._national_forces(article) if i < head.i and kind == template]
        return before[-1] if before else None

    def _national_forces(self, article: Article) -> list[tuple[int, str, str]]:
        """(token, name template, country) of each phrase naming state forces with their country ('l'armée
        israélienne', 'les troupes russes'), found once per article."""
        if "national_forces" not in article.meta:
            d = self._dictionary(article)
            found = []
            for t in article.doc:
                known = t.pos_ in ("NOUN", "PROPN") and (t.lemma_.lower() in d.agents or t.lower_ in d.agents)
                template = d.state_template(t) if known else None
                iso = d.own_country(t) if template else None
                if iso:
                    found.append((t.i, template, iso))
            article.meta["national_forces"] = found
        return article.meta["national_forces"]

    def _complement_actor(self, article: Article, head, by_token, dominant) -> Actor | None:
        """The actor a noun's close complement names ('le camp de la Monusco', 'une patrouille de Casques bleus')."""
        for c in head.children:
            if c.dep_ == "nmod" and c.i > head.i and c.i - head.i <= 4 and c.pos_ in ("NOUN", "PROPN"):
                inner = self._actor(article, c, by_token, dominant, None, strict=True)
                if inner is not None:
                    return inner
        return None

    def _nearest(self, article: Article, tok, by_token, dominant, exclude: Actor | None):
        """The closest actor phrase before the trigger in its sentence, when the parse gives no subject."""
        sent = tok.sent
        according = words_of(sent).attribution_words
        attributed = {x.i for t in sent if t.lower_ in according for x in t.head.subtree}
        # ('un porte-parole de la gendarmerie a dit que l'explosion...': the speaker's phrase tells of it, to its last
        # word)
        attributed |= {x.i for t in sent if t.dep_.startswith("nsubj") and is_report_verb(t.head) for x in t.subtree}
        killed = self._killed_tokens(sent)
        own = clause_head(tok)
        own_subject = own.i != tok.i and any(c.dep_.startswith("nsubj") and tok.i in {x.i for x in c.subtree}
                                             for c in own.children)
        other_side = across_response(tok)
        for t in reversed(list(article.doc[sent.start:tok.i])):
            if t.pos_ not in ("NOUN", "PROPN") or t.i in attributed or _counts_the_dead(t, killed) or \
                    t.i in other_side:
                continue
            if (t.dep_ == "nsubj:pass" and is_passive(t.head)) or (t.dep_.startswith("nsubj") and is_death(t.head)):
                continue  # the victims of 'ont été tués', 'ont perdu la vie', never the initiator
            if t.dep_.startswith("nsubj") and is_report_verb(t.head):
                continue  # 'des habitants ont rapporté des enlèvements': they tell of it
            if self._dictionary(article).target_only(t) or _in_place_phrase(t):
                continue
            if t.dep_.startswith("nsubj") and tok.pos_ == "NOUN" and t.head not in (tok.head, tok.head.head):
                continue  # 'L'Irak observera un deuil en mémoire des victimes de l'attentat': the attack lies too
                # deep under the subject's verb for the subject to have done it
            if own_subject and clause_head(t).i != own.i:
                continue  # 'des policiers priaient lorsque l'explosion de la bombe est survenue': the trigger is
                # (in) its own clause's subject; the people of another clause did not carry it out
            actor = self._actor(article, t, by_token, dominant, None, strict=True)
            if actor is not None and (exclude is None or actor.name != exclude.name) and actor.inter not in (7,):
                return actor
        return None

    # -- what, now that we know who -------------------------------------------------------------------------
    def _type(self, m: Mention, article: Article) -> bool:
        """Apply actor-dependent sub-types and defaults; False drops the mention."""
        entry = m.entry
        k1 = actor_kind(m.actor1.inter, m.actor1.name) if m.actor1 else "unknown"
        k2 = actor_kind(m.actor2.inter, m.actor2.name) if m.actor2 else "unknown"
        if "@protester" in entry.get("subject", []) and k1 not in ("protester", "rioter"):
            return False
        tok = article.doc[m.trigger]
        if "initiators" in entry and tok.pos_ == "VERB" and not is_passive(tok) and k1 not in entry["initiators"]:
            return False  # 'a dit le député, interpellant le ministre': a call on him, no arrest
        sub = m.sub_event_type
        by_target = entry.get("by_target", {})
        if k2 == "civilian" and "civilian" in by_target and m.event_type in ("Battles", "Violence against civilians"):
            sub = by_target["civilian"]
        elif k2 in ("state", "police", "nonstate") and "armed" in by_target and m.event_type in ("Battles", "Violence against civilians"):
            sub = by_target["armed"]
        elif k2 in ("protester", "rioter") and "protester" in by_target:
            sub = by_target["protester"]
        by_actor = entry.get("by_actor", {})
        if k1 in ("state", "police") and "state" in by_actor:
            sub = by_actor["state"]
        elif k1 == "nonstate" and "nonstate" in by_actor:
            sub = by_actor["nonstate"]
        elif k1 in ("protester", "rioter") and "protester" in by_actor:
            sub = by_actor["protester"]
        etype = self.lexicons[article.lang].event_type(sub)
        if k1 in ("protester", "rioter") and etype in ("Battles", "Violence against civilians"):
            sub = "Violent demonstration"
        elif (etype == "Battles" or sub == "Looting/property destruction") and (
                k1 == "unknown" and (k2 in ("unknown", "police", "protester", "rioter") or
                                     k2 == "civilian" and tok.pos_ == "NOUN") or
                k1 == "police" and k2 in ("unknown", "protester", "rioter")) and self._unrest_story(article):
            # 'des heurts avec la police', 'deux mairies ont été brûlées', 'three people died during clashes', 'police
            # opened fire' in a story of protests or riots, no armed side named: the unrest
            sub = "Violent demonstration"
            if k1 == "police":  # (the rioters are the side ACLED names first, the police the other)
                m.actor1, m.actor2 = (m.actor2 if k2 in ("protester", "rioter") else None), m.actor1
        elif k1 == "civilian" and etype in ("Battles", "Violence against civilians"):
            sub = "Mob violence"  # ACLED: civilians who attack are rioters
            m.actor1 = self._dictionary(article).default_actor("rioter", article.country) or m.actor1
        elif k1 == "civilian" and etype == "Explosions/Remote violence":
            m.actor2 = m.actor2 or m.actor1  # civilians do not shell or bomb: they were the victims
            m.actor1 = None
        m.sub_event_type, m.event_type = sub, self.lexicons[article.lang].event_type(sub)
        self._default_actors(m, article)
        return True

    def _default_actors(self, m: Mention, article: Article) -> None:
        d = self._dictionary(article)
        c = article.country
        if m.sub_event_type == "Excessive force against protesters":
            # ACLED names the force first and the protesters it struck second ('une milice a tiré sur des
            # manifestants pacifiques')
            if m.actor1 is not None and actor_kind(m.actor1.inter, m.actor1.name) == "protester":
                m.actor1, m.actor2 = m.actor2, m.actor1
            m.actor1 = m.actor1 or d.default_actor("police", c)
            if m.actor2 is None or actor_kind(m.actor2.inter, m.actor2.name) != "protester":
                m.actor2 = d.default_actor("protester", c) or m.actor2
        elif m.event_type == "Protests":
            if m.actor1 is None or actor_kind(m.actor1.inter, m.actor1.name) not in ("protester",):
                if m.actor1 is not None and actor_kind(m.actor1.inter, m.actor1.name) in ("police", "state"):
                    m.actor2 = m.actor1
                m.actor1 = d.default_actor("protester", c) or m.actor1
            if m.sub_event_type == "Peaceful protest" and m.actor2 is not None and \
                    actor_kind(m.actor2.inter, m.actor2.name) != "protester":
                m.actor2 = None  # nobody acts against a peaceful protest (a counter-protest is the exception)
            elif m.sub_event_type == "Protest with intervention" and (
                    m.actor2 is None or actor_kind(m.actor2.inter, m.actor2.name) not in ("police", "state")):
                m.actor2 = d.default_actor("police", c) or m.actor2  # the force that stepped in, not those it
                # arrested ('des étudiants arrêtés lors d'une marche')
        elif m.event_type == "Riots":
            if m.actor1 is None or actor_kind(m.actor1.inter, m.actor1.name) not in ("rioter", "protester"):
                m.actor1 = d.default_actor("rioter", c) or m.actor1
            else:
                m.actor1 = as_rioters(m.actor1)
            site = m.actor2 is not None and not m.actor2.text and m.actor2.inter == 7  # only a shop they sacked
            if m.sub_event_type == "Violent demonstration" and (m.actor2 is None or site) and \
                    self._police_in_story(article):
                m.actor2 = d.default_actor("police", c)  # rioters in a story of police lines face the police
        elif m.sub_event_type == "Arrests" and m.actor1 is None:
            m.actor1 = self._operation_forces(article, article.doc[m.trigger]) or d.default_actor("police", c)
        elif m.sub_event_type == "Air/drone strike" and m.actor1 is None:
            m.actor1 = self._story_forces(article)
        elif m.event_type in ("Explosions/Remote violence", "Violence against civilians") and m.actor1 is None:
            m.actor1 = d.default_actor("armed", c)
        elif m.event_type == "Battles" and m.actor1 is None and m.actor2 is not None and m.actor2.inter in (1, 8):
            m.actor1 = d.default_actor("armed", c)  # 'trois soldats tués dans une embuscade': attackers unnamed
        if m.event_type == "Violence against civilians" and m.actor2 is None:
            m.actor2 = d.default_actor("civilian", c)
        if m.event_type == "Battles" and m.actor1 is not None and m.actor2 is None:
            # ACLED's other side when the text names none: a non-state attacker or a captured town faces the
            # state's forces; state forces face the story's main armed group
            k1 = actor_kind(m.actor1.inter, m.actor1.name)
            if k1 == "nonstate":
                m.actor2 = self._story_forces(article)
            elif k1 in ("state", "police") and article.meta.get("dominant_group") is not None:
                named = d.resolve_named(article.meta["dominant_group"], "", c)
                m.actor2 = Actor(named.name, "", named.inter, named.country) if named.name != m.actor1.name else None
