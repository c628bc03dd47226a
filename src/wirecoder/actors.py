"""The actor dictionary: named groups (with aliases in several languages), countries and their demonyms, and
generic agents ('l'armée', 'des civils'), resolved against a story's country.

Data files (all overridable, see README): `actors.json` (named actors), `countries.json` (ISO3 -> ACLED name,
French/English names and demonyms), and each language pack's generic agents (`agents_fr.json`: head nouns ->
ACLED name templates). Named actors and countries are shared by every language; generic agents are the pack's.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from .lang import get_pack, words_of
from .model import Actor
from .resources import data_file, fold

MAX_ALIAS_TOKENS = 9


@dataclass(frozen=True)
class NamedActor:
    name: str
    inter: int
    country: str | None
    pattern: str | None  # 'Islamic State ({country})' for groups named by their country of operation


VAGUE_PREFIXES = ("Unidentified Armed Group", "Rebel Groups", "Unknown")
UNKNOWN_COUNTRY = "Unknown"  # a generic actor's country while the story's is unknown (the event's place fills it in)


def is_vague(name: str | None) -> bool:
    """An actor name that says no more than 'someone armed': it yields to any named actor."""
    return not name or name.startswith(VAGUE_PREFIXES)


def as_rioters(actor: Actor) -> Actor:
    """Protesters whose protest turned violent, as ACLED names them: 'Rioters (Country)', inter 5."""
    if actor.inter != 6:
        return actor
    return replace(actor, name=actor.name.replace("Protesters", "Rioters"), inter=5)


# how ACLED names a state's forces (the templates of `default_actor` and actors.json's state entries)
STATE_FORCES = ("Military Forces of ", "Police Forces of ")


def actor_kind(inter: int | None, name: str = "") -> str:
    """A coarse kind used by the typing rules: state, police, nonstate, civilian, protester, rioter, unknown."""
    if inter in (1, 8):
        return "police" if name.startswith("Police") else "state"
    if inter in (2, 3, 4):
        return "nonstate"
    if inter == 5:
        return "rioter"
    if inter == 6:
        return "protester"
    if inter == 7:
        return "civilian"
    return "unknown"


class ActorDictionary:
    """Alias lookup over token sequences, demonyms and country names, generic agent templates."""

    def __init__(self, actors_path: str = "", countries_path: str = "", lang: str = "fr"):
        pack = get_pack(lang)
        actors = data_file(actors_path, "actors.json")
        countries = data_file(countries_path, "countries.json")
        agents = data_file("", pack.agents)
        self.neutral_heads = pack.words.neutral_heads
        self.person_titles = pack.words.person_titles
        self.aliases: dict[tuple[str, ...], tuple[NamedActor, bool]] = {}
        self.peacekeepers: dict[str, str] = {r["country"]: r["name"] for r in actors["actors"]
                                             if r.get("peacekeepers") and r.get("country")}
        self.first_words: dict[str, int] = {}  # first word of an alias -> its longest length in words
        self.home_aliases: set[tuple[str, ...]] = set()  # descriptions that name their actor only at home
        for rec in actors["actors"]:
            named = NamedActor(rec["name"], int(rec["inter"]), rec.get("country"),
                               rec.get("name_pattern") if rec.get("per_country") else None)
            self.home_aliases.update(tuple(fold(a).split()) for a in rec.get("home_aliases", []))
            for alias in [rec["name"], *rec.get("aliases", []), *rec.get("home_aliases", [])]:
                key = tuple(fold(alias).split())
                if not key:
                    continue
                # short all-caps acronyms ('EI', 'HTS') must match in capitals, not as ordinary words
                strict = len(alias) <= 4 and alias.isupper()  # 'EI', 'HTS'; 'Aqmi' may be title-cased
                self.aliases.setdefault(key, (named, strict))
                self.first_words[key[0]] = max(self.first_words.get(key[0], 0), len(key))
        self.countries = {k: v for k, v in countries.items() if not k.startswith("_")}
        self.country_words: dict[tuple[str, ...], str] = {}
        self.demonyms: dict[str, str] = {}
        for iso3, rec in self.countries.items():
            for nm in [*rec.get("fr", []), *rec.get("en", []), rec.get("acled", "")]:
                if nm:
                    self.country_words.setdefault(tuple(fold(nm).split()), iso3)
            for dm in [*rec.get("demonyms_fr", []), *rec.get("demonyms_en", [])]:
                self.demonyms.setdefault(fold(dm), iso3)
        self.agents: dict[str, dict] = agents["agents"]
        self.led: dict[str, NamedActor] = {r["led_by"]: NamedActor(r["name"], int(r["inter"]), r.get("country"), None)
                                           for r in actors["actors"] if r.get("led_by")}
        # (country, actor named) -> the actor that name stands for in that country's stories ('local_for')
        self.local: dict[tuple[str, str], NamedActor] = {
            (r["country"], other): NamedActor(r["name"], int(r["inter"]), r["country"], None)
            for r in actors["actors"] if r.get("country") for other in r.get("local_for", [])}

    def acled_country(self, iso3: str | None) -> str | None:
        if not iso3:
            return None
        rec = self.countries.get(iso3)
        return rec.get("acled") if rec else None

    def named(self, tokens) -> list[tuple[int, int, NamedActor]]:
        """Named-actor matches in a sequence of spaCy tokens: (start token i, end token i exclusive, actor)."""
        words = [(t, fold(t.text)) for t in tokens]
        words = [(t, w) for t, w in words if w]

        def longest(i: int) -> tuple[int, NamedActor | None]:
            if words[i][1].split()[0] not in self.first_words:
                return 0, None  # no alias starts with this word: most tokens stop here
            for n in range(min(MAX_ALIAS_TOKENS, len(words) - i), 0, -1):
                found = self.aliases.get(tuple(" ".join(w for _, w in words[i:i + n]).split()))
                if found is None:
                    continue
                named, strict = found
                if strict and not all(t.text.isupper() or (len(t.text) >= 4 and t.text.istitle())
                                      for t, _ in words[i:i + n]):
                    continue
                return n, named
            return 0, None

        out = []
        i = 0
        while i < len(words):
            n, named = longest(i)
            if not n:
                i += 1
                continue
            # a longer name that starts inside this one wins: 'du groupe Etat islamique en Afrique de l'Ouest' is
            # ISWAP, not the 'groupe Etat islamique' it begins with
            inner = next((j for j in range(i + 1, i + n) if j + longest(j)[0] > i + n), None)
            if inner is not None:
                i = inner
                continue
            last = words[i + n - 1][0]
            if last.i + 1 < len(last.doc) and _place_cue(last.doc[last.i + 1]):
                i += n  # 'Nabuk's Al-Fatah district': a place named like a group
                continue
            out.append((words[i][0].i, last.i + 1, named))
            i += n
        return out

    def described_abroad(self, tokens, actor: NamedActor, country: str | None) -> bool:
        """The tokens name `actor` by a description any country may use ('gouvernement d'union nationale'), in a
        story of another country."""
        key = tuple(" ".join(fold(t.text) for t in tokens).split())
        return key in self.home_aliases and country is not None and actor.country != country

    def demonym_country(self, word: str) -> str | None:
        """The country of a demonym ('malienne'); of a compound one, its last part, the one the others qualify
        ('franco-maliennes', 'russo-syrien': the forces are Malian, Syrian, with help)."""
        key = fold(word)
        iso = self.demonyms.get(key)
        if iso is None and "-" in word.strip("-"):
            iso = self.demonyms.get(fold(word.rsplit("-", 1)[1]))
        return iso

    def demonym_at(self, tok, lemma: bool = True) -> str | None:
        """The country of the demonym a token ends: a two-word one first ('South Sudanese' is not 'Sudanese');
        `lemma` also tries its lemma."""
        if tok.i > 0:
            iso = self.demonyms.get(fold(f"{tok.doc[tok.i - 1].text} {tok.text}"))
            if iso:
                return iso
        return self.demonym_country(tok.text) or (self.demonym_country(tok.lemma_) if lemma else None)

    def country_in(self, tokens) -> str | None:
        """A country named or implied by a demonym among these tokens ('malienne', 'de la RDC')."""
        toks = [t for t in tokens]
        for t in toks:
            iso = self.demonym_at(t)
            if iso:
                return iso
        words = [fold(t.text) for t in toks]
        for n in (4, 3, 2, 1):
            for i in range(len(words) - n + 1):
                iso = self.country_words.get(tuple(" ".join(words[i:i + n]).split()))
                if iso:
                    return iso
        return None

    def led_coalition(self, head) -> NamedActor | None:
        """The coalition a phrase names by who leads it: 'la coalition pilotée par l'Arabie saoudite', 'menée par
        Riyad', 'the Saudi-led coalition' (actors.json 'led_by')."""
        words = words_of(head)
        if not self.led or head.lemma_.lower() not in words.coalition_nouns:
            return None
        led = any(c.dep_ == "acl" and c.lemma_.lower() in words.lead_verbs for c in head.children)
        for c in head.children:
            # the leader: in the verb's phrase, or hung on the noun after 'par' ('commandée par les Etats-Unis')
            by = c.dep_ == "acl" and c.lemma_.lower() in words.lead_verbs or led and c.dep_.startswith("nmod") and \
                any(x.dep_ == "case" and x.lower_ in words.agent_prepositions for x in c.children)
            if by:
                agent = [x for x in c.children if x.dep_ in ("obl:agent", "obl")] if c.dep_ == "acl" else [c]
                iso = self.country_in(list(c.subtree)) or self.capital_country(agent)
                if iso in self.led:
                    return self.led[iso]
            if c.dep_ in ("amod", "compound") and c.lower_.endswith("-led"):  # 'the Saudi-led coalition'
                iso = self.demonym_country(c.text[:-4]) or self.country_words.get((fold(c.text[:-4]),))
                if iso in self.led:
                    return self.led[iso]
        return None

    def capital_country(self, heads) -> str | None:
        """The country whose capital heads these phrases stand for ('menée par Riyad', 'Washington')."""
        from .geo.gazetteer import Gazetteer
        gaz = Gazetteer.default()
        for h in heads:
            for p in gaz.lookup(h.text, limit=1, fuzzy=False):
                if gaz.is_capital_place(p):
                    return p.country
        return None

    def resolve_named(self, named: NamedActor, text: str, country: str | None, span=None) -> Actor:
        named = self.local.get((country, named.name), named)  # 'al-Shabab' in Mozambique
        name = named.name
        if named.pattern and country and self.acled_country(country):
            name = named.pattern.format(country=self.acled_country(country))
        return Actor(name, text, named.inter, named.country or country, span)

    def _agent_record(self, head) -> dict | None:
        """The generic-agent entry of a phrase: its head noun's, or for a neutral head or a title ('le groupe
        terroriste', 'l'organisation jihadiste', 'a rebel commander') the entry of a modifier that names a kind of
        armed actor."""
        rec = self.agents.get(head.lemma_.lower()) or self.agents.get(head.lower_)
        if rec is not None and rec.get("target_only"):
            for c in head.children:  # 'a police base', 'l'avant-poste militaire': the site's owner names its forces
                owner = self.agents.get(c.lemma_.lower()) if c.dep_ in ("compound", "amod") else None
                if owner is not None and owner["kind"] in ("state", "police"):
                    return {**owner, "target_only": True}
        if rec is not None and "needs" in rec:
            mods = {fold(t.lemma_) for t in head.subtree} | {fold(t.text) for t in head.subtree}
            mods |= {fold(head.head.lemma_)}  # 'forces de l'ordre' / 'groupe d'hommes armés'
            national = rec["kind"] == "state" and any(
                c.dep_ == "amod" and self.demonym_country(c.text) for c in head.children)
            if not mods & {fold(n) for n in rec["needs"]} and not national:
                rec = None  # ('les forces maliennes', 'franco-maliennes': a country's forces need no other word)
        if rec is None and head.lemma_.lower() in self.neutral_heads | self.person_titles:
            title = head.lower_ in self.person_titles  # ('a rebel commander', 'le chef jihadiste', 'an army officer')
            for c in head.children:
                if c.dep_ == "amod" or c.dep_ == "compound" and title:
                    adj = self.agents.get(c.lemma_.lower()) or self.agents.get(c.lower_)
                    armed = ("jihadist", "rebel", "armed", "militia") + (("state", "police") if title else ())
                    if adj is not None and adj["kind"] in armed and not (title and "needs" in adj):
                        # ('an army officer', 'a police chief'; 'an opposition leader' is no rebel)
                        return adj
        return rec

    def generic(self, head, country: str | None, text: str, span=None) -> Actor | None:
        """A generic agent from its head noun ('soldats' -> Military Forces of <country>) or None."""
        rec = self._agent_record(head)
        if rec is None:
            return None
        own = self.own_country(head)
        iso = own or country
        cname = self.acled_country(iso) or UNKNOWN_COUNTRY
        inter = rec["inter"]
        if inter == 1 and own and country and own != country:
            inter = 8  # 'des avions de guerre russes' over Syria: foreign forces
        if rec.get("peacekeepers"):  # 'un Casque bleu burundais' in Bangui is MINUSCA's: the host country decides
            host = country if country in self.peacekeepers else iso
            return Actor(self.peacekeepers.get(host, rec["name"]), text, 8, host, span)
        return Actor(rec["name"].format(country=cname), text, inter, iso, span)

    def own_country(self, head) -> str | None:
        """The country of the phrase itself ('l'armée malienne', 'les forces de la RDC'), not of words further
        down its subtree ('des hommes armés près de l'ambassade de France')."""
        near = [head] + [c for c in head.children if c.dep_ in ("amod", "nmod", "flat:name", "appos")]
        near += [g for c in near[1:] for g in c.children if g.dep_ in ("flat:name", "amod", "det", "case")]
        return self.country_in(sorted(near, key=lambda t: t.i))

    def state_template(self, head) -> str | None:
        """The name template of the state forces a generic phrase names ('Military Forces of {country}'), or
        None for any other kind of agent."""
        rec = self._agent_record(head)
        return rec["name"] if rec is not None and rec["kind"] == "state" and rec["inter"] == 1 else None

    def holder(self, head) -> bool:
        """A unit or a place held by forces ('une patrouille', 'le camp'), whose complement may name them."""
        rec = self.agents.get(head.lemma_.lower()) or self.agents.get(head.lower_)
        return bool(rec and rec.get("holder"))

    def target_only(self, head) -> bool:
        """The phrase names forces by the place they hold ('le camp militaire'): attacked, never attacking."""
        rec = self._agent_record(head)
        return bool(rec and rec.get("target_only"))

    def generic_kind(self, head) -> str | None:
        rec = self._agent_record(head)
        return rec["kind"] if rec else None

    def placed(self, actor: Actor | None, country: str | None) -> Actor | None:
        """A generic actor named while the story's country was unknown ('Civilians (Unknown)'), in `country`,
        where its event happened."""
        cname = self.acled_country(country)
        if actor is None or actor.country or not cname or UNKNOWN_COUNTRY not in actor.name:
            return actor
        return replace(actor, name=actor.name.replace(UNKNOWN_COUNTRY, cname), country=country)

    def default_actor(self, kind: str, country: str | None) -> Actor | None:
        """The ACLED actor used when the text names none: e.g. kind 'protester' -> Protesters (Mali); with no
        country known, Protesters (Unknown)."""
        templates = {"protester": ("Protesters ({country})", 6), "rioter": ("Rioters ({country})", 5),
                     "armed": ("Unidentified Armed Group ({country})", 3),
                     "state": ("Military Forces of {country}", 1), "police": ("Police Forces of {country}", 1),
                     "civilian": ("Civilians ({country})", 7)}
        cname = self.acled_country(country) or UNKNOWN_COUNTRY
        if kind not in templates or country and cname == UNKNOWN_COUNTRY:
            return None
        name, inter = templates[kind]
        return Actor(name.format(country=cname), "", inter, country)


def _place_cue(tok) -> bool:
    """A noun of a province or a town's district right after a name ('Al-Fatah district'): the name is a place's
    ('the MINUSMA camp' is the mission's: a camp or a base is a group's as often as a place)."""
    words = words_of(tok)
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in (words.admin_cues | words.subcity_cues) - words.military_sites


@lru_cache(maxsize=8)
def actor_dictionary(actors_path: str = "", countries_path: str = "", lang: str = "fr") -> ActorDictionary:
    """The dictionary of the options' actor and country files with the generic agents of language `lang`."""
    return ActorDictionary(actors_path, countries_path, lang)
