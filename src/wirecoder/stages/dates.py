"""Dates: each mention gets the date phrase that governs it, resolved against the publication date.

The phrase is taken from the trigger's sentence (the closest one, preferring phrases inside the trigger's clause),
else from the nearest earlier sentence of the paragraph that has one, else from the occurrence of its kind that the
story dates (the undated lead of a story that says 'lundi' further down is Monday's event), else from a day that
only dates the sentence's verb of saying ('ont annoncé jeudi des sources militaires'); with no phrase at all the
event is dated at publication, at the publication date's precision. A mention dated more than
`background_days` before publication is background ('en 2014') and is marked so the events stage drops it; so
is one told as the context of the story's own, outside its lead: dated more than `context_days` before the
latest day the story tells.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from ..lang import get_pack, lang_of, words_of
from ..model import Article, ResolvedDate, Span, paragraph_of
from ..options import Options
from ..periods import period, publication_end
from ..syntax import clause_head, counted, in_source_phrase, is_occurring, is_report_verb, lemma, \
    other_occurrence_chars, timed_by
from ..timeline import DatePhrase, is_background, names_its_weekday, resolve
from .events import FAMILY, in_headline, place_key

DATELINE = re.compile(r"\b[^\W\d_a-z]{3,}(?:[ -][^\W\d_a-z]{2,})*\s*(?:\([^)]{0,40}\))?\s*,\s*$")  # 'KHARTOUM, '


def _running_total(since: list[DatePhrase], tok) -> bool:
    """'plus de 1 000 élèves ont été enlevés depuis janvier': a duration in the trigger's own clause makes it a
    running total over that time, not one event."""
    if not since:
        return False
    head = clause_head(tok)
    for p in since:
        inside = [t for t in head.subtree if p.start <= t.idx < p.end]
        top = next((t for t in inside if not (p.start <= t.head.idx < p.end)), None)
        if top is not None and clause_head(top.head).i == head.i:
            return True  # (a 'depuis' of a relative clause, 'où ils échangent des tirs depuis dix mois', is not)
    return False


def _holds(p, q) -> bool:
    """`q` is `p` or lies in `p`, a province."""
    return place_key(p) == place_key(q) or (p.feature == "admin1" and p.admin1 is not None and
                                            (p.country, p.admin1) == (q.country, q.admin1))


def _in_clause(d: ResolvedDate | None, tok) -> bool:
    """The date phrase stands in the trigger's own clause ('ils tomberont mardi 14 mai'), not in another clause
    of its sentence ('des tirs ont paralysé la ville ce jeudi, alors qu'il tenterait de capturer...')."""
    if d is None or d.span is None:
        return False
    head = clause_head(tok)
    return any(d.span.start <= t.idx < d.span.end for t in head.subtree)


def _several_in_a_past_month(m, tok, article: Article) -> bool:
    """Occurrences counted by no number over a month before the story's ('des raids de l'armée en mars',
    'des frappes en mars'): a summary of a past stretch, not one event."""
    if tok.pos_ != "NOUN" or "Plur" not in tok.morph.get("Number") or not m.dated_here or m.date is None \
            or m.date.precision < 3 or article.published is None:
        return False
    return not counted(tok) and m.date.iso[:7] < article.published.isoformat()[:7]


def _occurrence_days(phrases, resolved, doc) -> list[ResolvedDate]:
    """The days of sentences that say when the story's occurrence happened: a date on a verb of occurring whose
    subject is a noun or a pronoun ('Les faits ont eu lieu jeudi 3 mai', 'Elle est survenue
    lundi')."""
    days = []
    for p in phrases:
        r = resolved.get(p)
        span = doc.char_span(p.start, p.end, alignment_mode="expand") if r is not None and r.precision == 1 else None
        top = _top(p, span) if span is not None else None
        verb = top.head if top is not None else None
        if verb is not None and is_occurring(verb) and any(
                c.dep_.startswith("nsubj") and c.pos_ in ("PRON", "NOUN") for c in verb.children):
            days.append(r)
    return days


def _pluperfect(verb) -> bool:
    """'s'était emparé', 'avait attaqué': a past before the story's own, told as background."""
    return any(c.dep_.startswith("aux") and "Imp" in c.morph.get("Tense") for c in verb.children)


def _top(phrase: DatePhrase, tokens):
    """The token of the phrase (among `tokens`) that hangs on a word outside it, or None."""
    inside = [t for t in tokens if phrase.start <= t.idx < phrase.end]
    return next((t for t in inside if not (phrase.start <= t.head.idx < phrase.end)), None)


def _announces(phrase: DatePhrase, doc) -> bool:
    """The phrase hangs on a verb of saying: it dates an announcement."""
    span = doc.char_span(phrase.start, phrase.end, alignment_mode="expand")
    top = _top(phrase, span) if span is not None else None
    return top is not None and (is_report_verb(top.head) or lemma(top.head) in words_of(top).publish_verbs)


def _dates_the_report(phrase: DatePhrase, sent, tok) -> bool:
    """'ont été tués dans une embuscade, ont annoncé jeudi des sources militaires': the day hangs on a verb of
    saying that is not the trigger's own clause, so it dates the announcement, not the event."""
    top = _top(phrase, sent)
    if top is not None and in_source_phrase(top) and not in_source_phrase(tok):
        return True  # 'selon des témoins joints mardi, l'assaut a fait 30 morts'
    if top is None or not is_report_verb(top.head):
        return False
    # (an occurrence noun the verb of saying governs, 'un raid ... a indiqué mardi un gouverneur' as the
    # parser may read it, is still dated by its own words, not by the announcement)
    return top.head.i != clause_head(tok).i or tok.i == top.head.i or tok.pos_ == "NOUN"


class DateStage:
    name = "dates"
    requires = ("doc", "mentions", "locations")
    assigns = ("dates",)

    def __init__(self, options: Options):
        self.options = options

    def __call__(self, article: Article) -> Article:
        body = article.text[article.body_start:]
        pack = get_pack(article.lang)
        found = [replace(p, start=p.start + article.body_start, end=p.end + article.body_start)
                 for p in pack.dates.find_dates(body)]
        # 'depuis deux mois' is a duration, never the date of what the sentence reports
        since = [p for p in found if p.text.lower().split()[0] in pack.words.since_words]
        phrases = [p for p in found if p not in since]
        article.meta["date_phrases"] = phrases
        resolved = self._resolve_all(phrases, article, article.published, article.published_precision)
        if article.published is not None and (article.published_precision or 1) >= 3:
            today = self._story_day(phrases, resolved, article)
            if today is not None:  # a month-only header: 'samedi' is read against the day the story is told
                resolved = self._resolve_all(phrases, article, today, 1)
        doc = article.doc
        sents = list(doc.sents)
        undated, told = [], set()
        for m in article.mentions:
            tok = doc[m.trigger]
            sent = sents[m.sentence]
            chosen = self._in_sentence(phrases, resolved, sent, tok)
            announced = None if chosen else self._in_sentence(phrases, resolved, sent, tok, announcements=True)
            m.dated_here = chosen is not None or announced is not None
            if chosen is None:
                chosen = self._earlier(phrases, resolved, article, sent)
            if chosen is None:
                undated.append(m)
            else:
                told.add(id(m))
            m.date = chosen or announced or self._publication(article)
        latest = max((date.fromisoformat(x.date.iso) for x in article.mentions
                      if x.dated_here and not x.future and x.date is not None and x.date.precision == 1), default=None)
        occurrences = [x for x in article.mentions if id(x) in told and not self._context(x, latest, article)]
        stated = _occurrence_days(phrases, resolved, doc)
        for m in undated:  # told with no date of its own: the day the story gives its kind of occurrence, or the
            # day it says the events happened ('Les faits se sont produits mercredi'), else the announcement's, else
            # publication
            m.date = self._story_occurrence(m, occurrences, article) or (stated[0] if stated else None) or m.date
        for m in article.mentions:  # 'ont repris lundi Tombouctou, deux jours après avoir reconquis Gao'
            timed = self._timed(m, doc[m.trigger], phrases, resolved, sents[m.sentence])
            if timed is not None:
                m.date, m.dated_here = timed, True  # (dated by words of its own: 'deux jours après')
        lead = self._lead(article, sents)
        # years the text itself counts back to ('il y a dix ans, le 3 mai 2012'): an anniversary's
        remembered = {article.published.year + p.spec[1] for p in phrases
                      if article.published and p.spec and p.spec[0] == "rel_year" and p.spec[1] <= -1}
        for m in article.mentions:
            tok = doc[m.trigger]
            # an old occurrence the lead tells with its date is what the article is about (a report published
            # months later), not background (ANNOTATION: 'unless the article is about them')
            head = clause_head(tok)
            about = m.sentence in lead and m.dated_here and not m.future and head.dep_ in ("ROOT", "conj") \
                and not _pluperfect(head) and not (m.date and int(m.date.iso[:4]) in remembered)
            # (not 'le commando qui a attaqué X en 2013', nor 'X s'était emparé', nor an anniversary)
            m.background = ((self._is_background(m.date, article) or self._context(m, latest, article))
                            and not about) or _running_total(since, tok) or _several_in_a_past_month(m, tok, article)
            told_after = m.dated_here and _in_clause(m.date, tok) and self._before_publication(m.date, article)
            if m.future and not told_after:
                m.background = True  # a plan or threat; 'ils tomberont mardi 14 mai' told afterwards is not
        return article

    def _timed(self, m, tok, phrases, resolved, sent) -> ResolvedDate | None:
        """The day of an occurrence told inside a phrase that dates the clause around it by a span of time ('deux
        jours après avoir reconquis Gao'): the clause's day less the span ('après'), or plus it ('avant'); None
        when the phrase has a date of its own or the clause has no day."""
        timed = timed_by(tok)  # (a noun in a timed noun phrase, 'trois jours après une attaque à la bombe', is
        # often the occurrence the clause's killing belongs to: its day stays the clause's; one inside a timed
        # clause, 'a day after clashes there killed 15 people', is that clause's)
        if timed is None or tok.pos_ not in ("VERB", "AUX") and timed[0].pos_ not in ("VERB", "AUX"):
            return None
        head, seq, unit = timed
        inside = {t.idx for t in head.subtree}
        if m.date is not None and m.date.span is not None and m.date.span.start in inside:
            return None  # ('cinq jours après l'attentat du 3 mars': that date is its own)
        anchor = self._in_sentence(phrases, resolved, sent, head.head)
        if anchor is None and not m.dated_here:
            anchor = m.date  # 'Ce raid a eu lieu trois jours après que...': the day the story gave it so far
        if anchor is None or anchor.precision != 1 or (anchor.span is not None and anchor.span.start in inside):
            return None
        words, numbers = words_of(tok), get_pack(lang_of(tok)).numbers
        number = next((c for c in unit.children if c.dep_ == "nummod"), None)
        count = numbers.parse_count(number.text) if number is not None else 1  # ('une semaine après')
        if count is None:
            return None
        days = count * words.time_units[unit.lemma_]
        day = date.fromisoformat(anchor.iso) + timedelta(days=-days if seq.lower_ in words.after_words else days)
        start, end = min(unit.idx, seq.idx), max(unit.idx + len(unit.text), seq.idx + len(seq.text))
        return ResolvedDate(day.isoformat(), 1 if words.time_units[unit.lemma_] <= 1 else 2,
                            Span(start, end, tok.doc.text[start:end]))

    def _story_occurrence(self, m, occurrences, article: Article) -> ResolvedDate | None:
        """The day of the occurrence of the mention's family that the story dates in its own sentence ('Au moins
        treize personnes ont été tuées' in the lead, 'ont fait face lundi à une attaque' further down): an undated
        report of violence is that occurrence told again, not an event of the publication day. Of several, the
        first at one of the mention's places or inside its province ('des avions ont bombardé une ville de la province
        d'Idlib', 'ces bombardements de samedi' on a village of Idlib), else the first."""
        dated = [x for x in sorted(occurrences, key=lambda x: x.trigger)
                 if x.dated_here and x.date is not None and x.date.precision == 1 and not x.future
                 and FAMILY.get(x.event_type) == FAMILY.get(m.event_type) and not self._is_background(x.date, article)]
        return next((x.date for x in dated if any(_holds(p, q) or _holds(q, p) for p in m.places for q in x.places)),
                    dated[0].date if dated else None)

    def _resolve_all(self, phrases: list[DatePhrase], article: Article, published: date | None,
                     precision: int | None) -> dict[DatePhrase, ResolvedDate | None]:
        resolved = {}
        anchor = None
        # a day the text also gives with its year is that day again ('la tuerie du 3 mai' after 'le 3 mai
        # 2012'), not the latest 3 May before publication (one such year only, the day of
        # publication itself aside: a page's own timestamp)
        years: dict[tuple, set[int]] = {}
        for p in phrases:
            if p.spec and p.spec[0] == "dm" and p.spec[3] is not None and \
                    date(p.spec[3], p.spec[2], p.spec[1]) != published:
                years.setdefault(p.spec[1:3], set()).add(p.spec[3])
        for p in phrases:  # in text order, so 'le lendemain' is read against the last date told
            q = p
            if p.spec and p.spec[0] == "dm" and p.spec[3] is None and len(years.get(p.spec[1:3], ())) == 1:
                q = replace(p, spec=p.spec[:3] + (min(years[p.spec[1:3]]),) + p.spec[4:])
            resolved[p] = self._resolve(q, article, published, precision, anchor)
            if resolved[p] is not None and resolved[p].precision == 1:
                anchor = date.fromisoformat(resolved[p].iso)
        return resolved

    @staticmethod
    def _story_day(phrases, resolved, article: Article) -> date | None:
        """The day a story with a month-only header is told: its dateline ('KHARTOUM, 16 avril (Reuters) -'),
        else the latest day it names with its weekday ('dimanche 24 avril'), within the month of publication."""
        month = article.published.isoformat()[:7]
        days = [(p, resolved[p]) for p in phrases
                if resolved.get(p) is not None and resolved[p].precision == 1 and resolved[p].iso[:7] == month]
        for p, r in days:
            line = article.text[article.text.rfind("\n", 0, p.start) + 1:p.start]
            if p.start - article.body_start < 400 and DATELINE.search(line):
                return date.fromisoformat(r.iso)
        named = [date.fromisoformat(r.iso) for p, r in days if names_its_weekday(p)]
        return max(named) if named else None

    def _resolve(self, phrase: DatePhrase, article: Article, published: date | None, precision: int | None,
                 anchor: date | None) -> ResolvedDate | None:
        r = resolve(phrase, published, precision, anchor=anchor)
        if r is None or self._after_publication(r, article):
            return None  # what the dispatch reports has happened: a later date belongs to a plan
        return ResolvedDate(r.iso, r.precision, Span(phrase.start, phrase.end, phrase.text),
                            overnight=phrase.kind == "overnight" and r.precision == 1)

    @staticmethod
    def _after_publication(r: ResolvedDate, article: Article) -> bool:
        if article.published is None:
            return False
        days = period(r.iso)
        return days is not None and days[0] > publication_end(article.published, article.published_precision)

    @staticmethod
    def _in_sentence(phrases, resolved, sent, tok, announcements: bool = False) -> ResolvedDate | None:
        """The date phrase of the trigger's sentence that governs it; with `announcements`, one that dates only
        the sentence's verb of saying ('ont annoncé jeudi')."""
        elsewhere = other_occurrence_chars(tok)  # 'une semaine après que l'armée a repris Fallouja le 26 juin'
        inside = [p for p in phrases if sent.start_char <= p.start < sent.end_char and resolved.get(p)
                  and p.start not in elsewhere and _dates_the_report(p, sent, tok) == announcements]
        if not inside:
            return None
        clause = {t.idx for t in tok.head.subtree} if tok.dep_ != "ROOT" else {t.idx for t in tok.subtree}
        in_clause = [p for p in inside if any(p.start <= i < p.end for i in clause)]
        pool = in_clause or inside
        best = min(pool, key=lambda p: abs(p.start - tok.idx))
        return resolved[best]

    @staticmethod
    def _earlier(phrases, resolved, article: Article, sent) -> ResolvedDate | None:
        """The date of the nearest earlier sentence of the paragraph that has one; a day that only dates an
        announcement ('selon le communiqué que l'état-major a diffusé jeudi') only when the paragraph has no
        other."""
        para = paragraph_of(article, sent.start_char)
        before = [p for p in phrases if p.start < sent.start_char and resolved.get(p)
                  and paragraph_of(article, p.start) == para and resolved[p].precision <= 3]
        before = [p for p in before if not _announces(p, article.doc)] or before
        if before:
            return resolved[before[-1]]
        return None

    @staticmethod
    def _lead(article: Article, sents) -> set[int]:
        """The indexes of the story's headline and first sentence of the body."""
        first = next((i for i, s in enumerate(sents) if s.end_char > article.body_start), 0)
        lead = {first}
        if first + 1 < len(sents) and in_headline(article, sents[first][0]):
            lead.add(first + 1)
        return lead

    @staticmethod
    def _publication(article: Article) -> ResolvedDate | None:
        if article.published is None:
            return None
        if article.published_precision == 1:
            return ResolvedDate(article.published.isoformat(), 1, None)
        return ResolvedDate(article.published.isoformat()[:7], 3, None)

    @staticmethod
    def _before_publication(d: ResolvedDate | None, article: Article) -> bool:
        if d is None or article.published is None or d.precision > 1:
            return False
        days = period(d.iso)  # with only the month of publication known, any day of it may be past
        return days is not None and days[0] <= publication_end(article.published, article.published_precision)

    def _context(self, m, latest: date | None, article: Article) -> bool:
        """An occurrence the story tells as the context of its own: dated by its words to a day more than
        `context_days` before the latest day the story tells ('l'attaque du 7 octobre' in a story of 17 November).
        (An occurrence dated only to the month before publication is not judged so: 'mi-octobre' in a story of
        10 November may be news, and the annotation guide counts two months.)"""
        if not m.dated_here or m.date is None or m.future:
            return False
        if m.date.precision != 1 or latest is None:
            return False
        return (latest - date.fromisoformat(m.date.iso)).days > self.options.context_days

    def _is_background(self, d: ResolvedDate | None, article: Article) -> bool:
        if d is None:
            return False
        return is_background(d, article.published, article.published_precision, days=self.options.background_days)
