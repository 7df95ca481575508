"""Key words of a question written in another language, glossed into English before the question is read.

Discord servers are multilingual, and people ask "cuál es el mejor modelo open para coding?" or "wie weit hinten sind
open modelle beim reasoning?" in their own language, often mixed with English terms. The parser's rules and its
intent model read English: left alone, such a question loses its intent ("mejor" is not "best") and its domain
("programación" is not coding). A full translation model would cost seconds and hundreds of MB at start-up; the
words a gap question hangs on are few, so they are glossed from a table instead.

Only words that are not English words are listed (never "die", "das", "que", "como", "esta", "come"), so that an
English question is never changed. The table covers the languages met in the evaluation set's questions (Spanish,
Portuguese, French, German, Italian, Indonesian) and a few domain words of Dutch, Polish and the Nordic languages;
multi-word phrases come first so that "qué tan atrás" is read whole before "atrás".
"""

from __future__ import annotations

import re
import unicodedata

# English meaning -> the foreign words and phrases that carry it (lowercase; accents optional, see _fold).
_MEANINGS: dict[str, tuple[str, ...]] = {
    "how far behind": ("que tan atras", "cuan atras", "o quao atras", "quao atras", "a quel point en retard",
                       "wie weit hinten", "wie weit zuruck", "wie weit hinterher", "quanto indietro",
                       "seberapa jauh ketinggalan", "seberapa tertinggal"),
    "how far": ("que tan lejos", "wie weit", "seberapa jauh"),
    "how much": ("cuanto", "quanto", "combien", "wie viel", "wieviel"),
    "behind": ("atras", "en retard", "hinten", "zuruck", "hinterher", "indietro", "ketinggalan", "tertinggal"),
    "ahead": ("adelante", "a frente", "en avance", "vorne", "davanti", "unggul"),
    "the best": ("el mejor", "la mejor", "o melhor", "a melhor", "le meilleur", "la meilleure", "il migliore",
                 "der beste", "das beste", "paling bagus"),
    "best": ("mejor", "mejores", "melhor", "melhores", "meilleur", "meilleure", "meilleurs", "beste", "besten",
             "bestes", "migliore", "migliori", "terbaik"),
    "which": ("cual", "cuales", "qual", "quais", "quel", "quelle", "welches", "welcher", "welche", "quale"),
    "what is": ("c'est quoi", "qu'est-ce que", "was ist"),
    "why": ("por que", "porque", "pourquoi", "warum", "wieso", "weshalb", "perche", "kenapa", "mengapa"),
    "when": ("cuando", "quando", "quand", "wann", "kapan"),
    "the gap": ("la brecha", "la diferencia", "a diferenca", "a lacuna", "l'ecart", "die lucke", "der abstand",
                "il divario", "kesenjangan"),
    "gap": ("brecha", "diferencia", "diferenca", "lacuna", "ecart", "lucke", "abstand", "divario", "selisih"),
    "shrinking": ("se esta cerrando", "se cierra", "se reduce", "reduciendo", "achicando", "diminuindo",
                  "encolhendo", "fechando", "se reduit", "se resserre", "diminue", "retrecit", "schrumpft",
                  "kleiner", "si riduce", "diminuendo", "menyempit", "mengecil"),
    "catch up": ("alcanzar", "alcanzaron", "alcancar", "alcancaram", "rattraper", "rattrape", "aufholen",
                 "aufgeholt", "raggiungere", "ngejar", "mengejar"),
    "now": ("ahora mismo", "ahora", "agora", "en ce moment", "maintenant", "actuellement", "jetzt", "aktuell",
            "adesso", "sekarang"),
    "models": ("modelos", "modeles", "modelle", "modelli"),
    "model": ("modelo", "modele", "modell", "modello"),
    "open": ("abiertos", "abierto", "abiertas", "abierta", "abertos", "aberto", "ouverts", "ouvert", "offene",
             "offenen", "offenes", "aperti", "terbuka"),
    "closed": ("cerrados", "cerrado", "fechados", "fechado", "fermes", "ferme", "geschlossene", "geschlossenen",
               "proprietarios", "proprietaires", "chiusi", "tertutup"),
    "coding": ("programacion", "programacao", "programmation", "programmieren", "programmierung",
               "programmazione", "pemrograman", "programmeren", "programowanie"),
    # "mathe": German for maths as people say it (a letter from "math", and no English word)
    "math": ("matematicas", "matematica", "mathematiques", "mathematik", "mathe", "matematika", "matematik",
             "matematyka", "wiskunde"),
    "reasoning": ("razonamiento", "raciocinio", "raisonnement", "schlussfolgern", "ragionamento", "penalaran"),
    "compared to": ("comparado con", "frente a", "comparado com", "im vergleich zu", "rispetto a",
                    "dibanding"),
    "chinese": ("chineses", "chinois", "chinesischen", "chinesische", "cinesi"),
    # a follow-up's first words ("et sur le raisonnement ?", "ja, und wie war das vor einem jahr?"): the previous
    # question again, on that domain or at that date
    "and on the": ("et sur le", "et sur la", "et sur l'", "et en la", "y en el", "y en la", "und beim", "e nel",
                   "e nella"),
    "and on": ("et sur", "et en", "e em", "e no", "e na", "y en", "und bei", "und im", "e su", "e sul", "dan di"),
    "and": ("und",),
    "ok": ("ja", "oui"),
    "how was it": ("wie war das", "wie war es", "como era", "c'etait comment", "com'era"),
    "a year ago": ("vor einem jahr", "hace un ano", "il y a un an", "ha um ano", "un anno fa", "setahun lalu"),
}


def _fold(text: str) -> str:
    """`text` without accents ("atrás" -> "atras", "lücke" -> "lucke"), so that both spellings are one entry."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_GLOSS = {phrase: meaning for meaning, phrases in _MEANINGS.items() for phrase in phrases}
# Longest phrases first: "que tan atras" before "atras", "el mejor" before "mejor".
_FOREIGN = re.compile(r"(?<![\w'])(" + "|".join(re.escape(p) for p in sorted(_GLOSS, key=len, reverse=True))
                      + r")(?![\w'])")
_ACCENTED = re.compile(r"[^\x00-\x7f]")


def gloss(low: str) -> str:
    """`low` (a lowercased question) with the foreign words above replaced by their English meaning; an English
    question comes back unchanged. Accents are folded only inside a glossed word, never elsewhere (model names and
    quotes keep their spelling)."""
    folded = _fold(low) if _ACCENTED.search(low) else low
    if len(folded) != len(low):  # a character that folds to two or none: gloss the folded text as a whole
        return _FOREIGN.sub(lambda m: _GLOSS[m.group(1)], folded)
    out, last = [], 0
    for m in _FOREIGN.finditer(folded):  # same length: replace the spans in the original, accents kept elsewhere
        out += [low[last:m.start()], _GLOSS[m.group(1)]]
        last = m.end()
    return "".join(out) + low[last:]
